/**
 * Byte encodings shared by every protocol here: hex, base64 (standard and url-safe), UTF-8, and
 * a constant-time comparison. Web APIs only.
 */

const HEX = /^[0-9a-fA-F]+$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const utf8Encoder = new TextEncoder();

/**
 * The bytes of an even-length hex string.
 *
 * @example
 * ```ts
 * hexToBytes("00c8"); // Uint8Array [0, 200]
 * ```
 */
export function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  if (hex.length % 2 === 1 || (hex.length > 0 && !HEX.test(hex)))
    throw new TypeError("not an even-length hex string");
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

/**
 * Lowercase hex of `bytes`, two digits per byte.
 *
 * @example
 * ```ts
 * bytesToHex(new Uint8Array([0, 200])); // "00c8"
 * ```
 */
export function bytesToHex(bytes: Uint8Array): string {
  let hex = "";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

/**
 * Standard base64 with padding, the alphabet Cognito uses for SECRET_BLOCK and signatures.
 *
 * @example
 * ```ts
 * bytesToBase64(new Uint8Array([0xfb, 0xff])); // "+/8="
 * ```
 */
export function bytesToBase64(bytes: Uint8Array): string {
  // A character code per byte, taken in chunks: one call per chunk is twice as fast as one per
  // byte (tokens go through here), and the chunk bounds the call's argument count.
  let binary = "";
  for (let at = 0; at < bytes.length; at += 0x2000)
    binary += String.fromCharCode.apply(null, bytes.subarray(at, at + 0x2000) as unknown as number[]);
  return btoa(binary);
}

/**
 * Decodes standard or url-safe base64, padded or not; null when `text` is not base64.
 *
 * @example
 * ```ts
 * base64ToBytes("+/8="); // Uint8Array [0xfb, 0xff]
 * base64ToBytes("-_8"); // the same bytes
 * base64ToBytes("not base64!"); // null
 * ```
 */
export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> | null {
  const standard = text.replace(/-/g, "+").replace(/_/g, "/");
  if (!BASE64.test(standard) || standard.replace(/=+$/, "").length % 4 === 1) return null;
  let binary: string;
  try {
    binary = atob(standard);
  } catch {
    return null;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * UTF-8 bytes of a string.
 *
 * @example
 * ```ts
 * utf8("Caldera Derived Key").length; // 19
 * ```
 */
export function utf8(text: string): Uint8Array<ArrayBuffer> {
  return utf8Encoder.encode(text);
}

/**
 * The concatenation of byte arrays.
 *
 * @example
 * ```ts
 * concatBytes(utf8("a"), new Uint8Array([1])); // Uint8Array [0x61, 1]
 * ```
 */
export function concatBytes(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * Compares two byte strings in time that depends only on their lengths, which are public
 * (a signature is always 32 bytes).
 *
 * @example
 * ```ts
 * timingSafeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2])); // true
 * ```
 */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/**
 * Base64url without padding (RFC 4648 section 5), as JOSE and cognate's sealed values use it.
 *
 * @example
 * ```ts
 * bytesToBase64Url(new Uint8Array([0xfb, 0xff])); // "-_8"
 * ```
 */
export function bytesToBase64Url(bytes: Uint8Array): string {
  return bytesToBase64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
