import { evaluate, type Policies } from "../policy/evaluate.js";
import type { ConditionClause, EvaluationResult, PolicyRequest, StatementResult } from "../policy/types.js";

/** What to ask the client for (RFC 9470): authentication context classes and/or a maximum age. */
export interface StepUp {
  acrValues: readonly string[] | undefined;
  maxAge: number | undefined;
}

const AGE = "aws:multifactorauthage";
const PRESENT = "aws:multifactorauthpresent";

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

function maxAgeOf(considered: readonly StatementResult[]): number | undefined {
  let best: number | undefined;
  for (const r of considered) {
    if (!r.action || !r.resource || !r.principal) continue;
    for (const clause of r.statement.conditions) {
      const bound = ageBound(clause, r.statement.effect);
      if (bound !== undefined && (best === undefined || bound < best)) best = bound;
    }
  }
  return best;
}

/**
 * Would a denied request be allowed after a fresh MFA? It is re-evaluated with
 * `aws:MultiFactorAuthPresent` true and `aws:MultiFactorAuthAge` 0, everything else unchanged:
 * when that allows, only MFA conditions stood in the way, and the answer is a step-up challenge.
 */
export function stepUpFor(policies: Policies, request: PolicyRequest, denied: EvaluationResult, acrValues: readonly string[]): StepUp | undefined {
  const context = { ...request.context, "aws:MultiFactorAuthPresent": "true", "aws:MultiFactorAuthAge": "0" };
  if (evaluate(policies, { ...request, context }).decision !== "Allow") return undefined;
  const hadMfa = request.context?.["aws:MultiFactorAuthPresent"] === "true";
  const presenceAsked = denied.considered.some((r) => r.conditions.some((c) => !c.matched && c.clause.keyLower === PRESENT));
  const maxAge = maxAgeOf(denied.considered);
  return { acrValues: !hadMfa || presenceAsked || maxAge === undefined ? acrValues : undefined, maxAge };
}
