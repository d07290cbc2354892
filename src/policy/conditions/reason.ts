import type { Context } from "../context.js";
import { expandText, type Pattern } from "../pattern.js";
import { whyUnresolved } from "../unresolved.js";
import type { ConditionClause, ConditionResult } from "../types.js";
import type { Words } from "./matcher.js";

/** Text helpers for `ConditionResult.reason`: short, and never quoting a whole hostile header. */

const MAX_TEXT = 80;
const MAX_LIST = 5;

/** A value cut to about 80 characters. */
export function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

/** Request values as a bracketed list: `[orders/read, orders/write]`, the first five of them. */
export function bracketed(values: readonly string[]): string {
  return `[${joined(values)}]`;
}

/** Values joined by commas, the first five of them, each clipped. */
export function joined(values: readonly string[]): string {
  const shown = values.slice(0, MAX_LIST).map(clip).join(", ");
  return values.length > MAX_LIST ? `${shown}, … (${values.length - MAX_LIST} more)` : shown;
}

/** `is in 203.0.113.0/24`, or `is in one of 203.0.113.0/24, 198.51.100.0/24`. */
export function isOneOf(words: Words, shown: readonly string[]): string {
  return shown.length === 1 ? `${words.yes} ${shown[0]}` : `${words.yes} one of ${joined(shown)}`;
}

/** `is in none of 203.0.113.0/24`, `is not less than 300`, or `is not less than any of 300, 600`. */
export function isNoneOf(words: Words, shown: readonly string[]): string {
  const phrase = shown.length > 1 && !words.no.endsWith(" of") ? `${words.no} any of` : words.no;
  return `${phrase} ${joined(shown)}`;
}

/** `like admin/*`, or `like any of admin/*, ops/*`: after "has no value". */
export function adjOf(words: Words, shown: readonly string[]): string {
  return shown.length === 1 ? `${words.adj} ${shown[0]}` : `${words.adj} any of ${joined(shown)}`;
}

/**
 * A policy value with variables, as shown: `${aws:username} (bob)`, or with why it is unresolved:
 * `${aws:username} (unresolved: aws:username is absent)`.
 */
export function showPattern(pattern: Pattern, context: Context): string {
  if (!pattern.hasVariables) return clip(pattern.source);
  const text = expandText(pattern, context);
  if (text !== undefined) return `${clip(pattern.source)} (${clip(text)})`;
  const why = new Set<string>();
  for (const variable of pattern.variables) why.add(whyUnresolved(variable, context) ?? "");
  why.delete("");
  return `${clip(pattern.source)} (unresolved: ${[...why].join(", ")})`;
}

/**
 * A condition result whose reason is worded only when read: conditions run on every request,
 * reasons are read for explanations and logs.
 */
export function outcome(clause: ConditionClause, matched: boolean, explain: () => string): ConditionResult {
  let reason: string | undefined;
  return {
    clause,
    matched,
    get reason() {
      return (reason ??= explain());
    },
  };
}
