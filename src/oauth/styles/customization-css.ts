/**
 * The classic UI customization's CSS as the pages serve it: each `.X-customizable` selector also
 * reaches the element of cognate's own markup that plays that part (the sign-in pages' layout
 * uses `cognate-*` classes), so a sheet written for Cognito's hosted UI styles every page. The
 * sheet is re-checked on the way out (B's checker); a sheet it refuses is not served.
 */
import { type CssRule, parseCustomizationCss, serializeCss } from "../../user-pool/branding/css.js";

/** The layout's elements for each customizable class (pseudo-classes carried over). */
const MARKUP: Readonly<Record<string, readonly string[]>> = {
  ".background-customizable": ["body"],
  ".banner-customizable": [".cognate-card > .cognate-logo"],
  ".logo-customizable": [".cognate-logo"],
  ".label-customizable": [".cognate-field label"],
  ".inputField-customizable": [".cognate-field input"],
  ".submitButton-customizable": [".cognate-submit", '.cognate-form button[type="submit"]'],
  ".errorMessage-customizable": [".cognate-error", ".cognate-field-error"],
  ".redirect-customizable": [".cognate-link"],
  ".textDescription-customizable": [".cognate-hint", ".cognate-notice"],
};

function widen(selector: string): string[] {
  const at = selector.indexOf(":");
  const base = at < 0 ? selector : selector.slice(0, at);
  const pseudo = at < 0 ? "" : selector.slice(at);
  return [selector, ...(MARKUP[base] ?? []).map((s) => `${s}${pseudo}`)];
}

/**
 * The sheet with its selectors widened to cognate's markup, or `""` for a sheet the checker refuses.
 *
 * @example
 * ```ts
 * customizationCss(".label-customizable { color: #333; }");
 * // ".label-customizable, .cognate-field label {\n  color: #333;\n}\n"
 * ```
 */
export function customizationCss(css: string): string {
  let rules: CssRule[];
  try {
    rules = parseCustomizationCss(css);
  } catch {
    return "";
  }
  return serializeCss(rules.map((rule) => ({ ...rule, selectors: rule.selectors.flatMap(widen) })));
}
