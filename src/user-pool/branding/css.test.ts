import { describe, expect, it } from "vitest";
import { CUSTOMIZABLE_SELECTORS, parseCustomizationCss, serializeCss } from "./css.js";

const refusal = (css: string) => {
  try {
    parseCustomizationCss(css);
  } catch (error) {
    return error as Error & { type?: string };
  }
  throw new Error(`accepted: ${css}`);
};

describe("parseCustomizationCss", () => {
  it("knows the 18 documented selectors", () => {
    expect(CUSTOMIZABLE_SELECTORS.size).toBe(18);
    expect(CUSTOMIZABLE_SELECTORS.has(".submitButton-customizable:hover")).toBe(true);
    expect(CUSTOMIZABLE_SELECTORS.has(".passwordCheck-notValid-customizable")).toBe(true);
  });

  it("accepts AWS's template sheet, comments, quotes and selector lists", () => {
    const css = `
      /* the banner */
      .banner-customizable { padding: 25px 0px 25px 0px; background-color: lightgray; }
      .submitButton-customizable, .idpButton-customizable {
        font-family: "Helvetica Neue", Arial;  color: #fff; background-color: #337ab7
      }
      .submitButton-customizable:hover { color: #fff; background-color: #286090; }
      .inputField-customizable:focus { border-color: #46b8da; outline: 0 }
      .logo-customizable { max-width: 60%; max-height: 30%; }`;
    const rules = parseCustomizationCss(css);
    expect(rules).toHaveLength(5);
    expect(rules[1]).toEqual({
      selectors: [".submitButton-customizable", ".idpButton-customizable"],
      declarations: [
        { property: "font-family", value: '"Helvetica Neue", Arial' },
        { property: "color", value: "#fff" },
        { property: "background-color", value: "#337ab7" },
      ],
    });
    expect(serializeCss(rules.slice(2, 3))).toBe(
      ".submitButton-customizable:hover {\n  color: #fff;\n  background-color: #286090;\n}\n",
    );
    expect(parseCustomizationCss("")).toEqual([]);
    expect(parseCustomizationCss("  /* nothing */ ")).toEqual([]);
  });

  it.each([
    ["another selector", "body { display: none }"],
    ["a descendant of an allowed class", ".banner-customizable a { color: red }"],
    ["a pseudo-class not listed", ".banner-customizable:hover { color: red }"],
    ["one bad selector in a list", ".banner-customizable, * { color: red }"],
    ["an id", "#banner { color: red }"],
    ["an at-rule", "@import 'https://evil.example/x.css';"],
    ["@media", "@media screen { .banner-customizable { color: red } }"],
    ["an at-rule hidden behind a comment", "@/**/import 'x';"],
    ["url()", ".banner-customizable { background: url(https://evil.example/beacon) }"],
    ["url() with spaces and a comment", ".banner-customizable { background: url /**/ (x) }"],
    ["URL() in capitals", ".banner-customizable { background: URL(x) }"],
    ["expression()", ".banner-customizable { width: expression(alert(1)) }"],
    ["image-set()", ".banner-customizable { background: image-set('x.png' 1x) }"],
    ["an escape that spells url", ".banner-customizable { background: \\75rl(x) }"],
    ["an escaped selector", ".banner\\-customizable { color: red }"],
    ["a closing style tag", ".banner-customizable { color: red } </style><script>alert(1)</script>"],
    ["a closing style tag in a string", '.banner-customizable { font-family: "</style>" }'],
    ["javascript:", ".banner-customizable { background: javascript:alert(1) }"],
    ["-moz-binding", ".banner-customizable { -moz-binding: x }"],
    ["behavior", ".banner-customizable { behavior: x }"],
    ["nesting", ".banner-customizable { .label-customizable { color: red } }"],
    ["a brace in a string", '.banner-customizable { font-family: "}" } body { color: red }'],
    ["an unclosed comment", ".banner-customizable { color: red } /*"],
    ["an unclosed string", '.banner-customizable { font-family: "x }'],
    ["an unclosed block", ".banner-customizable { color: red"],
    ["text outside a rule", "color: red;"],
    ["a declaration without a value", ".banner-customizable { color: }"],
    ["a bad property name", ".banner-customizable { co/lor: red }"],
  ])("refuses %s", (_what, css) => {
    const error = refusal(css);
    expect(error.name).toBe("InvalidParameterException");
    expect(error.message).toMatch(/^The CSS is not valid: /);
  });
});
