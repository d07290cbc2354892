/**
 * The byte and number encodings SRP is defined in. Every hash input in Cognito's SRP is the
 * bytes of a `padHex` string, so these must match amazon-cognito-identity-js byte for byte.
 */

const HEX_MSB = /^[89a-f]/;
const HEX = /^[0-9a-fA-F]+$/;

// The byte encodings SRP shares with the rest of cognate.
export {
  base64ToBytes,
  bytesToBase64,
  bytesToHex,
  concatBytes,
  hexToBytes,
  timingSafeEqual,
  utf8,
} from "../../util/encoding.js";

/**
 * Java's `BigInteger.toByteArray()` in lowercase hex: even length, with a `00` byte in front
 * when the top bit is set, so the value never reads as negative.
 *
 * @example
 * ```ts
 * padHex(200n); // "00c8"
 * padHex(20n); // "14"
 * padHex(0n); // "00"
 * ```
 */
export function padHex(n: bigint): string {
  if (n < 0n) throw new RangeError("padHex is defined for non-negative integers only");
  let hex = n.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  return HEX_MSB.test(hex) ? `00${hex}` : hex;
}

/**
 * Parses unsigned hex (either case, no `0x`, odd length allowed) as a client or a store sends
 * it; null for anything else, including the empty string.
 *
 * @example
 * ```ts
 * bigintFromHex("00c8"); // 200n
 * bigintFromHex("-1"); // null
 * ```
 */
export function bigintFromHex(hex: string): bigint | null {
  return HEX.test(hex) ? BigInt(`0x${hex}`) : null;
}
