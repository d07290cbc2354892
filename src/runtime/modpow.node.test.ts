import { describe, expect, it } from "vitest";
import { N } from "../user-pool/srp/constants.js";
import { randomBelow, seededRandom } from "../user-pool/srp/random.testing.js";
import { MODPOW_VECTORS } from "../user-pool/srp/vectors.testing.js";
import { modPow } from "./modpow.node.js";
import { modPow as portable } from "./modpow.web.js";

describe("modPow (node:crypto)", () => {
  it.each(MODPOW_VECTORS.map((v, i) => [i, v] as const))("matches fixed vector %i", (_, v) => {
    expect(modPow(v.base, v.exponent, v.modulus)).toBe(v.result);
  });

  it("equals the portable path on random 3072-bit inputs (seeded)", () => {
    const random = seededRandom(3072);
    for (let i = 0; i < 12; i++) {
      const base = randomBelow(random, N);
      const exponent = randomBelow(random, 1n << 256n);
      expect(modPow(base, exponent, N)).toBe(portable(base, exponent, N));
    }
    for (let i = 0; i < 2; i++) {
      const base = randomBelow(random, N);
      const exponent = randomBelow(random, N);
      expect(modPow(base, exponent, N)).toBe(portable(base, exponent, N));
    }
  });

  it("falls back to the portable path where OpenSSL's DH checks would refuse the base", () => {
    // OpenSSL only accepts a DH public value in [2, p-2]; everything else must still be right.
    for (const base of [0n, 1n, N - 1n, N, N + 1n, -1n, -2n, 2n * N + 1n]) {
      for (const exponent of [0n, 1n, 2n, 3n, (1n << 255n) + 1n]) {
        expect(modPow(base, exponent, N), `${base} ^ ${exponent}`).toBe(portable(base, exponent, N));
      }
    }
  });

  it("is right for moduli OpenSSL's DH would miscompute or refuse", () => {
    const random = seededRandom(512);
    // Too small (OpenSSL answers garbage under 512 bits), even, and over DH's size limit.
    const moduli = [
      randomBelow(random, 1n << 256n) | 1n,
      randomBelow(random, 1n << 511n) | 1n | (1n << 510n),
      (randomBelow(random, 1n << 2048n) | (1n << 2047n)) & ~1n,
      randomBelow(random, 1n << 9000n) | 1n | (1n << 8999n),
      randomBelow(random, 1n << 1024n) | 1n | (1n << 1023n),
      randomBelow(random, 1n << 4096n) | 1n | (1n << 4095n),
    ];
    for (const modulus of moduli) {
      const base = randomBelow(random, modulus);
      const exponent = randomBelow(random, 1n << 128n);
      expect(modPow(base, exponent, modulus)).toBe(portable(base, exponent, modulus));
    }
  });

  it("rejects a non-positive modulus and a negative exponent", () => {
    expect(() => modPow(2n, 3n, 0n)).toThrow(RangeError);
    expect(() => modPow(2n, -1n, N)).toThrow(RangeError);
  });
});
