import { describe, expect, it } from "vitest";
import { customizationCss } from "./customization-css.js";

describe("the UI customization's CSS on cognate's pages", () => {
  it("widens each customizable class to the layout's element, pseudo-classes kept", () => {
    const css = customizationCss(
      ".submitButton-customizable:hover { background-color: #286090; } .inputField-customizable:focus { border-color: red; } .label-customizable { color: #333; }",
    );
    expect(css).toContain(
      '.submitButton-customizable:hover, .cognate-submit:hover, .cognate-form button[type="submit"]:hover {',
    );
    expect(css).toContain(".inputField-customizable:focus, .cognate-field input:focus {");
    expect(css).toContain(".label-customizable, .cognate-field label {");
    expect(css).toContain("color: #333;");
  });

  it("keeps classes the layout has no element for, and serves nothing of a sheet the checker refuses", () => {
    expect(customizationCss(".legalText-customizable { color: gray; }")).toBe(
      ".legalText-customizable {\n  color: gray;\n}\n",
    );
    expect(customizationCss("body { background: url(https://evil.example/x) }")).toBe("");
    expect(customizationCss(".label-customizable { color: red } </style><script>")).toBe("");
  });
});
