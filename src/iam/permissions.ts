/**
 * What a session may do: its role's permission policies, scoped down by its session policy.
 */
import { PolicyError } from "../policy/errors.js";
import { type EvaluateOptions, evaluate } from "../policy/evaluate.js";
import { explain } from "../policy/explain.js";
import { parsePolicy } from "../policy/parse.js";
import type { EvaluationResult, Policy, PolicyDocument, PolicyRequest } from "../policy/types.js";
import type { Role } from "./roles.js";
import type { SessionClaims } from "./session.js";

/** The label of a session policy in explanations. */
export const SESSION_POLICY_SOURCE = "session policy";

/**
 * Parses a session policy (STS's `Policy`, Cognito's scope-down): an identity policy, no
 * Principal. STS calls it to refuse a bad one up front (MalformedPolicyDocument).
 *
 * @throws {PolicyError} naming the statement and field.
 */
export function parseSessionPolicy(document: PolicyDocument | string): Policy {
  return parsePolicy(document, SESSION_POLICY_SOURCE, { kind: "identity" });
}

// Parsed once per opened session: the token cache hands out the same claims object each time.
const sessionPolicies = new WeakMap<SessionClaims, Policy | null>();

/** The session's policy, parsed; `null` for one that does not parse (it then allows nothing). */
function sessionPolicyOf(claims: SessionClaims): Policy | null | undefined {
  if (claims.sessionPolicy === undefined) return undefined;
  let policy = sessionPolicies.get(claims);
  if (policy === undefined) {
    try {
      policy = parseSessionPolicy(claims.sessionPolicy);
    } catch (e) {
      if (!(e instanceof PolicyError)) throw e;
      policy = null;
    }
    sessionPolicies.set(claims, policy);
  }
  return policy;
}

const NOTHING: EvaluationResult = Object.freeze({ decision: "ImplicitDeny", statements: [], considered: [] });

/**
 * A session's decision: the combined result (an `EvaluationResult`, for `explain`), and each part.
 */
export interface SessionDecision extends EvaluationResult {
  /** The role's permission policies alone. */
  readonly role: EvaluationResult;
  /** The session policy alone; `undefined` when the session has none. */
  readonly session: EvaluationResult | undefined;
}

/**
 * Evaluates a request made with a session's credentials: the role's permission policies
 * intersected with the session policy (identity-sync-iam.md §4.2; IAM: "The resulting session's
 * permissions are the intersection of the role's identity-based policy and the session
 * policies"). A Deny in either is an `ExplicitDeny`; an `Allow` needs an Allow in both (in the
 * role's policies alone when there is no session policy); otherwise `ImplicitDeny`. The role is
 * read as it is now: a changed role file applies to live sessions, as in IAM.
 *
 * @example
 * ```ts
 * const decision = sessionDecision(role, claims, { action: "execute-api:Invoke", resource, context });
 * if (decision.decision !== "Allow") log(explainSessionDecision(decision, request));
 * ```
 */
export function sessionDecision(
  role: Role,
  claims: SessionClaims,
  request: PolicyRequest,
  options: EvaluateOptions = {},
): SessionDecision {
  const forRole = evaluate(role.policies, request, options);
  const policy = sessionPolicyOf(claims);
  const forSession =
    policy === undefined ? undefined : policy === null ? NOTHING : evaluate([policy], request, options);
  const parts = forSession === undefined ? [forRole] : [forRole, forSession];
  const considered = parts.flatMap((p) => p.considered);
  const denies = parts.flatMap((p) => (p.decision === "ExplicitDeny" ? p.statements : []));
  if (denies.length > 0)
    return { decision: "ExplicitDeny", statements: denies, considered, role: forRole, session: forSession };
  if (parts.every((p) => p.decision === "Allow"))
    return {
      decision: "Allow",
      statements: parts.flatMap((p) => p.statements),
      considered,
      role: forRole,
      session: forSession,
    };
  return { decision: "ImplicitDeny", statements: [], considered, role: forRole, session: forSession };
}

/**
 * {@link sessionDecision}'s result in words: `explain`'s lines, preceded, when one side allowed
 * what the other did not, by which one (a role that allows what its session policy does not is
 * the usual surprise).
 */
export function explainSessionDecision(
  decision: SessionDecision,
  request?: { action: string; resource: string },
): string[] {
  const lines = explain(decision, request);
  if (decision.decision !== "ImplicitDeny" || decision.session === undefined) return lines;
  const note =
    decision.role.decision === "Allow"
      ? "the role's policies allow it, but the session policy does not (an Allow needs both)"
      : decision.session.decision === "Allow"
        ? "the session policy allows it, but the role's policies do not (a session policy only narrows the role)"
        : undefined;
  if (note !== undefined) lines.splice(1, 0, `ImplicitDeny: ${note}`);
  return lines;
}
