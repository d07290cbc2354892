/**
 * PKCE (RFC 7636) as cognate applies it: S256 only (`plain` is refused, as Cognito refuses it), a
 * challenge of 43-128 unreserved characters, and the verifier's SHA-256 compared in constant time.
 * Whether a request must carry a challenge is a setting beyond Cognito (`hostedUi.pkce`).
 */
import { digests } from "#crypto";
import { bytesToBase64Url, timingSafeEqual, utf8 } from "../util/encoding.js";

/**
 * Which authorization-code requests must carry a `code_challenge`: those of clients without a
 * secret (`public-clients`, the default), every client's (`all-clients`), or none (`optional`,
 * Cognito's own behaviour).
 */
export type PkcePolicy = "public-clients" | "all-clients" | "optional";

/** The values of {@link PkcePolicy}. */
export const PKCE_POLICIES: readonly PkcePolicy[] = ["public-clients", "all-clients", "optional"];

/** A code challenge or verifier: 43-128 of `[A-Za-z0-9-._~]` (RFC 7636 section 4.1). */
const UNRESERVED = /^[A-Za-z0-9\-._~]{43,128}$/;

/** Whether a `code_challenge` (or a `code_verifier`) is well-formed. */
export function isPkceValue(value: string): boolean {
  return UNRESERVED.test(value);
}

/** Whether a client must send a challenge under `policy`. */
export function pkceRequired(policy: PkcePolicy, hasSecret: boolean): boolean {
  return policy === "all-clients" || (policy === "public-clients" && !hasSecret);
}

/**
 * Whether `BASE64URL(SHA256(verifier))` is `challenge` (S256), compared in constant time.
 *
 * @example
 * ```ts
 * await verifierMatches("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"); // true
 * ```
 */
export async function verifierMatches(verifier: string, challenge: string): Promise<boolean> {
  if (!isPkceValue(verifier)) return false;
  const computed = bytesToBase64Url(await digests.sha256(utf8(verifier)));
  return timingSafeEqual(utf8(computed), utf8(challenge));
}
