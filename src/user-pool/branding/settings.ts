/**
 * Managed-login Settings (a Smithy document): checked against the keys of AWS's published style
 * (managed-login.md §4.2). An unknown key, or a value of the wrong kind, is refused with the
 * words floci measured on AWS ([code floci]; AWS answers a mistyped value with a 500, cognate
 * with a 400 [?]). Subtrees whose inner keys are not published (button states, alerts) are taken
 * as any JSON object. Colours are `RRGGBBAA` hex without `#`.
 */
import { InvalidParameterException } from "../../protocol/json/index.js";

/** What a settings value may be. */
type Rule =
  | "color"
  | "boolean"
  | "number"
  | "string"
  | "object" // any JSON object (inner keys unpublished)
  | { enum: readonly string[] }
  | { list: Rule }
  | { [key: string]: Rule };

const mode = (rule: Rule): Rule => ({ lightMode: rule, darkMode: rule });
const enabled: Rule = { enabled: "boolean" };
const colorScheme = { enum: ["LIGHT", "DARK", "DYNAMIC"] } as const;
const band: Rule = {
  backgroundImage: enabled,
  ...(mode({ background: { color: "color" }, borderColor: "color" }) as Record<string, Rule>),
  logo: { enabled: "boolean", location: "string" },
};
const button: Rule = mode({ defaults: "object", hover: "object", active: "object", disabled: "object" });

/** The Settings document's schema. */
export const SETTINGS_SCHEMA: Rule = {
  categories: {
    global: {
      colorSchemeMode: colorScheme,
      spacingDensity: "string",
      pageHeader: enabled,
      pageFooter: enabled,
    },
    auth: {
      authMethodOrder: { list: { list: { display: "string", type: "string" } } },
      federation: { interfaceStyle: "string", order: { list: "string" } },
    },
    form: {
      displayGraphics: "boolean",
      location: { horizontal: "string", vertical: "string" },
      instructions: enabled,
      languageSelector: enabled,
      sessionTimerDisplay: "string",
    },
    signUp: { acceptanceElements: { list: { enforcement: "string", textKey: "string" } } },
  },
  componentClasses: {
    buttons: { borderRadius: "number" },
    divider: mode({ borderColor: "color" }),
    dropDown: {
      borderRadius: "number",
      ...(mode({ defaults: "object", hover: "object", match: "object" }) as Record<string, Rule>),
    },
    focusState: mode({ borderColor: "color" }),
    idpButtons: { icons: enabled },
    input: {
      borderRadius: "number",
      ...(mode({
        defaults: { backgroundColor: "color", borderColor: "color" },
        placeholderColor: "color",
      }) as Record<string, Rule>),
    },
    inputDescription: mode({ textColor: "color" }),
    inputLabel: mode({ textColor: "color" }),
    link: mode({ defaults: { textColor: "color" }, hover: { textColor: "color" } }),
    optionControls: mode({ defaults: "object", selected: "object" }),
    statusIndicator: mode({ error: "object", pending: "object", success: "object", warning: "object" }),
  },
  components: {
    alert: "object",
    favicon: { enabledTypes: { list: { enum: ["ICO", "SVG"] } } },
    form: {
      backgroundImage: enabled,
      borderRadius: "number",
      ...(mode({ backgroundColor: "color", borderColor: "color" }) as Record<string, Rule>),
      logo: { enabled: "boolean", formInclusion: "string", location: "string", position: "string" },
    },
    idpButton: {
      custom: "object",
      standard: mode({ defaults: "object", hover: "object", active: "object" }),
    },
    pageBackground: { image: enabled, ...(mode({ color: "color" }) as Record<string, Rule>) },
    pageHeader: band,
    pageFooter: band,
    pageText: mode({ bodyColor: "color", descriptionColor: "color", headingColor: "color" }),
    phoneNumberSelector: { displayType: "string" },
    primaryButton: button,
    secondaryButton: button,
  },
};

const COLOR = /^[0-9a-fA-F]{8}$/;
const MAX_DEPTH = 12;

