import type { Context } from "../context.js";
import { compilePattern, expandText, matchPattern, type Pattern } from "../pattern.js";
import type { ConditionClause } from "../types.js";
import { membership, NONE, UNRESOLVED, type Matcher, type Words } from "./matcher.js";
import { showPattern } from "./reason.js";

type Kind = "equals" | "ignoreCase" | "like";

// Negated operators are read in their positive form; the modifiers negate.
const KINDS: Readonly<Record<string, Kind>> = {
  StringEquals: "equals",
  StringNotEquals: "equals",
  StringEqualsIgnoreCase: "ignoreCase",
  StringNotEqualsIgnoreCase: "ignoreCase",
  StringLike: "like",
  StringNotLike: "like",
};

const WORDS: Readonly<Record<Kind, Words>> = {
  equals: membership("equals", "equal to"),
  ignoreCase: membership("equals (ignoring case)", "equal (ignoring case) to"),
  like: membership("is like", "like"),
};

const NO_CONTEXT: Context = new Map();
const same = (text: string) => text;
const lower = (text: string) => text.toLowerCase();

/**
 * Compiles the String operators' values: `StringEquals` (case-sensitive), `StringEqualsIgnoreCase`,
 * `StringLike` (`*` and `?`), and their `Not` forms (read as the positive form).
 * Under `variables`, `${...}` is substituted literally: a substituted `*` is never a wildcard.
 */
export function compileString(clause: ConditionClause, variables: boolean): Matcher {
  const kind = KINDS[clause.base];
  if (kind === undefined) throw new TypeError(`not a String operator: ${clause.base}`);
  const patterns = clause.values.map((value) => compilePattern(value, { glob: kind === "like", variables }));
  const fold = kind === "ignoreCase" ? lower : same;
  // Values without variables (the usual case) are looked up, not scanned.
  const fixed = new Map<string, number>();
  const scanned: number[] = [];
  patterns.forEach((pattern, i) => {
    if (kind === "like" || pattern.hasVariables) scanned.push(i);
    else {
      const key = fold(expandText(pattern, NO_CONTEXT)!);
      if (!fixed.has(key)) fixed.set(key, i);
    }
  });
  const scan = (value: string, context: Context): number => {
    let unresolved = false;
    for (const i of scanned) {
      const matched = matches(kind, patterns[i]!, value, fold, context);
      if (matched === true) return i;
      if (matched === undefined) unresolved = true;
    }
    return unresolved ? UNRESOLVED : NONE;
  };
  return {
    words: WORDS[kind],
    test: (value, context) =>
      fixed.size === 0 ? scan(value, context) : (fixed.get(fold(value)) ?? scan(value, context)),
    invalid: () => "cannot be compared",
    show: (index, context) => showPattern(patterns[index]!, context),
  };
}

// `undefined`: a variable is unresolved.
function matches(
  kind: Kind,
  pattern: Pattern,
  value: string,
  fold: (text: string) => string,
  context: Context,
): boolean | undefined {
  if (kind === "like") return matchPattern(pattern, value, context);
  const text = expandText(pattern, context);
  return text === undefined ? undefined : fold(text) === fold(value);
}
