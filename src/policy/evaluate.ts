import { evaluateCondition } from "./conditions/index.js";
import { normalizeContext, type Context } from "./context.js";
import { actionMatches, principalMatches, resourceMatches, unresolvedResources } from "./match.js";
import type { Fold } from "./pattern.js";
import { StatementIndex } from "./statement-index.js";
import type { EvaluationResult, Policy, PolicyRequest, Statement, StatementResult } from "./types.js";

/** Identity policies, plus optionally the resource's own policy (as IAM combines them within one account). */
export interface PolicySet {
  identity: readonly Policy[];
  resource?: Policy;
}

/** What `evaluate` takes: identity policies alone, or a {@link PolicySet}. */
export type Policies = readonly Policy[] | PolicySet;

/** How the request's resource was spelled. */
export interface EvaluateOptions {
  /**
   * When the resource's path was folded (the gateway's `caseInsensitivePaths` lower-cases it), the
   * same folding for the variable values (and defaults) substituted into Resource and NotResource,
   * which would otherwise never match (a Deny on `users/${aws:username}` would miss user `Bob`).
   * It returns `undefined` for a value with no one folded spelling: its entry is then decided
   * against the caller. Condition values are compared as written.
   */
  foldValue?: Fold;
}

interface Indexed {
  identity: StatementIndex;
  resource: StatementIndex | undefined;
}

const NONE: readonly string[] = Object.freeze([]);

// Indexes are built once per policies object: pass the same array or set to reuse it.
const indexes = new WeakMap<object, Indexed>();

function indexOf(policies: Policies): Indexed {
  let indexed = indexes.get(policies);
  if (indexed === undefined) {
    const set: PolicySet = Array.isArray(policies) ? { identity: policies } : (policies as PolicySet);
    indexed = {
      identity: new StatementIndex(set.identity),
      resource: set.resource === undefined ? undefined : new StatementIndex([set.resource]),
    };
    indexes.set(policies, indexed);
  }
  return indexed;
}

function check(
  statement: Statement,
  request: PolicyRequest,
  actionLower: string,
  context: Context,
  inResourcePolicy: boolean,
  fold: Fold | undefined,
): StatementResult {
  const action = actionMatches(statement, actionLower);
  const resourceMatch =
    action && resourceMatches(statement, request.resource, context, inResourcePolicy, fold);
  const resource = resourceMatch === true || (resourceMatch === "against" && statement.effect === "Deny");
  const principal = resource && principalMatches(statement, request.principal);
  // Every condition is evaluated, not just up to the first failure: the explanation names them all.
  const conditions = principal
    ? statement.conditions.map((c) => evaluateCondition(c, context, statement.policy.variables))
    : [];
  const matched = principal && conditions.every((c) => c.matched);
  // Worked out only for a statement decided by a variable, the rare path.
  const unresolved =
    resourceMatch === undefined || resourceMatch === "against"
      ? unresolvedResources(statement, request.resource, context, inResourcePolicy, fold)
      : NONE;
  return { statement, action, resource, unresolved, principal, conditions, matched };
}

/**
 * Evaluates a request against policies with IAM's logic: a matching Deny anywhere is an
 * `ExplicitDeny`; otherwise a matching Allow (in an identity policy, or in the resource policy
 * naming the caller) is `Allow`; otherwise `ImplicitDeny`. Pure: no I/O, no clock (time comes in
 * the context, as `aws:CurrentTime` and `aws:EpochTime`).
 *
 * @example
 * ```ts
 * import { evaluate, parsePolicy } from "cognate/policy";
 *
 * const policy = parsePolicy({
 *   Version: "2012-10-17",
 *   Statement: [{ Effect: "Allow", Action: "execute-api:Invoke", Resource: "arn:aws:execute-api:*:*:api/prod/GET/*" }],
 * }, "read-only.json");
 * const result = evaluate([policy], {
 *   action: "execute-api:Invoke",
 *   resource: "arn:aws:execute-api:us-east-1:123456789012:api/prod/GET/orders",
 *   context: { "aws:SourceIp": "203.0.113.7" },
 * });
 * result.decision; // "Allow"
 * ```
 */
export function evaluate(
  policies: Policies,
  request: PolicyRequest,
  options: EvaluateOptions = {},
): EvaluationResult {
  const fold = options.foldValue;
  const { identity, resource } = indexOf(policies);
  const context = normalizeContext(request.context);
  const actionLower = request.action.toLowerCase();
  const considered: StatementResult[] = [];
  for (const s of identity.candidates(request.action, request.resource))
    considered.push(check(s, request, actionLower, context, false, fold));
  if (resource !== undefined) {
    for (const s of resource.candidates(request.action, request.resource))
      considered.push(check(s, request, actionLower, context, true, fold));
  }
  const denies = considered.filter((r) => r.matched && r.statement.effect === "Deny").map((r) => r.statement);
  if (denies.length > 0) return { decision: "ExplicitDeny", statements: denies, considered };
  const allows = considered.filter((r) => r.matched).map((r) => r.statement);
  return { decision: allows.length > 0 ? "Allow" : "ImplicitDeny", statements: allows, considered };
}
