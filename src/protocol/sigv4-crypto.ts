/**
 * The SigV4 hashing and HMAC chain on the runtime's digests (`#crypto`: node:crypto on Node,
 * WebCrypto in workerd).
 */
import { digests } from "#crypto";

const encoder = new TextEncoder();

// Two hex digits per byte value: a table lookup, where a number's toString(16) and padStart cost
// about four times as much for every digest a signature check makes.
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));

function bytes(data: string | Uint8Array): Uint8Array {
  return typeof data === "string" ? encoder.encode(data) : data;
}

/**
 * Lower-case hex of bytes.
 *
 * @example
 * ```ts
 * toHex(new Uint8Array([1, 171])); // "01ab"
 * ```
 */
export function toHex(data: ArrayBuffer | Uint8Array): string {
  const view = data instanceof Uint8Array ? data : new Uint8Array(data);
  let hex = "";
  for (let i = 0; i < view.length; i++) hex += HEX[view[i]!];
  return hex;
}

/**
 * Hex SHA-256 of a string (UTF-8) or bytes.
 *
 * @example
 * ```ts
 * await sha256Hex(""); // "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
 * ```
 */
export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  return toHex(await digests.sha256(bytes(data)));
}

async function hmac(key: Uint8Array, data: string): Promise<Uint8Array> {
  return digests.hmacSha256(key, bytes(data));
}

interface CachedKey {
  secret: string;
  key: Uint8Array;
}

// Derived keys live one day per (key, date, region, service); the map spares four HMACs per
// request. Keyed by access key id, not by secret, and checked against the secret, so a rotated
// secret misses instead of reusing the old key. Its bound is the session-token cache's
// (DEFAULT_SESSION_CACHE_SIZE): every live session signs with a key of its own, and at 128 a
// gateway serving 1,000 sessions derived a key for nearly every request. About 350 bytes an entry.
/** How many derived signing keys are kept, the least recently used dropped first. */
export const MAX_CACHED_SIGNING_KEYS = 10_000;
const signingKeys = new Map<string, CachedKey>();

/**
 * The SigV4 signing key `HMAC(HMAC(HMAC(HMAC("AWS4"+secret, date), region), service), "aws4_request")`,
 * as raw key bytes, cached in a bounded map.
 *
 * @example
 * ```ts
 * const key = await signingKey("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830", "us-east-1", "service");
 * const signature = await hmacHex(key, stringToSign);
 * ```
 */
export async function signingKey(
  accessKeyId: string,
  secretAccessKey: string,
  date: string,
  region: string,
  service: string,
): Promise<Uint8Array> {
  const cacheKey = `${accessKeyId}\n${date}\n${region}\n${service}`;
  const cached = signingKeys.get(cacheKey);
  if (cached !== undefined && cached.secret === secretAccessKey) {
    // Re-insert to keep the map in least-recently-used order.
    signingKeys.delete(cacheKey);
    signingKeys.set(cacheKey, cached);
    return cached.key;
  }
  let key = await hmac(bytes(`AWS4${secretAccessKey}`), date);
  for (const part of [region, service, "aws4_request"]) key = await hmac(key, part);
  signingKeys.delete(cacheKey);
  signingKeys.set(cacheKey, { secret: secretAccessKey, key });
  while (signingKeys.size > MAX_CACHED_SIGNING_KEYS) signingKeys.delete(signingKeys.keys().next().value!);
  return key;
}

/**
 * How many derived signing keys are cached (for tests of the bound).
 *
 * @example
 * ```ts
 * cachedSigningKeys() <= MAX_CACHED_SIGNING_KEYS; // true
 * ```
 */
export function cachedSigningKeys(): number {
  return signingKeys.size;
}

/**
 * Hex HMAC-SHA256 of a string under a key from {@link signingKey}.
 */
export async function hmacHex(key: Uint8Array, data: string): Promise<string> {
  return toHex(await hmac(key, data));
}

/**
 * Compares two strings in time that depends only on their lengths: every character is compared,
 * with no early exit, so a caller learns nothing from timing about how much of a guess was right.
 *
 * @example
 * ```ts
 * timingSafeEqual(provided, expected); // false for any difference, in the same time
 * ```
 */
export function timingSafeEqual(a: string, b: string): boolean {
  const length = Math.max(a.length, b.length);
  let diff = a.length ^ b.length;
  for (let i = 0; i < length; i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return diff === 0;
}
