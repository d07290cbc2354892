/**
 * The hosted UI's languages: Cognito managed login's `lang` values, their catalogues, and the
 * choice of one for a request. The choice is the request's `lang` parameter when it is one of
 * {@link LANGUAGES}, else the `lang` cookie (set when a valid `lang` arrives, for a year), else
 * `en`; an unknown `lang` is ignored, never an error.
 */
import type { Context } from "hono";
import { readCookie, setCookie } from "../../cookies.js";
import type { Hosted } from "../../hosted.js";
import { de } from "./de.js";
import { type Catalogue, en, type MessageKey } from "./en.js";
import { es } from "./es.js";
import { fr } from "./fr.js";
import { id } from "./id.js";
import { it } from "./it.js";
import { ja } from "./ja.js";
import { ko } from "./ko.js";
import { ptBR } from "./pt-BR.js";
import { zhCN } from "./zh-CN.js";
import { zhTW } from "./zh-TW.js";

export type { Catalogue, MessageKey } from "./en.js";

/** Every language's catalogue, by its `lang` value. */
export const CATALOGUES: Readonly<Record<string, Catalogue>> = {
  de,
  en,
  es,
  fr,
  id,
  it,
  ja,
  ko,
  "pt-BR": ptBR,
  "zh-CN": zhCN,
  "zh-TW": zhTW,
};

/** The `lang` values the pages take (managed login's). */
export const LANGUAGES: readonly string[] = Object.keys(CATALOGUES);

/** The cookie that keeps the chosen language. */
export const LANG_COOKIE = "lang";
const YEAR_SECONDS = 365 * 24 * 60 * 60;

/** Whether `lang` is one of {@link LANGUAGES}. */
export const isLanguage = (lang: string | undefined): lang is string =>
  lang !== undefined && Object.hasOwn(CATALOGUES, lang);

/** The catalogue of `lang`, or English's. */
export function messagesFor(lang: string | undefined): Catalogue {
  return isLanguage(lang) ? CATALOGUES[lang]! : en;
}

/** A request's language: its `lang`, the catalogue, and the cookie to set when `lang` came with it. */
export interface PageLanguage {
  lang: string;
  t: Catalogue;
  /** `Set-Cookie` keeping a `lang` the request gave. */
  setCookie?: string;
}

/** The language of the request's pages (see the module's comment). */
export function pageLanguage(c: Context, hosted: Hosted): PageLanguage {
  const asked = c.req.query("lang");
  if (isLanguage(asked))
    return {
      lang: asked,
      t: CATALOGUES[asked]!,
      setCookie: setCookie(hosted, LANG_COOKIE, asked, YEAR_SECONDS),
    };
  const kept = readCookie(c, hosted, LANG_COOKIE);
  const lang = isLanguage(kept) ? kept : "en";
  return { lang, t: CATALOGUES[lang]! };
}

/**
 * `template` with each `{name}` replaced by `values[name]` (a placeholder without a value stays).
 *
 * @example
 * ```ts
 * format(en.codeSentTo, { destination: "+*******0100" }); // "We sent it to +*******0100."
 * ```
 */
export function format(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{([A-Za-z]+)\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? String(values[name]) : whole,
  );
}

/** Languages whose labels go lower-case inside a sentence ("Enter your email."). */
const LOWER_IN_SENTENCE = new Set(["en", "es", "fr", "id", "it", "pt-BR"]);

/** A field's label as it reads inside a sentence of `lang`. */
export const inSentence = (lang: string, label: string): string =>
  LOWER_IN_SENTENCE.has(lang) ? label.toLowerCase() : label;

/** English message → its key, for the words that reach a page in English (the API's, the pages' own). */
const KEY_OF_ENGLISH: ReadonlyMap<string, MessageKey> = new Map(
  (Object.entries(en) as [MessageKey, string][]).map(([key, text]) => [text, key]),
);
const POLICY_PREFIX = "Password did not conform with policy: ";

/**
 * `message` in `t`'s language when the catalogue knows it (an operation's error such as
 * "Incorrect username or password.", or a page's own English words), else as given.
 */
export function localize(t: Catalogue, message: string): string {
  const key = KEY_OF_ENGLISH.get(message);
  if (key !== undefined) return t[key];
  if (message.startsWith(POLICY_PREFIX)) {
    const problem = KEY_OF_ENGLISH.get(message.slice(POLICY_PREFIX.length));
    if (problem !== undefined) return format(t.passwordPolicy, { problem: t[problem] });
  }
  return message;
}
