import type { ContextValue, PolicyRequest } from "../policy/types.js";
import type { Principal } from "./principal.js";

/** The parts of the execute-api ARN a request's resource is named by. */
export interface ApiCoordinates {
  region: string;
  accountId: string;
  apiId: string;
  stage: string;
}

/** What the authorizer knows of a request besides its token. */
export interface RequestFacts {
  method: string;
  /** The canonical URL path (see `canonicalPath`), with its leading `/`. */
  path: string;
  secure: boolean;
  sourceIp: string | undefined;
  /** Milliseconds since the epoch. */
  now: number;
}

// RFC 8176: `mfa` says so outright; otherwise a knowledge factor plus a possession or inherence one.
const KNOWLEDGE = new Set(["pwd", "pin", "kba"]);
const SECOND_FACTOR = new Set([
  "otp",
  "sms",
  "tel",
  "hwk",
  "swk",
  "sc",
  "fpt",
  "face",
  "iris",
  "retina",
  "vbm",
]);

/**
 * `aws:MultiFactorAuthPresent` from the token's `amr` (RFC 8176): `true` when it shows a second
 * factor, `false` when it does not, `undefined` (the key absent) when the token says nothing of how
 * the user authenticated.
 */
export function mfaPresent(claims: Readonly<Record<string, unknown>>): boolean | undefined {
  const amr = claims.amr;
  if (!Array.isArray(amr)) return undefined;
  if (amr.includes("mfa")) return true;
  return amr.some((m) => KNOWLEDGE.has(m)) && amr.some((m) => SECOND_FACTOR.has(m));
}

// `::ffff:203.0.113.7` (an IPv4 client of a dual-stack socket) is 203.0.113.7 to IPv4 conditions.
const IPV4_MAPPED = /^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i;

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
const numberClaim = (value: unknown) =>
  typeof value === "number" && Number.isFinite(value) ? value : undefined;

function claimValue(value: unknown): ContextValue | undefined {
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (Array.isArray(value)) {
    const items = value.filter(
      (v) => typeof v === "string" || typeof v === "number" || typeof v === "boolean",
    );
    return items.length === value.length ? items : undefined;
  }
  return undefined;
}

/** The execute-api ARN of a request: `arn:aws:execute-api:{region}:{account}:{api}/{stage}/{METHOD}/{path}`. */
export function resourceArn(api: ApiCoordinates, method: string, path: string): string {
  return `arn:aws:execute-api:${api.region}:${api.accountId}:${api.apiId}/${api.stage}/${method.toUpperCase()}/${path.replace(/^\//, "")}`;
}

/**
 * The policy request for an authenticated request: action `execute-api:Invoke` on the request's
 * execute-api ARN, and the context keys documented in docs/policies.md (`aws:*` and `jwt:<claim>`).
 */
export function policyRequest(principal: Principal, facts: RequestFacts, api: ApiCoordinates): PolicyRequest {
  const claims = principal.claims;
  const context: Record<string, ContextValue | undefined> = {};
  for (const [name, value] of Object.entries(claims)) context[`jwt:${name}`] = claimValue(value);
  // `scope` is one space-separated string on the wire, a set of scopes in meaning.
  context["jwt:scope"] = [...principal.scopes];

  const seconds = Math.floor(facts.now / 1000);
  context["aws:CurrentTime"] = iso(facts.now);
  context["aws:EpochTime"] = String(seconds);
  context["aws:SecureTransport"] = facts.secure ? "true" : "false";
  context["aws:SourceIp"] = facts.sourceIp?.replace(IPV4_MAPPED, "");
  const iat = numberClaim(claims.iat);
  if (iat !== undefined) context["aws:TokenIssueTime"] = iso(iat * 1000);
  context["aws:userid"] = principal.sub;
  context["aws:username"] = principal.username;
  context["aws:PrincipalTag/username"] = principal.sub;
  context["aws:PrincipalTag/client"] = principal.clientId;

  const mfa = mfaPresent(claims);
  if (mfa !== undefined) context["aws:MultiFactorAuthPresent"] = mfa ? "true" : "false";
  // Only auth_time says when the user authenticated: a refreshed token has a new iat, not a new MFA.
  const authTime = numberClaim(claims.auth_time);
  if (mfa === true && authTime !== undefined)
    context["aws:MultiFactorAuthAge"] = String(Math.max(0, seconds - authTime));

  return {
    action: "execute-api:Invoke",
    resource: resourceArn(api, facts.method, facts.path),
    context,
  };
}
