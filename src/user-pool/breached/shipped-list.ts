import { BloomFilter } from "./bloom.js";
import { BREACHED_FILTER } from "./filter-data.js";

/**
 * The breached-password list shipped with cognate (see filter-data.ts for its source and shape).
 * Decoded on first use, not at import: an isolate that never checks a password never pays for it.
 */

let shipped: BloomFilter | undefined;

function decode(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The shipped filter, decoded once per isolate or process. */
export function shippedFilter(): BloomFilter {
  if (!shipped) {
    const filter = new BloomFilter(decode(BREACHED_FILTER.base64), BREACHED_FILTER.hashes);
    if (filter.bits !== BREACHED_FILTER.bits)
      throw new Error("the shipped breached-password filter is corrupt");
    shipped = filter;
  }
  return shipped;
}

/**
 * Whether `password` is on the shipped list. Synchronous and offline. The password is taken
 * exactly as typed: no trimming, no case folding. A strong password is wrongly reported with the
 * filter's false-positive rate (about 1 in 1,000): the user is asked for another one.
 *
 * @example
 * isOnShippedList("password1"); // true
 * isOnShippedList("correct horse battery staple 1917"); // false (unless a false positive)
 */
export function isOnShippedList(password: string): boolean {
  return shippedFilter().has(password);
}
