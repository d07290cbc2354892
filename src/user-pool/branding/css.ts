/**
 * The classic hosted UI's CSS (SetUICustomization): a sheet of plain rules whose selectors are
 * only the 18 documented `.{name}-customizable` classes. Everything that could reach beyond
 * styling those elements is refused, the whole sheet with it (Cognito's console says other
 * selectors are ignored; one project reports the whole sheet refused [obs]): at-rules, `url(`,
 * `expression(`, `image(`/`image-set(` and other functions that fetch, `javascript:`, `<` (so no
 * `</style`), backslash escapes (which could spell any of those), nesting, and unbalanced quotes
 * or comments. What passes is safe inside a `<style>` element and as a stylesheet.
 */
import { InvalidParameterException } from "../../protocol/json/index.js";

/** The 18 selectors SetUICustomization allows [doc]. */
export const CUSTOMIZABLE_SELECTORS: ReadonlySet<string> = new Set(
  [
    "background",
    "banner",
    "errorMessage",
    "idpButton",
    "idpButton:hover",
    "idpDescription",
    "inputField",
    "inputField:focus",
    "label",
    "legalText",
    "logo",
    "passwordCheck-valid",
    "passwordCheck-notValid",
    "redirect",
    "socialButton",
    "submitButton",
    "submitButton:hover",
    "textDescription",
  ].map((name) => {
    const [base, pseudo] = name.split(":");
    return `.${base}-customizable${pseudo === undefined ? "" : `:${pseudo}`}`;
  }),
);

/** One rule of a checked sheet. */
export interface CssRule {
  selectors: string[];
  declarations: { property: string; value: string }[];
}

// Anywhere in the sheet (comments removed first): what could load, run or break out.
const FORBIDDEN: readonly [RegExp, string][] = [
  [/\\/, "escapes"],
  [/</, "'<'"],
  [/@/, "at-rules"],
  [/\burl\s*\(/i, "url()"],
  [/\bexpression\s*\(/i, "expression()"],
  [/\bimage(-set)?\s*\(/i, "image()"],
  [/\b(cross-fade|element|paint|src|env|attr)\s*\(/i, "functions that fetch or read the page"],
  [/javascript\s*:/i, "javascript:"],
  [/-moz-binding|\bbehavior\s*:/i, "bindings"],
];

const PROPERTY = /^-?[a-z][a-z0-9-]*$/;

/** The message of a refused sheet ([?] words: AWS's are unknown). */
const refused = (why: string) => new InvalidParameterException(`The CSS is not valid: ${why}.`);

/** The sheet without its comments; an unterminated one is refused. */
function withoutComments(css: string): string {
  let out = "";
  let i = 0;
  let quote: string | null = null;
  while (i < css.length) {
    const ch = css[i]!;
    if (quote !== null) {
      if (ch === quote) quote = null;
      else if (ch === "\n" || ch === "\r") throw refused("a string runs past the end of its line");
      else if (ch === "{" || ch === "}") throw refused("braces inside a string are not allowed");
      out += ch;
      i++;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      out += ch;
      i++;
    } else if (ch === "/" && css[i + 1] === "*") {
      const end = css.indexOf("*/", i + 2);
      if (end < 0) throw refused("a comment is not closed");
      out += " ";
      i = end + 2;
    } else {
      out += ch;
      i++;
    }
  }
  if (quote !== null) throw refused("a string is not closed");
  return out;
}

/** Splits `text` at `separator` outside quotes. */
function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote !== null) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === separator) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/**
 * Checks a SetUICustomization sheet; returns its rules, or throws InvalidParameterException for a
 * selector outside the 18, or anything that is not a plain declaration.
 *
 * @example
 * ```ts
 * parseCustomizationCss(".submitButton-customizable { background-color: #337ab7; }"); // one rule
 * parseCustomizationCss("body { display: none }"); // throws InvalidParameterException
 * ```
 */
export function parseCustomizationCss(css: string): CssRule[] {
  const text = withoutComments(css);
  for (const [pattern, what] of FORBIDDEN) if (pattern.test(text)) throw refused(`${what} are not allowed`);
  const rules: CssRule[] = [];
  let rest = text;
  for (;;) {
    if (rest.trim() === "") return rules;
    const open = rest.indexOf("{");
    const close = rest.indexOf("}");
    if (open < 0 || close < open) throw refused("every rule must be a selector list and a block");
    const body = rest.slice(open + 1, close);
    if (body.includes("{")) throw refused("nested blocks are not allowed");
    const selectors = rest
      .slice(0, open)
      .split(",")
      .map((s) => s.trim().replace(/\s+/g, " "));
    for (const selector of selectors)
      if (!CUSTOMIZABLE_SELECTORS.has(selector))
        throw refused(`the selector '${selector.slice(0, 64)}' is not one of the customizable classes`);
    const declarations: CssRule["declarations"] = [];
    for (const part of splitOutsideQuotes(body, ";")) {
      if (part.trim() === "") continue;
      const colon = part.indexOf(":");
      const property = colon < 0 ? "" : part.slice(0, colon).trim().toLowerCase();
      const value = colon < 0 ? "" : part.slice(colon + 1).trim();
      if (!PROPERTY.test(property) || value === "" || /[{}]/.test(value))
        throw refused(`'${part.trim().slice(0, 64)}' is not a declaration`);
      declarations.push({ property, value });
    }
    rules.push({ selectors, declarations });
    rest = rest.slice(close + 1);
  }
}

/**
 * The sheet as cognate serves it: the checked rules written out afresh (nothing of the input
 * but selectors from the list, property names and checked values).
 */
export function serializeCss(rules: readonly CssRule[]): string {
  return rules
    .map(
      (rule) =>
        `${rule.selectors.join(", ")} {\n${rule.declarations.map((d) => `  ${d.property}: ${d.value};\n`).join("")}}\n`,
    )
    .join("");
}
