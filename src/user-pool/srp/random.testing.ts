import type { RandomBytes } from "./random.js";

/**
 * A deterministic byte source for tests (mulberry32): the same seed gives the same salts and
 * server secrets, so a failing exchange can be replayed. Never for production use.
 */
export function seededRandom(seed: number): RandomBytes {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) & 0xff;
  };
  return (length) => Uint8Array.from({ length }, next);
}

/**
 * A uniform-ish random bigint below `limit` from `random` (tests only: the modulo bias is fine here).
 */
export function randomBelow(
  random: RandomBytes,
  limit: bigint,
  bytes = Math.ceil(limit.toString(16).length / 2) + 8,
): bigint {
  let value = 0n;
  for (const byte of random(bytes)) value = (value << 8n) | BigInt(byte);
  return value % limit;
}
