import type { ContextValue, RequestContext } from "./types.js";

/** A request context key's values, as IAM sees them: strings, single- or multivalued. */
export interface ContextEntry {
  readonly values: readonly string[];
  /** Given as an array: a multivalued key (set operators apply; never a policy variable). */
  readonly multi: boolean;
}

/** Request context keyed by lower-cased key name: condition keys are case-insensitive. */
export type Context = ReadonlyMap<string, ContextEntry>;

const EMPTY: Context = new Map();

function stringOf(value: string | number | boolean): string {
  return typeof value === "string" ? value : String(value);
}

function entryOf(value: ContextValue): ContextEntry {
  if (Array.isArray(value))
    return { values: (value as readonly (string | number | boolean)[]).map(stringOf), multi: true };
  return { values: [stringOf(value as string | number | boolean)], multi: false };
}

/**
 * Normalizes a request context once per request: lower-cased keys, string values.
 * Keys whose value is `undefined` are absent.
 */
export function normalizeContext(context: RequestContext | Context | undefined): Context {
  if (context === undefined) return EMPTY;
  if (context instanceof Map) return context;
  const map = new Map<string, ContextEntry>();
  for (const [key, value] of Object.entries(context as RequestContext)) {
    if (value !== undefined) map.set(key.toLowerCase(), entryOf(value));
  }
  return map;
}

/** The value of a single-valued key, for a policy variable; `undefined` when absent or multivalued. */
export function singleValue(context: Context, keyLower: string): string | undefined {
  const entry = context.get(keyLower);
  return entry !== undefined && !entry.multi ? entry.values[0] : undefined;
}