interface Problem {
  property: string;
  errorType: "UnknownProperty" | "InvalidType" | "InvalidValue";
}

function check(value: unknown, rule: Rule, path: string, depth: number, problems: Problem[]): void {
  if (problems.length >= 10) return;
  if (depth > MAX_DEPTH) {
    problems.push({ property: path, errorType: "InvalidValue" });
    return;
  }
  const object = isObject(value) ? value : null;
  if (rule === "color") {
    if (typeof value !== "string") problems.push({ property: path, errorType: "InvalidType" });
    else if (!COLOR.test(value)) problems.push({ property: path, errorType: "InvalidValue" });
  } else if (rule === "boolean" || rule === "number" || rule === "string") {
    if (typeof value !== rule) problems.push({ property: path, errorType: "InvalidType" });
  } else if (rule === "object") {
    if (object === null) problems.push({ property: path, errorType: "InvalidType" });
    else checkFree(object, path, depth + 1, problems);
  } else if (isEnumRule(rule)) {
    if (typeof value !== "string") problems.push({ property: path, errorType: "InvalidType" });
    else if (!rule.enum.includes(value)) problems.push({ property: path, errorType: "InvalidValue" });
  } else if (isListRule(rule)) {
    if (!Array.isArray(value)) problems.push({ property: path, errorType: "InvalidType" });
    else
      for (const [i, item] of value.entries()) check(item, rule.list, `${path}[${i}]`, depth + 1, problems);
  } else {
    if (object === null) {
      problems.push({ property: path, errorType: "InvalidType" });
      return;
    }
    const members = rule as Record<string, Rule>;
    for (const [key, inner] of Object.entries(object)) {
      const sub = Object.hasOwn(members, key) ? members[key] : undefined;
      if (sub === undefined) problems.push({ property: `${path}.${key}`, errorType: "UnknownProperty" });
      else check(inner, sub, `${path}.${key}`, depth + 1, problems);
    }
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isEnumRule = (rule: object): rule is { enum: readonly string[] } =>
  Object.keys(rule).length === 1 && Array.isArray((rule as { enum?: unknown }).enum);
// A list rule is `{ list: rule }` alone (no settings key is named "list").
const isListRule = (rule: object): rule is { list: Rule } => Object.keys(rule).length === 1 && "list" in rule;

// A subtree whose keys are unpublished: any JSON, colours still checked by their key's name.
function checkFree(value: Record<string, unknown>, path: string, depth: number, problems: Problem[]): void {
  for (const [key, inner] of Object.entries(value)) {
    const at = `${path}.${key}`;
    if (/color$/i.test(key)) check(inner, "color", at, depth, problems);
    else if (isObject(inner)) check(inner, "object", at, depth, problems);
    else if (depth > MAX_DEPTH) problems.push({ property: at, errorType: "InvalidValue" });
  }
}

/**
 * Checks a Settings document; throws InvalidParameterException listing what is wrong (at most
 * ten), in floci's measured form: `Invalid settings provided. Validation errors: [{property:
 * $.components.x, errorType: UnknownProperty}]`.
 *
 * @example
 * ```ts
 * checkSettings({ components: { pageBackground: { lightMode: { color: "ffffffff" } } } }); // passes
 * checkSettings({ colour: 1 }); // throws: [{property: $.colour, errorType: UnknownProperty}]
 * ```
 */
export function checkSettings(settings: unknown): void {
  const problems: Problem[] = [];
  check(settings, SETTINGS_SCHEMA, "$", 0, problems);
  if (problems.length > 0)
    throw new InvalidParameterException(
      `Invalid settings provided. Validation errors: [${problems.map((p) => `{property: ${p.property}, errorType: ${p.errorType}}`).join(", ")}]`,
    );
}

/**
 * `base` with `patch` laid over it, object by object (arrays and other values replace): how
 * Create and Update keep every setting a request leaves out.
 */
export function mergeSettings(base: unknown, patch: unknown): unknown {
  if (!isObject(base) || !isObject(patch)) return patch;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) merged[key] = mergeSettings(base[key], value);
  return merged;
}
