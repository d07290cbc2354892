import { describe, expect, it } from "vitest";
import { brandingCss, colorSchemeMode, cssColour, cssRadius } from "./branding-css.js";

const settings = (over: Record<string, unknown>) => over;

describe("a managed-login branding as CSS", () => {
  it("renders a light page background and primary button as custom properties and rules", () => {
    const css = brandingCss(
      settings({
        components: {
          pageBackground: { lightMode: { color: "0972D3ff" }, darkMode: { color: "000000ff" } },
          primaryButton: { lightMode: { defaults: { backgroundColor: "ff0000ff", textColor: "ffffff" } } },
        },
      }),
    );
    expect(css).toContain("color-scheme: light;");
    expect(css).toContain("--cognate-page-background: #0972d3ff;");
    expect(css).toContain("body { background-color: var(--cognate-page-background); }");
    expect(css).toContain("--cognate-button-background: #ff0000ff;");
    expect(css).toContain("--cognate-button-text: #ffffff;");
    expect(css).not.toContain("#000000ff"); // LIGHT: the dark values are not used
    expect(css).not.toContain("@media");
  });

  it("DARK uses the dark values; DYNAMIC puts each under prefers-color-scheme", () => {
    const both = {
      components: { pageBackground: { lightMode: { color: "eeeeeeff" }, darkMode: { color: "111111ff" } } },
    };
    const dark = brandingCss({ ...both, categories: { global: { colorSchemeMode: "DARK" } } });
    expect(dark).toContain("color-scheme: dark;");
    expect(dark).toContain("#111111ff");
    expect(dark).not.toContain("#eeeeeeff");
    const dynamic = brandingCss({ ...both, categories: { global: { colorSchemeMode: "DYNAMIC" } } });
    expect(dynamic).toContain("color-scheme: light dark;");
    expect(dynamic).toMatch(/@media \(prefers-color-scheme: light\) \{[^@]*#eeeeeeff/);
    expect(dynamic).toMatch(/@media \(prefers-color-scheme: dark\) \{[^@]*#111111ff/);
  });

  it("renders the form, input, link and focus settings and the radii", () => {
    const css = brandingCss({
      components: {
        form: { borderRadius: 8, lightMode: { backgroundColor: "fafafaff", borderColor: "ccccccff" } },
      },
      componentClasses: {
        buttons: { borderRadius: 4 },
        input: {
          borderRadius: 2,
          lightMode: { defaults: { backgroundColor: "ffffffff", borderColor: "888888ff" } },
        },
        link: { lightMode: { defaults: { textColor: "0000ffff" }, hover: { textColor: "000088ff" } } },
        focusState: { lightMode: { borderColor: "00ff00ff" } },
      },
    });
    for (const expected of [
      "--cognate-form-background: #fafafaff;",
      "--cognate-form-border: #ccccccff;",
      "--cognate-form-radius: 8px;",
      "--cognate-button-radius: 4px;",
      "--cognate-input-radius: 2px;",
      "--cognate-input-background: #ffffffff;",
      "--cognate-input-border: #888888ff;",
      "--cognate-link: #0000ffff;",
      "--cognate-link-hover: #000088ff;",
      "--cognate-focus: #00ff00ff;",
    ])
      expect(css).toContain(expected);
  });

  it("lets nothing but colours and numbers through", () => {
    const css = brandingCss({
      components: {
        pageBackground: { lightMode: { color: "red;} body{background:url(https://evil)" } },
        form: { borderRadius: "1px;}*{x:y" },
      },
    });
    expect(css).not.toContain("evil");
    expect(css).not.toContain("x:y");
    expect(cssColour("12345")).toBeUndefined();
    expect(cssColour("0972d3")).toBe("#0972d3");
    expect(cssRadius(-1)).toBeUndefined();
    expect(cssRadius(1000)).toBeUndefined();
    expect(cssRadius(12)).toBe("12px");
    expect(colorSchemeMode({ categories: { global: { colorSchemeMode: "PURPLE" } } })).toBe("LIGHT");
    expect(brandingCss(null)).toBe("");
  });
});
