/**
 * The claims of the tokens a user pool issues, in the order and shape Cognito's have
 * (cognito-user-pools.md section 5): what Amplify, ACIJS, aws-jwt-verify and API Gateway read.
 */
import { applyChanges, overriddenScopes, type TokenOverrides } from "./overrides.js";

/** What a sign-in (or a refresh of one) knows about the user and the session. */
export interface SignInFacts {
  issuer: string;
  clientId: string;
  /** The immutable internal username (what `username` and `cognito:username` carry). */
  username: string;
  sub: string;
  /** The user's attributes, as stored: `custom:*` values are strings. */
  attributes: Readonly<Record<string, string>>;
  /** Group names, by precedence (lowest first). */
  groups: readonly string[];
  /** Role ARNs of those groups, in the same order (`cognito:roles`, `cognito:preferred_role`). */
  roles?: readonly string[];
  /** Epoch seconds of the original authentication: kept across refreshes. */
  authTime: number;
  /** The jti of the original sign-in: kept across refreshes, and what RevokeToken revokes. */
  originJti: string;
  /** The auth event this sign-in recorded. */
  eventId: string;
  /** How the user authenticated (RFC 8176), e.g. ["pwd"] or ["pwd", "mfa", "otp"]. */
  amr?: readonly string[];
  deviceKey?: string;
  /** The scopes of an access token. Default: `aws.cognito.signin.user.admin` (API sign-ins). */
  scope?: string;
  /** The authorization request's `nonce` (OIDC Core 3.1.2.1): copied into the ID token. */
  nonce?: string;
  /** The access token's hash (OIDC Core 3.1.3.6), for an ID token issued beside it by the OAuth endpoints. */
  atHash?: string;
  /** Tokens of the OAuth endpoints: the access token carries `version: 2`, as Cognito's do. */
  oauth?: boolean;
  /**
   * The user's `identities` attribute (a JSON string, written by federation only): the ID token
   * carries it as the `identities` claim. Default: `attributes.identities`.
   */
  identities?: string;
  /** Epoch seconds. */
  now: number;
  /** The access token's lifetime in seconds (default 3600). */
  ttlSeconds?: number;
  /** The ID token's lifetime in seconds (default: the access token's). */
  idTtlSeconds?: number;
  /** What a PreTokenGeneration trigger changed (claims, scopes, groups). */
  overrides?: TokenOverrides;
}

const BOOLEAN_ATTRIBUTES = new Set(["email_verified", "phone_number_verified"]);

/**
 * Claim names no attribute may produce: the tokens' own (Cognito's, OIDC's and JWT's registered
 * ones) and anything `cognito:`-prefixed. Writes refuse such attributes; this keeps a stored one
 * (an older version's, an import's) from ever reaching a token.
 */
export const RESERVED_CLAIMS: ReadonlySet<string> = new Set([
  "sub",
  "iss",
  "aud",
  "exp",
  "iat",
  "nbf",
  "auth_time",
  "token_use",
  "origin_jti",
  "jti",
  "event_id",
  "amr",
  "acr",
  "azp",
  "identities",
  "nonce",
  "at_hash",
  "c_hash",
  "client_id",
  "username",
  "scope",
  "device_key",
  "version",
]);

/** Whether an attribute of this name may appear as a claim of the ID token. */
export function isClaimableAttribute(name: string): boolean {
  return !RESERVED_CLAIMS.has(name) && !name.toLowerCase().startsWith("cognito:");
}

/**
 * The `identities` claim of a federated or linked user (cognito-user-pools.md §5): the stored
 * attribute's array, its `primary` and `dateCreated` as strings. `undefined` for anything but a
 * non-empty list of well-formed entries, so no other stored value can become the claim.
 *
 * @example
 * ```ts
 * identitiesClaim('[{"userId":"1","providerName":"Google","providerType":"Google","issuer":null,"primary":true,"dateCreated":1}]');
 * // [{ userId: "1", providerName: "Google", providerType: "Google", issuer: null, primary: "true", dateCreated: "1" }]
 * ```
 */
export function identitiesClaim(stored: string | undefined): Record<string, unknown>[] | undefined {
  if (stored === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length === 0) return undefined;
  const claim: Record<string, unknown>[] = [];
  for (const entry of parsed as unknown[]) {
    if (entry === null || typeof entry !== "object") return undefined;
    const { userId, providerName, providerType, issuer, primary, dateCreated } = entry as Record<
      string,
      unknown
    >;
    if (
      typeof userId !== "string" ||
      typeof providerName !== "string" ||
      typeof providerType !== "string" ||
      (issuer !== null && typeof issuer !== "string") ||
      typeof primary !== "boolean" ||
      typeof dateCreated !== "number"
    )
      return undefined;
    claim.push({
      userId,
      providerName,
      providerType,
      issuer,
      primary: String(primary),
      dateCreated: String(dateCreated),
    });
  }
  return claim;
}

