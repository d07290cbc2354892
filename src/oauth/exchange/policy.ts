/**
 * Who may exchange what: the configuration's `tokenExchange.policies`, IAM-style identity
 * policies, decide every exchange as the action `cognito-idp:TokenExchange` on the target
 * resource server's ARN, with the exchanging client, the subject token and the actor token as
 * context keys. IAM's logic: a matching Deny refuses, else a matching Allow allows, else the
 * exchange is refused; with no policies at all, every exchange is refused.
 *
 * | key | value |
 * |---|---|
 * | `cognito-idp:ClientId`, `cognito-idp:ClientName` | the exchanging (authenticated) app client |
 * | `cognito-idp:UserPoolId` | the pool |
 * | `cognito-idp:Audience` | the resource server's identifier |
 * | `cognito-idp:Scope` | the scopes the new token would carry (multivalued) |
 * | `cognito-idp:Delegation` | `"true"` with an actor token, else `"false"` |
 * | `subject:<claim>` | every claim of the subject token; `subject:scope` multivalued |
 * | `actor:<claim>` | every claim of the actor token (absent without one) |
 * | `aws:CurrentTime`, `aws:EpochTime`, `aws:SecureTransport`, `aws:SourceIp` | as for routes |
 */
import { evaluate } from "../../policy/evaluate.js";
import type { ContextValue, EvaluationResult, Policy, PolicyRequest } from "../../policy/types.js";
import type { ClientRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../../user-pool/context.js";

/** The action every token exchange is decided as. */
export const TOKEN_EXCHANGE_ACTION = "cognito-idp:TokenExchange";

/** What an exchange is decided on. */
export interface ExchangeFacts {
  poolId: string;
  client: Pick<ClientRecord, "id" | "name">;
  /** The resource server's identifier. */
  audience: string;
  /** The scopes the new token would carry. */
  scopes: readonly string[];
  subject: Readonly<Record<string, unknown>>;
  actor?: Readonly<Record<string, unknown>>;
  /** Epoch milliseconds. */
  now: number;
  secure: boolean;
  sourceIp?: string;
}

/**
 * The ARN a token exchange is asked on: the pool's, then `/resource-server/{identifier}`
 * (beyond Cognito, whose resource servers have no ARN).
 *
 * @example
 * ```ts
 * resourceServerArn(ctx, "us-east-1_AbC", "https://orders.example.com");
 * // "arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_AbC/resource-server/https://orders.example.com"
 * ```
 */
export function resourceServerArn(
  ctx: Pick<UserPoolContext, "region" | "accountId">,
  poolId: string,
  identifier: string,
): string {
  return `arn:aws:cognito-idp:${ctx.region}:${ctx.accountId}:userpool/${poolId}/resource-server/${identifier}`;
}

// A claim as IAM compares it: strings, numbers and booleans as they are, arrays of them multivalued;
// objects (`act`, `may_act`) are no value.
function claimValue(value: unknown): ContextValue | undefined {
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (Array.isArray(value) && value.every((v) => ["string", "number", "boolean"].includes(typeof v)))
    return value as (string | number | boolean)[];
  return undefined;
}

function claimKeys(
  prefix: string,
  claims: Readonly<Record<string, unknown>>,
): Record<string, ContextValue | undefined> {
  const keys: Record<string, ContextValue | undefined> = {};
  // Condition keys are matched without regard to case, claims are not: a claim that differs from
  // another only in case (`CLIENT_ID` beside `client_id`, added by a trigger) would shadow it, so
  // of such claims only the lower-case one (cognate's own) is a key; none when none is.
  const lower = new Map<string, number>();
  for (const name of Object.keys(claims))
    lower.set(name.toLowerCase(), (lower.get(name.toLowerCase()) ?? 0) + 1);
  for (const [name, value] of Object.entries(claims)) {
    if (lower.get(name.toLowerCase())! > 1 && name !== name.toLowerCase()) continue;
    keys[`${prefix}:${name}`] = claimValue(value);
  }
  // `scope` is one space-separated string on the wire, a set of scopes in meaning.
  if (typeof claims.scope === "string")
    keys[`${prefix}:scope`] = claims.scope.split(" ").filter((s) => s !== "");
  return keys;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/**
 * The policy request of an exchange: action `cognito-idp:TokenExchange`, the resource server's
 * ARN, and the context keys of this module's table.
 */
export function exchangePolicyRequest(
  ctx: Pick<UserPoolContext, "region" | "accountId">,
  facts: ExchangeFacts,
): PolicyRequest {
  const context: Record<string, ContextValue | undefined> = {
    ...claimKeys("subject", facts.subject),
    ...(facts.actor === undefined ? {} : claimKeys("actor", facts.actor)),
    "cognito-idp:ClientId": facts.client.id,
    "cognito-idp:ClientName": facts.client.name,
    "cognito-idp:UserPoolId": facts.poolId,
    "cognito-idp:Audience": facts.audience,
    "cognito-idp:Scope": [...facts.scopes],
    "cognito-idp:Delegation": facts.actor === undefined ? "false" : "true",
    "aws:CurrentTime": iso(facts.now),
    "aws:EpochTime": String(Math.floor(facts.now / 1000)),
    "aws:SecureTransport": facts.secure ? "true" : "false",
    "aws:SourceIp": facts.sourceIp?.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, ""),
  };
  return {
    action: TOKEN_EXCHANGE_ACTION,
    resource: resourceServerArn(ctx, facts.poolId, facts.audience),
    context,
  };
}

/**
 * Decides an exchange: `Allow` only when a policy allows it and none denies it; with no policies,
 * `ImplicitDeny`.
 *
 * @example
 * ```ts
 * const result = exchangeDecision(ctx, policies, facts);
 * if (result.decision !== "Allow") return tokenError("unauthorized_client", "...");
 * ```
 */
export function exchangeDecision(
  ctx: Pick<UserPoolContext, "region" | "accountId">,
  policies: readonly Policy[],
  facts: ExchangeFacts,
): EvaluationResult {
  if (policies.length === 0) return { decision: "ImplicitDeny", statements: [], considered: [] };
  return evaluate(policies, exchangePolicyRequest(ctx, facts));
}
