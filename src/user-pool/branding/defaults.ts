/**
 * The values a style without its own takes (UseCognitoProvidedValues, and ReturnMergedResources'
 * merge): the colours of AWS's published default style [code terraform]. cognate ships no stock
 * images, so the merge adds no assets.
 */
import type { JsonObject } from "../../storage/index.js";

const light = (value: JsonObject) => ({ lightMode: value });

/** The default Settings document. */
export const DEFAULT_SETTINGS: JsonObject = {
  categories: {
    global: {
      colorSchemeMode: "LIGHT",
      spacingDensity: "REGULAR",
      pageHeader: { enabled: false },
      pageFooter: { enabled: false },
    },
    form: { displayGraphics: true, location: { horizontal: "CENTER", vertical: "CENTER" } },
  },
  componentClasses: {
    buttons: { borderRadius: 8 },
    focusState: light({ borderColor: "0972d3ff" }),
    input: {
      borderRadius: 8,
      ...light({
        defaults: { backgroundColor: "ffffffff", borderColor: "7d8998ff" },
        placeholderColor: "5f6b7aff",
      }),
    },
    inputLabel: light({ textColor: "000716ff" }),
    inputDescription: light({ textColor: "5f6b7aff" }),
    link: { lightMode: { defaults: { textColor: "0972d3ff" }, hover: { textColor: "033160ff" } } },
  },
  components: {
    form: {
      borderRadius: 8,
      backgroundImage: { enabled: false },
      logo: { enabled: false, formInclusion: "IN", location: "CENTER", position: "TOP" },
      ...light({ backgroundColor: "ffffffff", borderColor: "c6c6cdff" }),
    },
    pageBackground: { image: { enabled: true }, ...light({ color: "ffffffff" }) },
    pageText: light({ bodyColor: "414d5cff", descriptionColor: "414d5cff", headingColor: "000716ff" }),
    primaryButton: {
      lightMode: {
        defaults: { backgroundColor: "0972d3ff", textColor: "ffffffff" },
        hover: { backgroundColor: "033160ff", textColor: "ffffffff" },
        active: { backgroundColor: "033160ff", textColor: "ffffffff" },
        disabled: { backgroundColor: "ffffffff", borderColor: "ffffffff" },
      },
    },
  },
};
