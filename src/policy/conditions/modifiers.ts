import type { Context, ContextEntry } from "../context.js";
import type { ConditionClause, ConditionResult } from "../types.js";
import { INVALID, NONE, UNRESOLVED, type Matcher } from "./matcher.js";
import { adjOf, bracketed, clip, isNoneOf, isOneOf, joined, outcome } from "./reason.js";

/**
 * The modifiers around a base operator: missing keys, `...IfExists`, multivalued keys, and the
 * `ForAnyValue:`/`ForAllValues:` set operators. Semantics follow iam-simulate (section 5.1 of the
 * IAM reference notes), which these tests check case by case.
 */

/**
 * Does the base operator hold for one request value? Several policy values are OR'ed: a positive
 * operator needs one to match; a negated one needs none to match and every comparison to be
 * possible (a request value of the wrong shape fails `NotIpAddress` too, as in iam-simulate).
 */
function holds(clause: ConditionClause, found: number): boolean {
  return clause.negated ? found === NONE : found >= 0;
}

function shownValues(clause: ConditionClause, matcher: Matcher, context: Context): string[] {
  return clause.values.map((_, i) => matcher.show(i, context));
}

/** One request value's comparison, in words: `aws:SourceIp 198.51.100.7 is in none of 203.0.113.0/24`. */
function sentence(
  subject: string,
  value: string,
  found: number,
  clause: ConditionClause,
  matcher: Matcher,
  context: Context,
): string {
  if (found === INVALID) return `${subject} ${clip(value)} ${matcher.invalid(value)}`;
  if (found === UNRESOLVED) {
    const shown = joined(shownValues(clause, matcher, context));
    return `${subject} ${clip(value)} cannot be compared, a policy variable is unresolved: ${shown}`;
  }
  if (found >= 0) return `${subject} ${clip(value)} ${matcher.words.yes} ${matcher.show(found, context)}`;
  return `${subject} ${clip(value)} ${isNoneOf(matcher.words, shownValues(clause, matcher, context))}`;
}

/**
 * An operator without a set prefix. An absent key satisfies negated and `...IfExists` operators
 * only (whatever the policy values' variables). A present key compared with a value whose variable
 * is unresolved satisfies neither positive nor negated operators. A multivalued key (given as a list, even of one value) satisfies none, negated and
 * `...IfExists` ones included: iam-simulate's reading, which AWS confirmed (re:Inforce 2025, IAM431).
 */
export function evaluateSingle(
  clause: ConditionClause,
  entry: ContextEntry | undefined,
  matcher: Matcher,
  context: Context,
): ConditionResult {
  if (entry === undefined)
    return outcome(clause, clause.ifExists || clause.negated, () => `${clause.key} is absent`);
  if (entry.multi) {
    return outcome(
      clause,
      false,
      () =>
        `${clause.key} ${bracketed(entry.values)} is multivalued: ${clause.operator} needs ForAnyValue: or ForAllValues:`,
    );
  }
  const value = entry.values[0] ?? "";
  const found = matcher.test(value, context);
  return outcome(clause, holds(clause, found), () =>
    sentence(clause.key, value, found, clause, matcher, context),
  );
}

/**
 * `ForAnyValue:`: some request value satisfies the base operator (for a negated base: some request
 * value matches none of the policy values). False when the key is absent or empty, `IfExists` or
 * not: iam-simulate ignores `IfExists` on set operators, and so does AWS for an absent key.
 */
export function evaluateForAnyValue(
  clause: ConditionClause,
  entry: ContextEntry | undefined,
  matcher: Matcher,
  context: Context,
): ConditionResult {
  if (entry === undefined) return outcome(clause, false, () => `${clause.key} is absent`);
  const subject = `${clause.key} value`;
  for (const value of entry.values) {
    const found = matcher.test(value, context);
    if (holds(clause, found))
      return outcome(clause, true, () => sentence(subject, value, found, clause, matcher, context));
  }
  return outcome(clause, false, () => {
    if (entry.values.length === 0) return `${clause.key} has no values`;
    const shown = shownValues(clause, matcher, context);
    if (!clause.negated)
      return `${clause.key} ${bracketed(entry.values)} has no value ${adjOf(matcher.words, shown)}`;
    for (const value of entry.values) {
      const found = matcher.test(value, context);
      if (found === INVALID || found === UNRESOLVED)
        return sentence(subject, value, found, clause, matcher, context);
    }
    return `every ${subject} in ${bracketed(entry.values)} ${isOneOf(matcher.words, shown)}`;
  });
}

/**
 * `ForAllValues:`: every request value satisfies the base operator (for a negated base: no request
 * value matches any policy value). True when the key is absent or empty.
 */
export function evaluateForAllValues(
  clause: ConditionClause,
  entry: ContextEntry | undefined,
  matcher: Matcher,
  context: Context,
): ConditionResult {
  if (entry === undefined) return outcome(clause, true, () => `${clause.key} is absent`);
  const subject = `${clause.key} value`;
  for (const value of entry.values) {
    const found = matcher.test(value, context);
    if (!holds(clause, found))
      return outcome(clause, false, () => sentence(subject, value, found, clause, matcher, context));
  }
  return outcome(clause, true, () => {
    if (entry.values.length === 0) return `${clause.key} has no values`;
    const shown = shownValues(clause, matcher, context);
    const phrase = clause.negated ? isNoneOf(matcher.words, shown) : isOneOf(matcher.words, shown);
    return `every ${subject} in ${bracketed(entry.values)} ${phrase}`;
  });
}
