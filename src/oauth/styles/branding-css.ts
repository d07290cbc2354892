/**
 * A managed-login branding's settings as CSS over the default stylesheet: each honoured colour
 * and radius becomes a custom property (`--cognate-page-background`, ...) and a rule that uses
 * it, so that only what the branding sets changes. `colorSchemeMode` picks the light values
 * (LIGHT), the dark ones (DARK), or both under `prefers-color-scheme` (DYNAMIC). Nothing from the
 * settings reaches the CSS unless it is a colour (`RRGGBB` or `RRGGBBAA` hex) or a number.
 *
 * Honoured (the rest of a branding document is stored as given and not rendered):
 * `categories.global.colorSchemeMode`; `components.pageBackground.*Mode.color`;
 * `components.form.*Mode.{backgroundColor,borderColor}`, `components.form.borderRadius`;
 * `components.primaryButton.*Mode.{defaults,hover,active}.{backgroundColor,textColor}`;
 * `componentClasses.buttons.borderRadius`; `componentClasses.input.*Mode.defaults.{backgroundColor,
 * borderColor}`, `componentClasses.input.*Mode.placeholderColor`, `componentClasses.input.borderRadius`;
 * `componentClasses.inputLabel.*Mode.textColor`; `componentClasses.link.*Mode.{defaults,hover}.textColor`;
 * `componentClasses.focusState.*Mode.borderColor`; `components.pageText.*Mode.{bodyColor,
 * headingColor,descriptionColor}`. (The PAGE_BACKGROUND image: page-background.ts.)
 */

type Mode = "lightMode" | "darkMode";

/** A custom property: where its value is in the settings, and the rule that uses it. */
interface Property {
  name: string;
  /** The path below the mode (`color`, `defaults.backgroundColor`). */
  at: (settings: unknown, mode: Mode) => unknown;
  rule: string;
}

const get = (value: unknown, ...path: string[]): unknown => {
  let here = value;
  for (const key of path) {
    if (here === null || typeof here !== "object" || Array.isArray(here)) return undefined;
    here = (here as Record<string, unknown>)[key];
  }
  return here;
};

const component =
  (kind: "components" | "componentClasses", name: string, ...path: string[]) =>
  (settings: unknown, mode: Mode) =>
    get(settings, kind, name, mode, ...path);

const BUTTON = '.submitButton-customizable, .cognate-form button[type="submit"]';
const INPUT = '.inputField-customizable, .cognate-form input:not([type="hidden"])';
const FORM = ".cognate-card";

/** The colours, each per mode. */
const COLOURS: readonly Property[] = [
  {
    name: "page-background",
    at: component("components", "pageBackground", "color"),
    rule: "body { background-color: VAR; }",
  },
  {
    name: "form-background",
    at: component("components", "form", "backgroundColor"),
    rule: `${FORM} { background-color: VAR; }`,
  },
  {
    name: "form-border",
    at: component("components", "form", "borderColor"),
    rule: `${FORM} { border-color: VAR; }`,
  },
  {
    name: "button-background",
    at: component("components", "primaryButton", "defaults", "backgroundColor"),
    rule: `${BUTTON} { background-color: VAR; border-color: VAR; }`,
  },
  {
    name: "button-text",
    at: component("components", "primaryButton", "defaults", "textColor"),
    rule: `${BUTTON} { color: VAR; }`,
  },
  {
    name: "button-hover-background",
    at: component("components", "primaryButton", "hover", "backgroundColor"),
    rule: '.submitButton-customizable:hover, .cognate-form button[type="submit"]:hover { background-color: VAR; border-color: VAR; }',
  },
  {
    name: "button-hover-text",
    at: component("components", "primaryButton", "hover", "textColor"),
    rule: '.submitButton-customizable:hover, .cognate-form button[type="submit"]:hover { color: VAR; }',
  },
  {
    name: "button-active-background",
    at: component("components", "primaryButton", "active", "backgroundColor"),
    rule: '.submitButton-customizable:active, .cognate-form button[type="submit"]:active { background-color: VAR; }',
  },
  {
    name: "input-background",
    at: component("componentClasses", "input", "defaults", "backgroundColor"),
    rule: `${INPUT} { background-color: VAR; }`,
  },
  {
    name: "input-border",
    at: component("componentClasses", "input", "defaults", "borderColor"),
    rule: `${INPUT} { border-color: VAR; }`,
  },
  {
    name: "input-placeholder",
    at: component("componentClasses", "input", "placeholderColor"),
    rule: "input::placeholder { color: VAR; }",
  },
  {
    name: "label",
    at: component("componentClasses", "inputLabel", "textColor"),
    rule: "label, .label-customizable { color: VAR; }",
  },
  {
    name: "link",
    at: component("componentClasses", "link", "defaults", "textColor"),
    rule: "a, .redirect-customizable a { color: VAR; }",
  },
  {
    name: "link-hover",
    at: component("componentClasses", "link", "hover", "textColor"),
    rule: "a:hover, .redirect-customizable a:hover { color: VAR; }",
  },
  {
    name: "focus",
    at: component("componentClasses", "focusState", "borderColor"),
    rule: `${INPUT.replace(/, /g, ":focus, ")}:focus, a:focus-visible, button:focus-visible { border-color: VAR; outline-color: VAR; }`,
  },
  { name: "text", at: component("components", "pageText", "bodyColor"), rule: `${FORM} { color: VAR; }` },
  { name: "heading", at: component("components", "pageText", "headingColor"), rule: "h1 { color: VAR; }" },
  {
    name: "description",
    at: component("components", "pageText", "descriptionColor"),
    rule: ".textDescription-customizable, .cognate-hint { color: VAR; }",
  },
];

