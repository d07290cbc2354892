import { describe, expect, it } from "vitest";
import { en } from "./en.js";
import { CATALOGUES, format, isLanguage, LANGUAGES, localize, messagesFor } from "./index.js";

const placeholders = (text: string) => [...text.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => m[1]).sort();

describe("the message catalogues", () => {
  it("are managed login's 11 languages", () => {
    expect([...LANGUAGES].sort()).toEqual(
      ["de", "en", "es", "fr", "id", "it", "ja", "ko", "pt-BR", "zh-CN", "zh-TW"].sort(),
    );
  });

  for (const lang of LANGUAGES)
    it(`${lang}: every key of en.ts and no other, each a non-blank string with en's placeholders`, () => {
      const catalogue = CATALOGUES[lang]!;
      expect(Object.keys(catalogue).sort()).toEqual(Object.keys(en).sort());
      for (const [key, text] of Object.entries(en)) {
        const translated = (catalogue as Record<string, unknown>)[key];
        expect(typeof translated, `${lang}.${key}`).toBe("string");
        expect((translated as string).trim(), `${lang}.${key}`).not.toBe("");
        expect(placeholders(translated as string), `${lang}.${key}`).toEqual(placeholders(text));
      }
    });

  it("are translated: no language but en leaves the sign-in words in English", () => {
    for (const lang of LANGUAGES.filter((l) => l !== "en")) {
      const t = CATALOGUES[lang]!;
      for (const key of ["signIn", "forgotPassword", "wrongCredentials", "signedOut"] as const)
        expect(t[key], `${lang}.${key}`).not.toBe(en[key]);
    }
  });
});

describe("messagesFor, format, localize", () => {
  it("takes only the 11 values, exactly; anything else is English", () => {
    expect(messagesFor("de").signIn).toBe("Anmelden");
    expect(messagesFor("pt-BR").signIn).toBe("Entrar");
    for (const other of [undefined, "", "xx", "DE", "de-DE", "pt", "zh", "__proto__", "constructor"]) {
      expect(isLanguage(other)).toBe(false);
      expect(messagesFor(other)).toBe(en);
    }
  });

  it("fills placeholders and leaves an unknown one", () => {
    expect(format(en.codeSentTo, { destination: "+*******0100" })).toBe("We sent it to +*******0100.");
    expect(format("{a} {b}", { a: 1 })).toBe("1 {b}");
  });

  it("translates the API's known words and the pages' own, and leaves anything else as given", () => {
    const de = messagesFor("de");
    expect(localize(de, "Incorrect username or password.")).toBe(
      "Falscher Benutzername oder falsches Passwort.",
    );
    expect(localize(de, en.enterUsername)).toBe(de.enterUsername);
    expect(localize(de, "Password did not conform with policy: Password must have numeric characters")).toBe(
      "Das Passwort entspricht nicht den Richtlinien: Das Passwort muss Ziffern enthalten",
    );
    expect(localize(de, "Password did not conform with policy: something new")).toBe(
      "Password did not conform with policy: something new",
    );
    expect(localize(de, "A message nobody catalogued.")).toBe("A message nobody catalogued.");
    expect(localize(en, "Incorrect username or password.")).toBe("Incorrect username or password.");
  });
});
