import { describe, expect, it } from "vitest";
import { BloomFilter, bloomParameters, expectedFalsePositiveRate } from "./bloom.js";
import { murmur3 } from "./murmur3.js";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("murmur3", () => {
  // The published MurmurHash3_x86_32 vectors (SMHasher's reference implementation).
  it.each([
    ["", 0, 0],
    ["", 1, 0x514e28b7],
    ["", 0xffffffff, 0x81f16f39],
    ["\0\0\0\0", 0, 0x2362f9de],
    ["aaaa", 0x9747b28c, 0x5a97808a],
    ["aaa", 0x9747b28c, 0x283e0130],
    ["aa", 0x9747b28c, 0x5d211726],
    ["a", 0x9747b28c, 0x7fa09ea6],
    ["abcd", 0x9747b28c, 0xf0478627],
    ["Hello, world!", 0x9747b28c, 0x24884cba],
    ["The quick brown fox jumps over the lazy dog", 0x9747b28c, 0x2fa826cd],
  ])("hashes %j with seed %i", (text, seed, expected) => {
    expect(murmur3(bytes(text), seed)).toBe(expected);
  });

  it("hashes UTF-8 bytes, so composed and decomposed forms differ", () => {
    expect(murmur3(bytes("\u00e9"), 0)).not.toBe(murmur3(bytes("e\u0301"), 0));
    expect(murmur3(bytes("ππππ"), 7)).toBe(murmur3(new Uint8Array([...bytes("ππππ")]), 7));
  });
});

describe("bloomParameters", () => {
  it("sizes m and k by the textbook formulas", () => {
    // m = -n ln p / (ln 2)^2 = 1,437,759 bits for n = 100,000 at p = 1e-3; k = (m/n) ln 2 = 10.
    expect(bloomParameters(100_000, 1e-3)).toEqual({ bits: 1_437_760, hashes: 10 });
    expect(bloomParameters(1_000, 0.01)).toEqual({ bits: 9_592, hashes: 7 });
    expect(expectedFalsePositiveRate({ bits: 1_437_760, hashes: 10 }, 100_000)).toBeCloseTo(1e-3, 5);
  });

  it("refuses sizes that make no filter", () => {
    expect(() => bloomParameters(0, 1e-3)).toThrow(RangeError);
    expect(() => bloomParameters(10, 0)).toThrow(RangeError);
    expect(() => bloomParameters(10, 1)).toThrow(RangeError);
    expect(() => new BloomFilter(new Uint8Array(0), 3)).toThrow(RangeError);
    expect(() => new BloomFilter(new Uint8Array(8), 0)).toThrow(RangeError);
    expect(() => BloomFilter.empty({ bits: 12, hashes: 2 })).toThrow(RangeError);
  });
});

describe("BloomFilter", () => {
  it("finds every value added and, at its design size, few others", () => {
    const added = Array.from({ length: 5_000 }, (_, i) => `member-${i}`);
    const filter = BloomFilter.empty(bloomParameters(added.length, 0.01));
    expect(added.some((value) => filter.has(value))).toBe(false);
    for (const value of added) filter.add(value);
    expect(added.every((value) => filter.has(value))).toBe(true);
    const others = Array.from({ length: 50_000 }, (_, i) => `outsider-${i}`);
    const rate = others.filter((value) => filter.has(value)).length / others.length;
    expect(rate).toBeGreaterThan(0.005);
    expect(rate).toBeLessThan(0.015);
  });

  it("is exact: no trimming, no case folding", () => {
    const filter = BloomFilter.empty({ bits: 1 << 16, hashes: 7 });
    filter.add("Password1");
    expect(filter.has("Password1")).toBe(true);
    expect(filter.has("password1")).toBe(false);
    expect(filter.has(" Password1")).toBe(false);
    expect(filter.has("Password1 ")).toBe(false);
  });

  it("sets k bits per value at the double-hashing positions", () => {
    const filter = BloomFilter.empty({ bits: 1 << 20, hashes: 4 });
    filter.add("hunter2");
    const h1 = murmur3(bytes("hunter2"), 0);
    const h2 = murmur3(bytes("hunter2"), 0x9747b28c);
    const expected = new Set([0, 1, 2, 3].map((i) => (h1 + i * h2) % (1 << 20)));
    const set: number[] = [];
    filter.bytes.forEach((byte, index) => {
      for (let bit = 0; bit < 8; bit++) if (byte & (1 << bit)) set.push(index * 8 + bit);
    });
    expect(new Set(set)).toEqual(expected);
  });
});
