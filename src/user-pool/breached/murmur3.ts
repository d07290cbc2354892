/**
 * MurmurHash3, x86 32-bit variant (Austin Appleby, public domain), over bytes.
 *
 * The Bloom filter needs a synchronous hash that is identical on Node and in workerd, and
 * `crypto.subtle` is asynchronous only. A non-cryptographic hash is enough here: the filter is
 * built from a public list, so a collision an attacker could craft would only get their own
 * password refused.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

function scramble(k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  return Math.imul(k, C2);
}

/** The unsigned 32-bit MurmurHash3_x86_32 of `bytes` under `seed`. */
export function murmur3(bytes: Uint8Array, seed: number): number {
  let h = seed >>> 0;
  const length = bytes.length;
  const tail = length & ~3;
  for (let i = 0; i < tail; i += 4) {
    const k = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    h ^= scramble(k);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const rest = length & 3;
  if (rest > 0) {
    let k = 0;
    if (rest === 3) k ^= bytes[tail + 2]! << 16;
    if (rest >= 2) k ^= bytes[tail + 1]! << 8;
    k ^= bytes[tail]!;
    h ^= scramble(k);
  }
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
