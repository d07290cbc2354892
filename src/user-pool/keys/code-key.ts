/**
 * The key one-time codes are hashed under. A six-digit code has a million values, so an unkeyed
 * hash of it is no protection: whoever reads a copy of the database tries them all in a quarter
 * of a second. Keyed with HMAC-SHA-256 under a secret of the master key, the stored hash tells
 * nothing without the master key, which never is in the database.
 *
 * The key: the master key's derived secret for the label `cognate-cod1` (see `derivedSecret`:
 * the master key is a non-extractable AES key, so that is how secrets come from it) as the input
 * of HKDF-SHA-256 (info `cognate code hash v1`), giving a non-extractable HMAC-SHA-256 key.
 */
import { bytesToHex, utf8 } from "../../util/encoding.js";
import { derivedHmacKey } from "../../runtime/master-key.js";

/**
 * The HMAC key of codes for this master key (made once per key).
 */
export function codeHashKey(masterKey: CryptoKey): Promise<CryptoKey> {
  return derivedHmacKey(masterKey, "cognate-cod1", "cognate code hash v1");
}

/**
 * The stored form of a code: HMAC-SHA-256, under {@link codeHashKey}, over pool, the user's
 * username key, purpose and code (so a hash never verifies for another user or purpose), in hex.
 */
export async function keyedCodeHash(
  key: CryptoKey,
  poolId: string,
  usernameKey: string,
  purpose: string,
  code: string,
): Promise<string> {
  return bytesToHex(
    new Uint8Array(
      await crypto.subtle.sign("HMAC", key, utf8(`${poolId}\n${usernameKey}\n${purpose}\n${code}`)),
    ),
  );
}
