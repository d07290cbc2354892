import { digests, rs256Sign } from "#crypto";
import { bytesToBase64Url, bytesToHex, utf8 } from "../../util/encoding.js";
import { accessTokenClaims, idTokenClaims, type SignInFacts } from "./claims.js";

/** A pool's two signing keys: Cognito signs ID and access tokens with different kids. */
export interface PoolSigningKeys {
  id: { kid: string; key: CryptoKey };
  access: { kid: string; key: CryptoKey };
}

/** What a successful sign-in returns, as `AuthenticationResult`. */
export interface IssuedTokens {
  IdToken: string;
  AccessToken: string;
  ExpiresIn: number;
  TokenType: "Bearer";
}

const segment = (value: unknown) => bytesToBase64Url(utf8(JSON.stringify(value)));

/** Signs `claims` as a compact JWS (RS256, `{kid, alg}` header as Cognito's). */
export async function signJwt(
  claims: Record<string, unknown>,
  signer: { kid: string; key: CryptoKey },
): Promise<string> {
  const input = `${segment({ kid: signer.kid, alg: "RS256" })}.${segment(claims)}`;
  return `${input}.${bytesToBase64Url(await rs256Sign(signer.key, utf8(input)))}`;
}

/**
 * Signs a sign-in's ID and access tokens (RS256, `{kid, alg}` header as Cognito's).
 *
 * @example
 * ```ts
 * const result = await issueTokens(keys, { issuer, clientId, username, sub, attributes, groups, authTime, originJti, eventId, now });
 * // { IdToken, AccessToken, ExpiresIn: 3600, TokenType: "Bearer" }
 * ```
 */
export async function issueTokens(keys: PoolSigningKeys, facts: SignInFacts): Promise<IssuedTokens> {
  const [IdToken, AccessToken] = await Promise.all([
    signJwt(idTokenClaims(facts), keys.id),
    signJwt(accessTokenClaims(facts), keys.access),
  ]);
  return { IdToken, AccessToken, ExpiresIn: facts.ttlSeconds ?? 3600, TokenType: "Bearer" };
}

const REFRESH_HEADER = bytesToBase64Url(
  utf8(JSON.stringify({ cty: "JWT", enc: "A256GCM", alg: "RSA-OAEP" })),
);

/**
 * An opaque refresh token shaped like Cognito's (a five-part compact JWE with its header), made of
 * 316 random bytes; only its SHA-256 is stored.
 */
export function newRefreshToken(): string {
  // One draw for the four segments: each call to the random source has a fixed cost.
  const random = crypto.getRandomValues(new Uint8Array(256 + 12 + 32 + 16));
  return [
    REFRESH_HEADER,
    bytesToBase64Url(random.subarray(0, 256)),
    bytesToBase64Url(random.subarray(256, 268)),
    bytesToBase64Url(random.subarray(268, 300)),
    bytesToBase64Url(random.subarray(300)),
  ].join(".");
}

/** The SHA-256 of a token, hex: how refresh tokens and codes are looked up without being stored. */
export async function tokenHash(token: string): Promise<string> {
  return bytesToHex(await digests.sha256(utf8(token)));
}
