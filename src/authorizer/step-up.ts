import { type EvaluateOptions, evaluate, type Policies } from "../policy/evaluate.js";
import type { ConditionClause, EvaluationResult, PolicyRequest, StatementResult } from "../policy/types.js";

/** What to ask the client for (RFC 9470): authentication context classes and/or a maximum age. */
export interface StepUp {
  acrValues: readonly string[] | undefined;
  maxAge: number | undefined;
}

const AGE = "aws:multifactorauthage";

// The freshness a clause on aws:MultiFactorAuthAge demands: `age < n` in an Allow, `age > n` in a Deny.
function ageBound(clause: ConditionClause, effect: "Allow" | "Deny"): number | undefined {
  if (clause.keyLower !== AGE || clause.family !== "Numeric" || clause.set !== undefined) return undefined;
  const limit = Math.min(...clause.values.map(Number).filter(Number.isFinite));
  if (!Number.isFinite(limit)) return undefined;
  const base = clause.base;
  if (effect === "Allow" && base === "NumericLessThan") return Math.max(0, Math.ceil(limit) - 1);
  if (effect === "Allow" && base === "NumericLessThanEquals") return Math.floor(limit);
  if (effect === "Deny" && base === "NumericGreaterThan") return Math.floor(limit);
  if (effect === "Deny" && base === "NumericGreaterThanEquals") return Math.max(0, Math.ceil(limit) - 1);
  return undefined;
}

// The freshness a statement asks of MFA: its tightest age bound, or none.
function boundOf(r: StatementResult): number {
  let bound = Infinity;
  for (const clause of r.statement.conditions)
    bound = Math.min(bound, ageBound(clause, r.statement.effect) ?? Infinity);
  return bound;
}

/**
 * Would a denied request be allowed after a fresh MFA? It is evaluated again with
 * `aws:MultiFactorAuthPresent` true and `aws:MultiFactorAuthAge` 0, everything else unchanged:
 * when that allows, only MFA conditions stood in the way, and the answer is a step-up challenge.
 * `max_age` is what the statements that MFA changes ask: the loosest of the Allows it brings in
 * (any one will do), the tightest of the Denies it lifts (all must be lifted).
 */
export function stepUpFor(
  policies: Policies,
  request: PolicyRequest,
  denied: EvaluationResult,
  acrValues: readonly string[],
  options?: EvaluateOptions,
): StepUp | undefined {
  const context = { ...request.context, "aws:MultiFactorAuthPresent": "true", "aws:MultiFactorAuthAge": "0" };
  const fresh = evaluate(policies, { ...request, context }, options);
  if (fresh.decision !== "Allow") return undefined;
  const before = new Map(denied.considered.map((r) => [r.statement, r.matched]));
  const allowedBefore = denied.considered.some((r) => r.matched && r.statement.effect === "Allow");
  let allowSide = allowedBefore ? Infinity : -Infinity;
  let denySide = Infinity;
  for (const r of fresh.considered) {
    const was = before.get(r.statement) ?? false;
    if (!allowedBefore && r.statement.effect === "Allow" && r.matched && !was)
      allowSide = Math.max(allowSide, boundOf(r));
    if (r.statement.effect === "Deny" && was && !r.matched) {
      const original = denied.considered.find((d) => d.statement === r.statement)!;
      denySide = Math.min(denySide, boundOf(original));
    }
  }
  const limit = Math.min(allowSide, denySide);
  const maxAge = Number.isFinite(limit) ? limit : undefined;
  const hadMfa = request.context?.["aws:MultiFactorAuthPresent"] === "true";
  return { acrValues: hadMfa && maxAge !== undefined ? undefined : acrValues, maxAge };
}
