/**
 * The hash functions of Cognito's SRP, on the runtime's digests (`#crypto`: node:crypto on Node,
 * WebCrypto elsewhere), so they are async.
 */
import { digests } from "#crypto";
import { bytesToHex, hexToBytes, utf8 } from "./encoding.js";

/**
 * SHA-256 of `data`.
 */
export async function sha256(data: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  return digests.sha256(data);
}

/**
 * `H(x)`: SHA-256 as 64 lowercase hex digits. A string is hashed as its UTF-8 bytes.
 *
 * @example
 * ```ts
 * await H("abc"); // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
 * ```
 */
export async function H(data: string | Uint8Array): Promise<string> {
  return bytesToHex(await sha256(typeof data === "string" ? utf8(data) : data));
}

/**
 * `hexHash(h) = H(bytes_from_hex(h))`: how every SRP value built from `padHex` strings is hashed.
 *
 * @example
 * ```ts
 * await hexHash("616263"); // H("abc")
 * ```
 */
export async function hexHash(hex: string): Promise<string> {
  return H(hexToBytes(hex));
}

/**
 * HMAC-SHA256 of `message` under `key`.
 *
 * @example
 * ```ts
 * const mac = await hmacSha256(utf8("key"), utf8("The quick brown fox jumps over the lazy dog"));
 * bytesToHex(mac); // "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"
 * ```
 */
export async function hmacSha256(key: Uint8Array, message: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  return digests.hmacSha256(key, message);
}
