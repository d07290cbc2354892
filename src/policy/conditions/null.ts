import type { ContextEntry } from "../context.js";
import type { ConditionClause, ConditionResult } from "../types.js";
import { bracketed, clip, outcome } from "./reason.js";

/**
 * `Null`: "true" holds when the key is absent, "false" when it is present (several values are
 * OR'ed; case-insensitive). A key given as an empty list is present, and `ForAnyValue:`/
 * `ForAllValues:` on `Null` change nothing, as in iam-simulate.
 */
export function evaluateNull(clause: ConditionClause, entry: ContextEntry | undefined): ConditionResult {
  const want = entry === undefined ? "true" : "false";
  const matched = clause.values.some((value) => value.toLowerCase() === want);
  return outcome(clause, matched, () => {
    if (entry === undefined) return `${clause.key} is absent`;
    return `${clause.key} is present (${entry.multi ? bracketed(entry.values) : clip(entry.values[0] ?? "")})`;
  });
}
