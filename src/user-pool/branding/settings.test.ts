import { describe, expect, it } from "vitest";
import { checkSettings, mergeSettings } from "./settings.js";
import { DEFAULT_SETTINGS } from "./defaults.js";

const message = (settings: unknown) => {
  try {
    checkSettings(settings);
  } catch (error) {
    return (error as Error).message;
  }
  return "accepted";
};

// AWS's published style, abridged (terraform's example).
const PUBLISHED = {
  categories: {
    auth: {
      authMethodOrder: [
        [
          { display: "BUTTON", type: "FEDERATED" },
          { display: "INPUT", type: "USERNAME_PASSWORD" },
        ],
      ],
      federation: { interfaceStyle: "BUTTON_LIST", order: [] },
    },
    form: {
      displayGraphics: true,
      instructions: { enabled: false },
      languageSelector: { enabled: false },
      location: { horizontal: "CENTER", vertical: "CENTER" },
      sessionTimerDisplay: "NONE",
    },
    global: {
      colorSchemeMode: "LIGHT",
      pageFooter: { enabled: false },
      pageHeader: { enabled: false },
      spacingDensity: "REGULAR",
    },
    signUp: { acceptanceElements: [{ enforcement: "NONE", textKey: "en" }] },
  },
  componentClasses: {
    buttons: { borderRadius: 8 },
    divider: { darkMode: { borderColor: "232b37ff" }, lightMode: { borderColor: "ebebf0ff" } },
    dropDown: {
      borderRadius: 8,
      darkMode: { defaults: { itemBackgroundColor: "192534ff" }, hover: { itemTextColor: "89bdeeff" } },
    },
    focusState: { darkMode: { borderColor: "539fe5ff" }, lightMode: { borderColor: "0972d3ff" } },
    idpButtons: { icons: { enabled: true } },
    input: {
      borderRadius: 8,
      lightMode: {
        defaults: { backgroundColor: "ffffffff", borderColor: "7d8998ff" },
        placeholderColor: "5f6b7aff",
      },
    },
    link: { lightMode: { defaults: { textColor: "0972d3ff" }, hover: { textColor: "033160ff" } } },
    statusIndicator: {
      lightMode: {
        error: { backgroundColor: "fff7f7ff", borderColor: "d91515ff", indicatorColor: "d91515ff" },
      },
    },
  },
  components: {
    alert: {
      borderRadius: 12,
      lightMode: { error: { backgroundColor: "fff7f7ff", borderColor: "d91515ff" } },
    },
    favicon: { enabledTypes: ["ICO", "SVG"] },
    form: {
      borderRadius: 8,
      backgroundImage: { enabled: false },
      lightMode: { backgroundColor: "ffffffff", borderColor: "c6c6cdff" },
      logo: { enabled: false, formInclusion: "IN", location: "CENTER", position: "TOP" },
    },
    pageHeader: {
      backgroundImage: { enabled: false },
      lightMode: { background: { color: "fafafaff" }, borderColor: "d5dbdbff" },
      logo: { enabled: false, location: "START" },
    },
    pageText: {
      lightMode: { bodyColor: "414d5cff", descriptionColor: "414d5cff", headingColor: "000716ff" },
    },
    phoneNumberSelector: { displayType: "TEXT" },
    primaryButton: { lightMode: { defaults: { backgroundColor: "0972d3ff", textColor: "ffffffff" } } },
  },
};

describe("checkSettings", () => {
  it("accepts AWS's published keys and the defaults", () => {
    expect(message(PUBLISHED)).toBe("accepted");
    expect(message(DEFAULT_SETTINGS)).toBe("accepted");
    expect(message({})).toBe("accepted");
  });

  it("refuses unknown keys, wrong kinds and bad colours, in floci's measured words", () => {
    expect(message({ components: { pageBackround: {} } })).toBe(
      "Invalid settings provided. Validation errors: [{property: $.components.pageBackround, errorType: UnknownProperty}]",
    );
    expect(message({ components: { pageBackground: { lightMode: { color: "#ffffff" } } } })).toBe(
      "Invalid settings provided. Validation errors: [{property: $.components.pageBackground.lightMode.color, errorType: InvalidValue}]",
    );
    expect(
      message({ categories: { global: { colorSchemeMode: "SEPIA", pageHeader: { enabled: "yes" } } } }),
    ).toBe(
      "Invalid settings provided. Validation errors: [{property: $.categories.global.colorSchemeMode, errorType: InvalidValue}, {property: $.categories.global.pageHeader.enabled, errorType: InvalidType}]",
    );
    expect(message({ componentClasses: { buttons: { borderRadius: "8px" } } })).toMatch(
      /borderRadius, errorType: InvalidType/,
    );
    expect(message({ components: { primaryButton: { lightMode: { defaults: { textColor: 1 } } } } })).toMatch(
      /defaults.textColor, errorType: InvalidType/,
    );
    expect(message({ categories: { auth: { authMethodOrder: [[{ display: 1 }]] } } })).toMatch(
      /authMethodOrder\[0\]\[0\].display, errorType: InvalidType/,
    );
    expect(message("not an object")).toMatch(/property: \$, errorType: InvalidType/);
    // A key named like a prototype member is no member of the schema.
    expect(message(JSON.parse('{"__proto__":{},"constructor":{}}'))).toBe(
      "Invalid settings provided. Validation errors: [{property: $.__proto__, errorType: UnknownProperty}, {property: $.constructor, errorType: UnknownProperty}]",
    );
  });
});

describe("mergeSettings", () => {
  it("lays objects over objects and replaces everything else", () => {
    expect(mergeSettings({ a: { b: 1, c: [1, 2] }, d: "x" }, { a: { c: [3] }, e: true })).toEqual({
      a: { b: 1, c: [3] },
      d: "x",
      e: true,
    });
    expect(mergeSettings(undefined, { a: 1 })).toEqual({ a: 1 });
  });
});
