import { describe, expect, it } from "vitest";
import { N } from "../user-pool/srp/constants.js";
import { randomBelow, seededRandom } from "../user-pool/srp/random.testing.js";
import { MODPOW_VECTORS } from "../user-pool/srp/vectors.testing.js";
import { modPow } from "./modpow.web.js";

/** Plain right-to-left square-and-multiply: slow, obviously correct. */
function reference(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n % modulus;
  let b = ((base % modulus) + modulus) % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}

describe("modPow (portable)", () => {
  it.each(MODPOW_VECTORS.map((v, i) => [i, v] as const))("matches fixed vector %i", (_, v) => {
    expect(modPow(v.base, v.exponent, v.modulus)).toBe(v.result);
  });

  it("matches square-and-multiply for every window width (seeded)", () => {
    const random = seededRandom(7);
    // Exponent sizes either side of each window-width threshold (23, 79, 239, 671 bits).
    for (const bits of [1, 2, 8, 23, 24, 79, 80, 239, 240, 671, 672, 1024]) {
      const modulus = randomBelow(random, 1n << 512n) | 1n;
      const base = randomBelow(random, modulus);
      const exponent = randomBelow(random, 1n << BigInt(bits)) | (1n << BigInt(bits - 1));
      expect(modPow(base, exponent, modulus), `${bits}-bit exponent`).toBe(
        reference(base, exponent, modulus),
      );
    }
  });

  it("handles small and even moduli, bases out of range and negative bases", () => {
    const random = seededRandom(11);
    for (let i = 0; i < 200; i++) {
      const modulus = randomBelow(random, 1000n) + 1n;
      const base = randomBelow(random, 4000n) - 2000n;
      const exponent = randomBelow(random, 300n);
      expect(modPow(base, exponent, modulus)).toBe(reference(base, exponent, modulus));
    }
  });

  it("returns results in [0, modulus)", () => {
    expect(modPow(5n, 0n, 1n)).toBe(0n);
    expect(modPow(0n, 0n, 7n)).toBe(1n);
    expect(modPow(N, 3n, N)).toBe(0n);
    expect(modPow(-1n, 3n, N)).toBe(N - 1n);
  });

  it("rejects a non-positive modulus and a negative exponent", () => {
    expect(() => modPow(2n, 3n, 0n)).toThrow(RangeError);
    expect(() => modPow(2n, 3n, -7n)).toThrow(RangeError);
    expect(() => modPow(2n, -1n, 7n)).toThrow(RangeError);
  });
});
