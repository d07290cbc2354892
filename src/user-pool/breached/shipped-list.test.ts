import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { FILTER_MIN_LENGTH, FILTER_SOURCE, FILTER_TOP, selectEntries } from "./build.js";
import { BREACHED_FILTER } from "./filter-data.js";
import { isOnShippedList, shippedFilter } from "./shipped-list.js";

const require = createRequire(import.meta.url);
const packageDir = dirname(require.resolve(`${FILTER_SOURCE.packageName}/package.json`));
const lines = readFileSync(join(packageDir, FILTER_SOURCE.path), "utf8").split("\n");
const entries = selectEntries(lines.join("\n"));

/** mulberry32, seeded: the same "random" passwords on every run, so the measured rate is stable. */
function seededPasswords(count: number, length: number, seed: number): string[] {
  const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&*+-=?@^_~.,:;";
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  return Array.from({ length: count }, () =>
    Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join(""),
  );
}

describe("the shipped breached-password filter", () => {
  it("matches the list it says it was built from", () => {
    expect(entries).toHaveLength(BREACHED_FILTER.entries);
    expect(shippedFilter().bits).toBe(BREACHED_FILTER.bits);
    expect(shippedFilter().hashes).toBe(BREACHED_FILTER.hashes);
    expect(entries.every((entry) => [...entry].length >= FILTER_MIN_LENGTH)).toBe(true);
    // The most common breached passwords, straight from the top of the list.
    for (const common of ["123456", "password", "12345678", "qwerty", "123456789", "password1", "iloveyou"]) {
      expect(isOnShippedList(common)).toBe(true);
    }
  });

  it("finds every one of its entries (no false negatives)", () => {
    const missing = entries.filter((entry) => !isOnShippedList(entry));
    expect(missing).toEqual([]);
  });

  it("keeps entries exact and deep in the list: ranks 90,000 to 100,000 are found as written", () => {
    const deep = lines.slice(90_000, FILTER_TOP).filter((line) => line.length >= FILTER_MIN_LENGTH);
    expect(deep.length).toBeGreaterThan(8_000);
    expect(deep.every(isOnShippedList)).toBe(true);
    // Not normalised: a changed case or a surrounding space is another password, found only at
    // the false-positive rate (or where the variant is itself on the list).
    const listed = new Set(entries);
    const variants = deep.flatMap((entry) => [` ${entry}`, `${entry} `]).filter((v) => !listed.has(v));
    const rate = variants.filter(isOnShippedList).length / variants.length;
    expect(rate).toBeLessThan(3e-3);
  });

  it("reports random strong passwords at about its design false-positive rate", () => {
    const trials = 200_000;
    const candidates = seededPasswords(trials, 16, 0x5eedc09a);
    const listed = new Set(entries);
    expect(candidates.some((candidate) => listed.has(candidate))).toBe(false);
    const rate = candidates.filter(isOnShippedList).length / trials;
    // Design rate 1.0e-3; with 200,000 trials one standard deviation is 0.07e-3.
    expect(BREACHED_FILTER.falsePositiveRate).toBeCloseTo(1e-3, 4);
    expect(rate).toBeGreaterThan(0.7e-3);
    expect(rate).toBeLessThan(1.3e-3);
  });

  it("leaves out entries too short for any Cognito password policy", () => {
    const short = lines
      .slice(0, FILTER_TOP)
      .filter((line) => line.length > 0 && line.length < FILTER_MIN_LENGTH);
    expect(short.length).toBe(FILTER_TOP - BREACHED_FILTER.entries);
    expect(short).toContain("12345");
  });
});
