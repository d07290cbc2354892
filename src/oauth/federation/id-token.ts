/**
 * An identity provider's ID token, verified before any claim of it is believed (OpenID Connect
 * Core 3.1.3.7, federation.md §2), with the authorizer's machinery: the compact JWS decoded
 * strictly (`alg: none`, an empty or stripped signature fail there), `crit` refused, the
 * algorithm on an allow-list, the key chosen by `kid` from the provider's own JWKS (never from a
 * URL or key the token names), the signature; then `iss` exactly, `aud` naming the client (and
 * `azp` the client when there are several audiences, or whenever it is present), `exp`/`nbf`/`iat`
 * with a minute of skew, `sub`, the `nonce` cognate sent, and `at_hash` when the token has one
 * (OpenID Connect Core 3.1.3.6, 3.3.2.11): it must be the access token's that came with it.
 * with a minute of skew, `sub`, and the `nonce` cognate sent. Claims nested or numerous beyond
 * claims-shape.ts's bounds are refused first.
 *
 * HS256/384/512 with the client secret as the key is accepted only for generic OIDC providers,
 * as Cognito documents (the secret is the provider's and cognate's alone).
 */
import { signatureCrypto } from "#crypto";
import { checkSubject, checkTimes, claimIncludesAny } from "../../authorizer/verify/claims.js";
import { JwtError } from "../../authorizer/verify/errors.js";
import { decodeJws } from "../../authorizer/verify/jws.js";
import type { RemoteJwks } from "../../authorizer/verify/jwks.js";
import { JWS_ALGORITHMS, type JwsAlgorithm } from "../../runtime/crypto.js";
import { bytesToBase64Url, timingSafeEqual, utf8 } from "../../util/encoding.js";
import { claimsShapeProblem } from "./claims-shape.js";

/** What an ID token is checked against. */
export interface IdTokenExpectations {
  /** The provider's key set; absent only where the token can only be HMAC-signed. */
  jwks?: RemoteJwks;
  /** Accepted `iss` values (Google's tokens say `https://accounts.google.com` or `accounts.google.com`). */
  issuers: readonly string[];
  clientId: string;
  /** The `nonce` sent with the authorization request; the token must carry it. */
  nonce?: string;
  /**
   * The access token the ID token came with: a token with `at_hash` must carry this one's hash (a
   * token without it is accepted: the claim is optional in the code flow).
   */
  accessToken?: string;
  /** OIDC: the client secret, which HS256/384/512 tokens are signed with. */
  hmacSecret?: string;
  /** Epoch ms. */
  now: number;
}

/** Seconds of clock skew allowed on `exp`, `nbf` and `iat`. */
export const ID_TOKEN_LEEWAY_SECONDS = 60;

/** The longest ID token read. */
export const MAX_ID_TOKEN_LENGTH = 16_384;

const HMAC: Readonly<Record<string, string>> = { HS256: "SHA-256", HS384: "SHA-384", HS512: "SHA-512" };

/**
 * Verifies an ID token and returns its claims.
 *
 * @throws {JwtError} saying why the token is refused
 * @throws {JwksUnavailableError} when the provider's keys cannot be fetched
 * @example
 * ```ts
 * const claims = await verifyIdToken(tokens.id_token, { jwks, issuers: [issuer], clientId, nonce: state.idpNonce, now: Date.now() });
 * ```
 */
