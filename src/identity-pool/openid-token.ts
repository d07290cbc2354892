/**
 * The OpenID tokens of the identity service (identity-sync-iam.md §1.7): what GetOpenIdToken and
 * GetOpenIdTokenForDeveloperIdentity return, what STS AssumeRoleWithWebIdentity and the developer
 * flow's GetCredentialsForIdentity accept. RS512, `iss` the service's public URL, `aud` the
 * identity pool, `sub` the identity; keys at `{publicUrl}/.well-known/jwks_uri`, discovery at
 * `{publicUrl}/.well-known/openid-configuration`, as Cognito publishes them.
 */
import { bytesToBase64Url, utf8 } from "../util/encoding.js";
import type { IdentityPublicJwk, StoredIdentityKey } from "./identity-key.js";
import { unverifiedParts, verifySigned } from "./logins/signed-token.js";

/** GetOpenIdToken's tokens last 10 minutes (the API reference: "The OpenID token is valid for 10 minutes"). */
export const OPEN_ID_TOKEN_TTL_SECONDS = 600;

/** The claim naming the identity pool's ARN, which newer Cognito tokens carry. */
export const IDENTITY_POOL_ARN_CLAIM = "https://cognito-identity.amazonaws.com/identity-pool-arn";

/** Where STS reads a web identity token's session tags (IAM: "Passing session tags using AssumeRoleWithWebIdentity"). */
export const SESSION_TAGS_CLAIM = "https://aws.amazon.com/tags";

/** What one token says. */
export interface OpenIdTokenFacts {
  /** The identity service's issuer: {@link openIdIssuer} of the public URL. */
  issuer: string;
  identityId: string;
  identityPoolId: string;
  /** `amr` as Cognito writes it (see logins/amr.ts). */
  amr: readonly string[];
  /** Epoch milliseconds. */
  now: number;
  /** {@link OPEN_ID_TOKEN_TTL_SECONDS}, or the developer flow's TokenDuration. */
  ttlSeconds: number;
  /** The region and account of the identity pool's ARN. */
  region: string;
  accountId: string;
  /**
   * The developer flow's PrincipalTags, written where STS reads session tags, so that the basic
   * flow's AssumeRoleWithWebIdentity tags the session with them [?] (Cognito's own placement is
   * not documented).
   */
  principalTags?: Readonly<Record<string, string>>;
}

/** The issuer of the service's tokens: the public URL, without a trailing slash. */
export function openIdIssuer(publicUrl: string): string {
  return publicUrl.replace(/\/+$/, "");
}

const segment = (value: unknown) => bytesToBase64Url(utf8(JSON.stringify(value)));

/**
 * Signs an OpenID token: header `{kid, typ: "JWS", alg: "RS512"}` as Cognito's, claims in
 * Cognito's order (`sub`, `aud`, `amr`, the pool's ARN, `iss`, `exp`, `iat`).
 *
 * @example
 * ```ts
 * const token = await signOpenIdToken(await identitySigner(masterKey, record), record.kid, {
 *   issuer: openIdIssuer(publicUrl), identityId, identityPoolId, amr: amrFor(logins),
 *   now: Date.now(), ttlSeconds: OPEN_ID_TOKEN_TTL_SECONDS, region: "us-east-1", accountId: "000000000000",
 * });
 * ```
 */
export async function signOpenIdToken(key: CryptoKey, kid: string, facts: OpenIdTokenFacts): Promise<string> {
  const iat = Math.floor(facts.now / 1000);
  const tags = facts.principalTags;
  const claims = {
    sub: facts.identityId,
    aud: facts.identityPoolId,
    amr: [...facts.amr],
    [IDENTITY_POOL_ARN_CLAIM]: `arn:aws:cognito-identity:${facts.region}:${facts.accountId}:identitypool/${facts.identityPoolId}`,
    ...(tags === undefined || Object.keys(tags).length === 0
      ? {}
      : {
          [SESSION_TAGS_CLAIM]: {
            principal_tags: Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, [v]])),
          },
        }),
    iss: facts.issuer,
    exp: iat + facts.ttlSeconds,
    iat,
  };
  const input = `${segment({ kid, typ: "JWS", alg: "RS512" })}.${segment(claims)}`;
  const signature = await crypto.subtle.sign(
    "RSASSA-PKCS1-v1_5",
    key,
    utf8(input) as Uint8Array<ArrayBuffer>,
  );
  return `${input}.${bytesToBase64Url(new Uint8Array(signature))}`;
}

/** What a verified token says. */
export interface OpenIdClaims {
  /** The identity id. */
  sub: string;
  /** The identity pool id. */
  aud: string;
  iss: string;
  /** Epoch seconds. */
  iat: number;
  exp: number;
  amr: string[];
  /** The developer flow's principal tags, when the token carries them. */
  principalTags?: Record<string, string>;
  /** Every claim, as signed. */
  payload: Readonly<Record<string, unknown>>;
}

