/**
 * The master key (`COGNATE_MASTER_KEY`) that seals secrets at rest: 32 random bytes, written as
 * base64 or base64url (44 or 43 characters). Generate one with
 * `node -e "console.log(crypto.randomBytes(32).toString('base64'))"`.
 */
import { base64ToBytes, bytesToBase64 } from "../../util/encoding.js";

/** A `COGNATE_MASTER_KEY` value that is not 32 bytes of base64. */
export class MasterKeyError extends Error {
  override readonly name = "MasterKeyError";
}

/**
 * Imports the master key for AES-256-GCM. Non-extractable: the raw key never leaves WebCrypto.
 *
 * @example
 * ```ts
 * const key = await importMasterKey(env.COGNATE_MASTER_KEY);
 * ```
 * @throws {MasterKeyError} unless the text is 32 bytes of base64 or base64url.
 */
export async function importMasterKey(text: string): Promise<CryptoKey> {
  const bytes = base64ToBytes(text.trim());
  if (bytes === null || bytes.length !== 32) throw new MasterKeyError("COGNATE_MASTER_KEY must be 32 random bytes in base64 (44 characters)");
  return crypto.subtle.importKey("raw", bytes, { name: "AES-GCM" }, false, ["encrypt", "decrypt"]);
}

/** A fresh master key, as text for `COGNATE_MASTER_KEY` (what a development start stores). */
export function generateMasterKey(): string {
  return bytesToBase64(crypto.getRandomValues(new Uint8Array(32)));
}
