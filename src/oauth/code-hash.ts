/**
 * Authorization codes at rest: HMAC-SHA-256 under a key of the master key (label `cognate-oac1`,
 * then HKDF-SHA-256 with info `cognate oauth code v1`), over the pool and the code. A database
 * copy holds no usable code, and a hash never names a code of another pool.
 */
import { digests } from "#crypto";
import { derivedHmacKeyBytes } from "../runtime/master-key.js";
import { bytesToBase64Url, bytesToHex, utf8 } from "../util/encoding.js";

// The key as bytes, so Node hashes on the calling thread (`#crypto`), not as a WebCrypto job on
// the thread pool, which costs several times a small HMAC on every exchange.
const codeKey = (masterKey: CryptoKey) =>
  derivedHmacKeyBytes(masterKey, "cognate-oac1", "cognate oauth code v1");

/** A new authorization code: 32 random bytes, base64url (43 characters). */
export function newAuthorizationCode(): string {
  return bytesToBase64Url(crypto.getRandomValues(new Uint8Array(32)));
}

/**
 * The stored form of a code, hex.
 *
 * @example
 * ```ts
 * const hash = await authorizationCodeHash(await ctx.masterKey(), poolId, code);
 * ```
 */
export async function authorizationCodeHash(
  masterKey: CryptoKey,
  poolId: string,
  code: string,
): Promise<string> {
  return bytesToHex(await digests.hmacSha256(await codeKey(masterKey), utf8(`${poolId}\n${code}`)));
}
