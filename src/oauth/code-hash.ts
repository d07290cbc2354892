/**
 * Authorization codes at rest: HMAC-SHA-256 under a key of the master key (label `cognate-oac1`,
 * then HKDF-SHA-256 with info `cognate oauth code v1`), over the pool and the code. A database
 * copy holds no usable code, and a hash never names a code of another pool.
 */
import { derivedSecret } from "../user-pool/keys/master-key.js";
import { bytesToBase64Url, bytesToHex, utf8 } from "../util/encoding.js";

const keys = new WeakMap<CryptoKey, Promise<CryptoKey>>();

function codeKey(masterKey: CryptoKey): Promise<CryptoKey> {
  let key = keys.get(masterKey);
  if (key === undefined) {
    key = derivedSecret(masterKey, "cognate-oac1").then(async (secret) => {
      const input = await crypto.subtle.importKey("raw", secret as Uint8Array<ArrayBuffer>, "HKDF", false, [
        "deriveKey",
      ]);
      return crypto.subtle.deriveKey(
        { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(32), info: utf8("cognate oauth code v1") },
        input,
        { name: "HMAC", hash: "SHA-256", length: 256 },
        false,
        ["sign"],
      );
    });
    keys.set(masterKey, key);
  }
  return key;
}

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
  const key = await codeKey(masterKey);
  return bytesToHex(new Uint8Array(await crypto.subtle.sign("HMAC", key, utf8(`${poolId}\n${code}`))));
}
