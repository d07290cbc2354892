/**
 * Whether a role's trust policy lets a web identity assume it: the check behind STS's
 * AssumeRoleWithWebIdentity and Cognito Identity's GetCredentialsForIdentity (which runs it
 * internally). The trust policy is evaluated as a resource policy of the role: the action
 * `sts:AssumeRoleWithWebIdentity` on the role's ARN, by the principal `{ Federated: provider }`.
 */
import { evaluate, type PolicySet } from "../policy/evaluate.js";
import { explain } from "../policy/explain.js";
import type { ContextValue, EvaluationResult, RequestContext } from "../policy/types.js";
import { type RequestFacts, requestFactsContext } from "./request-facts.js";
import type { Role } from "./roles.js";
import { type WebIdentityFacts, webIdentityKeys } from "./web-identity.js";

export const ASSUME_ROLE_WITH_WEB_IDENTITY = "sts:AssumeRoleWithWebIdentity";
export const TAG_SESSION = "sts:TagSession";

/** Who asks to assume the role, and with what. */
export interface WebIdentityTrustRequest {
  /**
   * The `Federated` principal: `cognito-identity.amazonaws.com`, or an OIDC provider as IAM names
   * it (its issuer without the scheme, e.g. `accounts.google.com`, `login.example.com/tenant`).
   * A trust policy may also name the provider by ARN (`arn:aws:iam::{account}:oidc-provider/{name}`,
   * any account): that matches too.
   */
  federated: string;
  /** The request's condition keys: {@link webIdentityTrustContext} builds them. */
  context: RequestContext;
  /** Session (principal) tags are passed: the trust policy must allow `sts:TagSession` as well. */
  tagSession: boolean;
}

/** The trust policy's answer: allowed, or which action it refused and why, in words. */
export type TrustDecision =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      /** The action the trust policy does not allow. */
      readonly action: string;
      /** Why, one line per statement that counted (see `explain`); for logs, not for callers. */
      readonly explanation: readonly string[];
      readonly result: EvaluationResult;
    };

const OIDC_PROVIDER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/(.+)$/;

/**
 * The caller's Federated names: the provider itself, and every oidc-provider ARN the trust policy
 * names for it (IAM writes OIDC providers of its own as ARNs, in any account).
 */
function federatedNames(role: Role, federated: string): string[] {
  const names = [federated];
  for (const statement of role.trust.statements) {
    for (const name of statement.principal?.names.Federated ?? []) {
      if (OIDC_PROVIDER_ARN.exec(name)?.[1] === federated) names.push(name);
    }
  }
  return names;
}

// One policy set per role: the engine indexes a set once and reuses the index.
const trustSets = new WeakMap<Role, PolicySet>();

function trustSetOf(role: Role): PolicySet {
  let set = trustSets.get(role);
  if (set === undefined) trustSets.set(role, (set = { identity: [], resource: role.trust }));
  return set;
}

/**
 * Evaluates the role's trust policy for a web identity: `sts:AssumeRoleWithWebIdentity`, and
 * `sts:TagSession` too when principal tags are passed ("If you pass session tags ..., the role
 * trust policy must include the sts:TagSession permission"). An explicit Deny or no Allow for
 * either refuses.
 *
 * @example
 * ```ts
 * const decision = trustsWebIdentity(role, {
 *   federated: "cognito-identity.amazonaws.com",
 *   context: webIdentityTrustContext("cognito-identity.amazonaws.com",
 *     { audience: poolId, subject: identityId, amr: ["authenticated", "cognito-idp..."] }, { now }),
 *   tagSession: false,
 * });
 * if (!decision.allowed) throw new InvalidIdentityPoolConfigurationException(...);
 * ```
 */
export function trustsWebIdentity(role: Role, request: WebIdentityTrustRequest): TrustDecision {
  const principal = { Federated: federatedNames(role, request.federated) };
  const actions = request.tagSession
    ? [ASSUME_ROLE_WITH_WEB_IDENTITY, TAG_SESSION]
    : [ASSUME_ROLE_WITH_WEB_IDENTITY];
  const policies = trustSetOf(role);
  for (const action of actions) {
    const policyRequest = { action, resource: role.arn, principal, context: request.context };
    const result = evaluate(policies, policyRequest);
    if (result.decision !== "Allow")
      return { allowed: false, action, explanation: explain(result, policyRequest), result };
  }
  return { allowed: true };
}

/**
 * The condition keys of an AssumeRoleWithWebIdentity request: the token's `<provider>:aud`,
 * `:sub` and `:amr`, the request's facts (`aws:CurrentTime`, `aws:SourceIp`, ...), and for
 * principal tags `aws:RequestTag/<key>` and `aws:TagKeys`, as STS sets them for `sts:TagSession`.
 */
export function webIdentityTrustContext(
  provider: string,
  identity: WebIdentityFacts,
  facts: RequestFacts,
  principalTags: Readonly<Record<string, string>> = {},
): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {
    ...requestFactsContext(facts),
    ...webIdentityKeys(provider, identity),
  };
  const tagKeys = Object.keys(principalTags);
  if (tagKeys.length > 0) {
    for (const key of tagKeys) context[`aws:RequestTag/${key}`] = principalTags[key]!;
    context["aws:TagKeys"] = tagKeys;
  }
  return context;
}