/** Why a token was refused. */
export type OpenIdFailure =
  /** Not a compact JWS. */
  | "malformed"
  /** Another issuer's token (or one without `iss`). */
  | "issuer"
  /** No key of the service made its signature. */
  | "signature"
  /** `exp` has passed; `expiredAt` says when (epoch seconds). */
  | "expired"
  /** A required claim (`sub`, `aud`, `exp`, `amr`) is missing or of the wrong type, or `iat` is in the future. */
  | "claims";

/** The outcome of {@link verifyOpenIdToken}. */
export type OpenIdVerification =
  | { ok: true; claims: OpenIdClaims }
  | { ok: false; reason: OpenIdFailure; expiredAt?: number };

/** Seconds of skew allowed on `iat`: the service's own clock signs and checks, so little is needed. */
const IAT_SKEW_SECONDS = 60;

/**
 * Verifies a token of the identity service: its issuer first (no key is looked at for another
 * issuer's token), then the signature with one of `publicJwks`, then the claims. The audience is
 * the caller's business (an identity pool's id, or any pool's for STS).
 *
 * @example
 * ```ts
 * const result = await verifyOpenIdToken(token, records.map((r) => r.publicJwk), { issuer, now: Date.now() });
 * if (!result.ok && result.reason === "expired") throw new ExpiredTokenException(...);
 * ```
 */
export async function verifyOpenIdToken(
  token: string,
  publicJwks: readonly IdentityPublicJwk[],
  options: { issuer: string; now: number },
): Promise<OpenIdVerification> {
  const parts = unverifiedParts(token);
  if (parts === undefined) return { ok: false, reason: "malformed" };
  if (parts.payload.iss !== options.issuer) return { ok: false, reason: "issuer" };
  const signed = await verifySigned(token, publicJwks, ["RS512"]);
  if ("failure" in signed) return { ok: false, reason: signed.failure };
  const { payload } = signed;
  const { sub, aud, iss, exp, amr } = payload;
  const iat = payload.iat ?? 0;
  const now = Math.floor(options.now / 1000);
  if (
    typeof sub !== "string" ||
    typeof aud !== "string" ||
    typeof exp !== "number" ||
    !Number.isFinite(exp) ||
    typeof iat !== "number" ||
    iat > now + IAT_SKEW_SECONDS ||
    !Array.isArray(amr) ||
    !amr.every((entry) => typeof entry === "string")
  )
    return { ok: false, reason: "claims" };
  if (now >= exp) return { ok: false, reason: "expired", expiredAt: exp };
  const principalTags = tagsOf(payload[SESSION_TAGS_CLAIM]);
  return {
    ok: true,
    claims: {
      sub,
      aud,
      iss: iss as string,
      iat,
      exp,
      amr: amr as string[],
      ...(principalTags === undefined ? {} : { principalTags }),
      payload,
    },
  };
}

/** The session tags claim's principal tags: one string value per key; anything else is left out. */
function tagsOf(claim: unknown): Record<string, string> | undefined {
  const tags = (claim as { principal_tags?: unknown } | null)?.principal_tags;
  if (typeof tags !== "object" || tags === null || Array.isArray(tags)) return undefined;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(tags)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === "string") out[key] = first;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

/**
 * The JWKS served at `{publicUrl}/.well-known/jwks_uri`: every stored key's public half, so
 * tokens signed before a rotation verify until they expire.
 */
export function openIdJwks(records: readonly StoredIdentityKey[]): { keys: IdentityPublicJwk[] } {
  return { keys: records.map((record) => record.publicJwk) };
}

/**
 * The discovery document served at `{publicUrl}/.well-known/openid-configuration`. Cognito
 * Identity's names its issuer, `jwks_uri` (at that unusual path) and RS512; cognate lists only what
 * it serves: no authorization or token endpoint (the tokens come from the API), the claims its
 * tokens carry [?] (Cognito's document also lists OAuth response types and profile claims).
 *
 * @example
 * ```ts
 * app.get("/.well-known/openid-configuration", (c) => c.json(openIdDiscovery(publicUrl)));
 * ```
 */
export function openIdDiscovery(publicUrl: string): Record<string, unknown> {
  const issuer = openIdIssuer(publicUrl);
  return {
    issuer,
    jwks_uri: `${issuer}/.well-known/jwks_uri`,
    response_types_supported: ["id_token"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["RS512"],
    scopes_supported: ["openid"],
    claims_supported: ["aud", "amr", "exp", "iat", "iss", "sub"],
  };
}