function groupClaims(facts: SignInFacts): Record<string, unknown> {
  const override = facts.overrides?.groups;
  if (override !== undefined) {
    // The trigger's groupOverrideDetails stands for the user's groups in both tokens.
    return {
      ...(override.groups.length === 0 ? {} : { "cognito:groups": [...override.groups] }),
      ...(override.roles.length === 0 ? {} : { "cognito:roles": [...override.roles] }),
      ...(override.preferredRole === null ? {} : { "cognito:preferred_role": override.preferredRole }),
    };
  }
  if (facts.groups.length === 0) return {};
  const claims: Record<string, unknown> = { "cognito:groups": [...facts.groups] };
  const roles = (facts.roles ?? []).filter((r) => r !== "");
  if (roles.length > 0) {
    claims["cognito:roles"] = [...new Set(roles)];
    claims["cognito:preferred_role"] = roles[0];
  }
  return claims;
}

function timing(facts: SignInFacts, ttlSeconds = facts.ttlSeconds ?? 3600): Record<string, unknown> {
  return { auth_time: facts.authTime, exp: facts.now + ttlSeconds, iat: facts.now, jti: crypto.randomUUID() };
}

/**
 * The ID token's claims: `at_hash` (OAuth), `sub`, groups, the user's attributes (`*_verified` as booleans), `iss`,
 * `cognito:username`, `nonce` (OAuth), `origin_jti`, `aud`, `identities` (federated and linked users), `event_id`, `token_use`, `auth_time`,
 * `exp`, `iat`, `jti`.
 */
export function idTokenClaims(facts: SignInFacts): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(facts.attributes)) {
    if (!isClaimableAttribute(name)) continue;
    attributes[name] = BOOLEAN_ATTRIBUTES.has(name) ? value === "true" : value;
  }
  const own = {
    iss: facts.issuer,
    "cognito:username": facts.username,
    ...(facts.nonce === undefined ? {} : { nonce: facts.nonce }),
    origin_jti: facts.originJti,
    aud: facts.clientId,
    ...identitiesOf(facts),
    event_id: facts.eventId,
    token_use: "id",
    ...(facts.amr === undefined ? {} : { amr: [...facts.amr] }),
    ...timing(facts, facts.idTtlSeconds),
  };
  // Cognito's order (sub, groups, attributes, then the rest); the token's own claims are written
  // once more last, so whatever the attributes held, they are the ones that count.
  const hash = facts.atHash === undefined ? {} : { at_hash: facts.atHash };
  const claims = Object.assign(
    { ...hash, sub: facts.sub, ...groupClaims(facts), ...attributes, ...own },
    { ...hash, sub: facts.sub, ...groupClaims(facts) },
    own,
  );
  return applyChanges(claims, facts.overrides?.id, "id");
}

function identitiesOf(facts: SignInFacts): Record<string, unknown> {
  const identities = identitiesClaim(facts.identities ?? facts.attributes.identities);
  return identities === undefined ? {} : { identities };
}

/**
 * The access token's claims: `sub`, `device_key`, groups, `iss`, `version` (OAuth), `client_id`, `origin_jti`,
 * `event_id`, `token_use`, `scope`, `auth_time`, `exp`, `iat`, `jti`, `username`. No `aud`.
 */
export function accessTokenClaims(facts: SignInFacts): Record<string, unknown> {
  const scope = overriddenScopes(facts.scope ?? "aws.cognito.signin.user.admin", facts.overrides?.access);
  const claims = {
    sub: facts.sub,
    ...(facts.deviceKey === undefined ? {} : { device_key: facts.deviceKey }),
    ...groupClaims(facts),
    iss: facts.issuer,
    ...(facts.oauth === true ? { version: 2 } : {}),
    client_id: facts.clientId,
    origin_jti: facts.originJti,
    event_id: facts.eventId,
    token_use: "access",
    scope,
    ...(facts.amr === undefined ? {} : { amr: [...facts.amr] }),
    ...timing(facts),
    username: facts.username,
  };
  return applyChanges(claims, facts.overrides?.access, "access");
}
