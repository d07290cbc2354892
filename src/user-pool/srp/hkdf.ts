/**
 * Cognito's key derivation: one block of HKDF-SHA256 (RFC 5869) from the SRP secret S.
 */
import { DERIVED_KEY_BYTES, HKDF_INFO } from "./constants.js";
import { concatBytes, hexToBytes, padHex, utf8 } from "./encoding.js";
import { hmacSha256 } from "./hash.js";

const INFO_BLOCK_1 = concatBytes(utf8(HKDF_INFO), new Uint8Array([1]));

/**
 * The 16-byte key K both sides derive from the shared secret `S` and the scrambler `u`:
 * `PRK = HMAC(key = bytes(padHex(u)), bytes(padHex(S)))`, then
 * `K = HMAC(PRK, "Caldera Derived Key" ‖ 0x01)[0..16]`.
 *
 * @example
 * ```ts
 * const K = await deriveKey(S, u); // Uint8Array(16)
 * ```
 */
export async function deriveKey(S: bigint, u: bigint): Promise<Uint8Array<ArrayBuffer>> {
  const prk = await hmacSha256(hexToBytes(padHex(u)), hexToBytes(padHex(S)));
  const okm = await hmacSha256(prk, INFO_BLOCK_1);
  return okm.slice(0, DERIVED_KEY_BYTES);
}
