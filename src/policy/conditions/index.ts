import type { Context } from "../context.js";
import type { ConditionClause, ConditionResult } from "../types.js";
import { compileArn } from "./arn.js";
import { compileBinary } from "./binary.js";
import { compileBool } from "./bool.js";
import { compileDate } from "./date.js";
import { compileIp } from "./ip.js";
import type { Matcher } from "./matcher.js";
import { evaluateForAllValues, evaluateForAnyValue, evaluateSingle } from "./modifiers.js";
import { evaluateNull } from "./null.js";
import { compileNumeric } from "./numeric.js";
import { compileString } from "./string.js";

// Policy values are compiled once per clause (patterns, numbers, dates, CIDRs), not per request.
// A clause belongs to one policy, so one of the two caches is ever used for it.
const compiled = [new WeakMap<ConditionClause, Matcher>(), new WeakMap<ConditionClause, Matcher>()] as const;

function compile(clause: ConditionClause, variables: boolean): Matcher {
  switch (clause.family) {
    case "String":
      return compileString(clause, variables);
    case "Arn":
      return compileArn(clause, variables);
    case "Numeric":
      return compileNumeric(clause);
    case "Date":
      return compileDate(clause);
    case "Bool":
      return compileBool(clause);
    case "Binary":
      return compileBinary(clause);
    case "Ip":
      return compileIp(clause);
    case "Null":
      throw new TypeError("Null has no values to compile");
  }
}

function matcherFor(clause: ConditionClause, variables: boolean): Matcher {
  const cache = compiled[variables ? 1 : 0];
  let matcher = cache.get(clause);
  if (matcher === undefined) {
    matcher = compile(clause, variables);
    cache.set(clause, matcher);
  }
  return matcher;
}

/**
 * Evaluates one condition clause against a request context, as AWS IAM does: the base operator
 * (per family), several policy values OR'ed (for negated operators: none may match), missing keys,
 * `...IfExists`, and `ForAnyValue:`/`ForAllValues:`.
 *
 * `variables`: the policy's Version is 2012-10-17, so `${...}` in String and Arn values is
 * substituted (literally: a substituted `*` is no wildcard); otherwise it is plain text.
 *
 * @example
 * ```ts
 * const context = normalizeContext({ "aws:SourceIp": "198.51.100.7" });
 * const result = evaluateCondition(statement.conditions[0], context, true);
 * result.matched; // false
 * result.reason;  // "aws:SourceIp 198.51.100.7 is in none of 203.0.113.0/24"
 * ```
 */
export function evaluateCondition(
  clause: ConditionClause,
  context: Context,
  variables: boolean,
): ConditionResult {
  const entry = context.get(clause.keyLower);
  if (clause.family === "Null") return evaluateNull(clause, entry);
  const matcher = matcherFor(clause, variables);
  switch (clause.set) {
    case undefined:
      return evaluateSingle(clause, entry, matcher, context);
    case "ForAnyValue":
      return evaluateForAnyValue(clause, entry, matcher, context);
    case "ForAllValues":
      return evaluateForAllValues(clause, entry, matcher, context);
  }
}