export async function verifyIdToken(
  token: string,
  expect: IdTokenExpectations,
): Promise<Record<string, unknown>> {
  if (token.length > MAX_ID_TOKEN_LENGTH)
    throw new JwtError("ERR_JWT_TOO_LARGE", `ID token longer than ${MAX_ID_TOKEN_LENGTH} characters`);
  const { header, payload, signingInput, signature } = decodeJws(token, signatureCrypto);
  // The claims' shape bounded before anything walks them (claims-shape.ts).
  const problem = claimsShapeProblem(payload);
  if (problem !== undefined) throw new JwtError("ERR_JWT_CLAIM_INVALID", `claims ${problem}`);
  const alg = header.alg;
  if (header.crit !== undefined)
    throw new JwtError("ERR_JWS_CRIT_UNSUPPORTED", `"crit" header is not supported`);
  if (typeof alg === "string" && HMAC[alg] !== undefined && expect.hmacSecret !== undefined) {
    if (!(await hmacVerifies(HMAC[alg]!, expect.hmacSecret, signature, signingInput)))
      throw new JwtError("ERR_JWS_SIGNATURE_INVALID", "signature verification failed");
  } else if (typeof alg === "string" && (JWS_ALGORITHMS as readonly string[]).includes(alg) && expect.jwks) {
    const kid = header.kid;
    if (typeof kid !== "string" || kid === "" || kid.length > 256)
      throw new JwtError("ERR_JWKS_NO_MATCHING_KEY", `the ID token has no usable "kid"`);
    const jwsAlg = alg as JwsAlgorithm;
    const { key } = expect.jwks.peek(kid, jwsAlg) ?? (await expect.jwks.key(kid, jwsAlg));
    const verified = signatureCrypto.verify(key, signature, signingInput);
    if (!(typeof verified === "boolean" ? verified : await verified))
      throw new JwtError("ERR_JWS_SIGNATURE_INVALID", "signature verification failed");
  } else {
    throw new JwtError(
      "ERR_JWS_ALG_NOT_ALLOWED",
      `"alg" ${typeof alg === "string" ? `"${alg.slice(0, 16)}" ` : ""}is not allowed`,
    );
  }

  if (typeof payload.iss !== "string" || !expect.issuers.includes(payload.iss))
    throw new JwtError("ERR_JWT_CLAIM_INVALID", `"iss" is not the identity provider's issuer`);
  if (!claimIncludesAny(payload.aud, [expect.clientId]))
    throw new JwtError("ERR_JWT_CLAIM_INVALID", `"aud" does not name the client`);
  const several = Array.isArray(payload.aud) && payload.aud.length > 1;
  if ((several || payload.azp !== undefined) && payload.azp !== expect.clientId)
    throw new JwtError("ERR_JWT_CLAIM_INVALID", `"azp" is not the client`);
  checkTimes(payload, expect.now / 1000, ID_TOKEN_LEEWAY_SECONDS);
  checkSubject(payload);
  if (expect.nonce !== undefined && payload.nonce !== expect.nonce)
    throw new JwtError("ERR_JWT_CLAIM_INVALID", `"nonce" is not the one sent`);
  if (payload.at_hash !== undefined && expect.accessToken !== undefined) {
    const expected = await atHashFor(alg as string, expect.accessToken);
    if (typeof payload.at_hash !== "string" || !timingSafeEqual(utf8(payload.at_hash), utf8(expected)))
      throw new JwtError("ERR_JWT_CLAIM_INVALID", `"at_hash" does not match the access token`);
  }
  return payload;
}

/** The hash of each JWS algorithm's family, which `at_hash` is made with (EdDSA: Ed25519's SHA-512). */
const AT_HASH_DIGEST: Readonly<Record<string, string>> = {
  "256": "SHA-256",
  "384": "SHA-384",
  "512": "SHA-512",
  EdDSA: "SHA-512",
};

/**
 * `at_hash` (OpenID Connect Core 3.1.3.6): the left half of the access token's hash under the
 * hash of the ID token's `alg`, base64url.
 *
 * @example
 * ```ts
 * await atHashFor("RS256", "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y"); // "77QmUPtjPfzWtF2AnpK9RQ"
 * ```
 */
export async function atHashFor(alg: string, accessToken: string): Promise<string> {
  const digest = AT_HASH_DIGEST[alg === "EdDSA" ? alg : alg.slice(-3)] ?? "SHA-256";
  const hash = new Uint8Array(await crypto.subtle.digest(digest, utf8(accessToken)));
  return bytesToBase64Url(hash.slice(0, hash.length / 2));
}

async function hmacVerifies(
  hash: string,
  secret: string,
  signature: Uint8Array,
  data: Uint8Array,
): Promise<boolean> {
  const key = await crypto.subtle.importKey("raw", utf8(secret), { name: "HMAC", hash }, false, ["verify"]);
  // WebCrypto's verify compares in constant time.
  return crypto.subtle.verify(
    "HMAC",
    key,
    signature as Uint8Array<ArrayBuffer>,
    data as Uint8Array<ArrayBuffer>,
  );
}