/** The radii, the same in both modes. */
const RADII: readonly { name: string; at: (settings: unknown) => unknown; rule: string }[] = [
  {
    name: "form-radius",
    at: (s) => get(s, "components", "form", "borderRadius"),
    rule: `${FORM} { border-radius: VAR; }`,
  },
  {
    name: "button-radius",
    at: (s) => get(s, "componentClasses", "buttons", "borderRadius"),
    rule: `${BUTTON} { border-radius: VAR; }`,
  },
  {
    name: "input-radius",
    at: (s) => get(s, "componentClasses", "input", "borderRadius"),
    rule: `${INPUT} { border-radius: VAR; }`,
  },
];

/** `#rrggbb[aa]` from the settings' `RRGGBB[AA]`, or `undefined` for anything else. */
export function cssColour(value: unknown): string | undefined {
  return typeof value === "string" && /^([0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/.test(value)
    ? `#${value.toLowerCase()}`
    : undefined;
}

/** `Npx` from a number of pixels in 0..100, or `undefined`. */
export function cssRadius(value: unknown): string | undefined {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 && value <= 100
    ? `${Math.round(value * 10) / 10}px`
    : undefined;
}

/** The colour scheme: LIGHT (the default), DARK or DYNAMIC. */
export function colorSchemeMode(settings: unknown): "LIGHT" | "DARK" | "DYNAMIC" {
  const mode = get(settings, "categories", "global", "colorSchemeMode");
  return mode === "DARK" || mode === "DYNAMIC" ? mode : "LIGHT";
}

function modeBlock(settings: unknown, mode: Mode): string {
  const set = COLOURS.flatMap((p) => {
    const colour = cssColour(p.at(settings, mode));
    return colour === undefined ? [] : [{ p, colour }];
  });
  if (set.length === 0) return "";
  const vars = set.map(({ p, colour }) => `  --cognate-${p.name}: ${colour};`).join("\n");
  const rules = set.map(({ p }) => p.rule.replaceAll("VAR", `var(--cognate-${p.name})`)).join("\n");
  return `:root {\n${vars}\n}\n${rules}\n`;
}

const indent = (css: string) =>
  css
    .split("\n")
    .map((line) => (line === "" ? line : `  ${line}`))
    .join("\n");

/**
 * The CSS of a branding's settings (empty for none).
 *
 * @example
 * ```ts
 * brandingCss({ components: { pageBackground: { lightMode: { color: "0972d3ff" } } } });
 * // ":root {\n  color-scheme: light;\n}\n:root {\n  --cognate-page-background: #0972d3ff;\n}\nbody { background-color: var(--cognate-page-background); }\n"
 * ```
 */
export function brandingCss(settings: unknown): string {
  if (settings === null || typeof settings !== "object") return "";
  const scheme = colorSchemeMode(settings);
  const radii = RADII.flatMap((p) => {
    const radius = cssRadius(p.at(settings));
    return radius === undefined
      ? []
      : [
          `:root { --cognate-${p.name}: ${radius}; }\n${p.rule.replaceAll("VAR", `var(--cognate-${p.name})`)}\n`,
        ];
  }).join("");
  if (scheme === "DYNAMIC") {
    const light = modeBlock(settings, "lightMode");
    const dark = modeBlock(settings, "darkMode");
    return (
      ":root {\n  color-scheme: light dark;\n}\n" +
      (light === "" ? "" : `@media (prefers-color-scheme: light) {\n${indent(light)}}\n`) +
      (dark === "" ? "" : `@media (prefers-color-scheme: dark) {\n${indent(dark)}}\n`) +
      radii
    );
  }
  const mode = scheme === "DARK" ? "darkMode" : "lightMode";
  return `:root {\n  color-scheme: ${scheme === "DARK" ? "dark" : "light"};\n}\n${modeBlock(settings, mode)}${radii}`;
}
