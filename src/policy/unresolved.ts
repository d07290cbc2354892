import type { Context } from "./context.js";
import { type Fold, leavesSegment, type Pattern, type Variable, substitutedValue } from "./pattern.js";

/**
 * Why a policy variable cannot be resolved, in words, for explanations: the key is absent from the
 * request context, or multivalued, or the variable is malformed. Under Version 2012-10-17 such a
 * variable never matches, and a statement that needs it to decide does not apply.
 */

/** Why `variable` cannot be resolved against `context` (`aws:username is absent`), or `undefined` when it can. */
export function whyUnresolved(variable: Variable, context: Context): string | undefined {
  if (variable.key === undefined) return "not a well-formed variable";
  if (variable.fallback !== undefined) return undefined;
  const entry = context.get(variable.key);
  if (entry === undefined) return `${variable.name} is absent`;
  if (entry.multi) return `${variable.name} is multivalued`;
  return undefined;
}

/**
 * Why `pattern`'s variables cannot be resolved, joined by "; ", or `undefined` when they all can.
 *
 * @example
 * ```ts
 * unresolvedIn(compilePattern("home/${aws:username}/*", { glob: true, variables: true }), new Map());
 * // "${aws:username} cannot be resolved: aws:username is absent"
 * ```
 */
export function unresolvedIn(pattern: Pattern, context: Context): string | undefined {
  const reasons: string[] = [];
  for (const variable of pattern.variables) {
    const why = whyUnresolved(variable, context);
    const reason = `${variable.source} cannot be resolved: ${why}`;
    if (why !== undefined && !reasons.includes(reason)) reasons.push(reason);
  }
  return reasons.length === 0 ? undefined : reasons.join("; ");
}

/** What every reason of {@link outsideSegmentIn} ends with. */
export const AGAINST_THE_CALLER = "decided against the caller";

/**
 * Why `pattern`, a Resource or NotResource entry, is decided against the caller because a
 * variable's value is empty or holds `/`, or has no spelling under `fold` (see `breaksSegment`), or
 * `undefined` when no value does.
 *
 * @example
 * ```ts
 * outsideSegmentIn(compilePattern("home/${aws:username}/*", { glob: true, variables: true }), context);
 * // '${aws:username} is "alice/docs", which is no text within one path segment: decided against the caller'
 * ```
 */
export function outsideSegmentIn(pattern: Pattern, context: Context, fold?: Fold): string | undefined {
  const reasons: string[] = [];
  for (const variable of pattern.variables) {
    const value = substitutedValue(variable, context);
    if (value === undefined || value === null) continue;
    const folded = substitutedValue(variable, context, fold);
    const what =
      folded === null
        ? "has no one spelling in lower case"
        : leavesSegment(value)
          ? "is no text within one path segment"
          : undefined;
    if (what === undefined) continue;
    const reason = `${variable.source} is ${JSON.stringify(value)}, which ${what}: ${AGAINST_THE_CALLER}`;
    if (!reasons.includes(reason)) reasons.push(reason);
  }
  return reasons.length === 0 ? undefined : reasons.join("; ");
}
