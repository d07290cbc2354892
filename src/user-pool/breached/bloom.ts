import { murmur3 } from "./murmur3.js";

/**
 * A Bloom filter over exact strings (UTF-8 bytes; nothing is normalised: passwords are exact).
 *
 * Positions come from Kirsch–Mitzenmacher double hashing: with h1 = MurmurHash3_x86_32(seed 0)
 * and h2 = MurmurHash3_x86_32(seed 0x9747b28c), probe i sets bit (h1 + i·h2) mod m, i < k. Two
 * hashes give the false-positive rate of k independent ones (Kirsch & Mitzenmacher, 2006).
 * Bit j lives in byte j >> 3 at mask 1 << (j & 7).
 */

const SEED_1 = 0;
const SEED_2 = 0x9747b28c;
const encoder = new TextEncoder();

export interface BloomParameters {
  /** m: the filter's size in bits, a multiple of 8. */
  readonly bits: number;
  /** k: bits probed per value. */
  readonly hashes: number;
}

/** The smallest m (rounded up to whole bytes) and the best k for `entries` at `falsePositiveRate`. */
export function bloomParameters(entries: number, falsePositiveRate: number): BloomParameters {
  if (!(entries > 0) || !(falsePositiveRate > 0 && falsePositiveRate < 1)) {
    throw new RangeError("entries must be positive and the false-positive rate in (0, 1)");
  }
  const optimal = (-entries * Math.log(falsePositiveRate)) / Math.LN2 ** 2;
  const bits = Math.ceil(optimal / 8) * 8;
  return { bits, hashes: Math.max(1, Math.round((bits / entries) * Math.LN2)) };
}

/** (1 - e^(-kn/m))^k: the rate at which a value never added is still reported present. */
export function expectedFalsePositiveRate({ bits, hashes }: BloomParameters, entries: number): number {
  return (1 - Math.exp((-hashes * entries) / bits)) ** hashes;
}

export class BloomFilter {
  readonly bits: number;

  constructor(
    readonly bytes: Uint8Array,
    readonly hashes: number,
  ) {
    if (bytes.length === 0 || !Number.isInteger(hashes) || hashes < 1) {
      throw new RangeError("a Bloom filter needs at least one byte and one hash");
    }
    this.bits = bytes.length * 8;
  }

  /** An empty filter of the given shape. */
  static empty({ bits, hashes }: BloomParameters): BloomFilter {
    if (bits % 8 !== 0) throw new RangeError("the filter's size must be whole bytes");
    return new BloomFilter(new Uint8Array(bits / 8), hashes);
  }

  add(value: string): void {
    this.probe(value, (byte, mask) => {
      this.bytes[byte]! |= mask;
      return true;
    });
  }

  /** False: certainly never added. True: added, or a false positive. Synchronous. */
  has(value: string): boolean {
    return this.probe(value, (byte, mask) => (this.bytes[byte]! & mask) !== 0);
  }

  private probe(value: string, visit: (byte: number, mask: number) => boolean): boolean {
    const data = encoder.encode(value);
    const h1 = murmur3(data, SEED_1);
    const h2 = murmur3(data, SEED_2);
    for (let i = 0; i < this.hashes; i++) {
      // i·h2 < 2^36: exact in a double, so the modulo is exact too.
      const bit = (h1 + i * h2) % this.bits;
      if (!visit(bit >>> 3, 1 << (bit & 7))) return false;
    }
    return true;
  }
}
