import { describe, expect, it } from "vitest";
import { addressSet, NO_ADDRESSES } from "./risky-addresses.js";

describe("addressSet", () => {
  it("reads a netset with comments, addresses and blocks of both families", () => {
    const set = addressSet(
      "# firehol_level1\n# 3 entries\n203.0.113.0/24\n198.51.100.7\n\n2001:db8:bad::/48 # trailing comment\nnot-an-address\n",
    );
    expect(set.skipped).toBe(1);
    expect(set.size).toBe(3);
    expect(set.has("203.0.113.0")).toBe(true);
    expect(set.has("203.0.113.255")).toBe(true);
    expect(set.has("203.0.114.0")).toBe(false);
    expect(set.has("198.51.100.7")).toBe(true);
    expect(set.has("198.51.100.8")).toBe(false);
    expect(set.has("2001:db8:bad:ffff::1")).toBe(true);
    expect(set.has("2001:db8:bae::1")).toBe(false);
    expect(set.has("::ffff:203.0.113.5")).toBe(true);
    // The set holds addresses only: what cannot be read is not in it (the caller decides what that means).
    for (const unreadable of ["garbage", "203.0.113.005", "198.51.100.7, 203.0.113.5", ""])
      expect(set.has(unreadable), unreadable).toBe(false);
    expect(set.has(undefined)).toBe(false);
  });

  it("merges overlapping and adjacent blocks, and normalises a block's host bits", () => {
    const set = addressSet("10.0.0.0/9, 10.128.0.0/9 10.0.0.5/8; 192.0.2.77/24");
    expect(set.size).toBe(2);
    expect(set.has("10.255.255.255")).toBe(true);
    expect(set.has("11.0.0.0")).toBe(false);
    expect(set.has("192.0.2.1")).toBe(true);
  });

  it("finds addresses in a long list by binary search", () => {
    const lines = Array.from(
      { length: 20_000 },
      (_, i) => `${10 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}.0/25`,
    );
    const set = addressSet(lines.join("\n"));
    expect(set.size).toBe(20_000);
    expect(set.has("10.78.31.100")).toBe(true); // the last: i = 78 * 256 + 31 = 19,999
    expect(set.has("10.78.31.200")).toBe(false); // a /25 holds .0 to .127
    expect(set.has("10.78.32.1")).toBe(false);
    expect(set.has("10.0.0.1")).toBe(true);
    expect(set.has("10.40.7.127")).toBe(true);
    expect(NO_ADDRESSES.has("10.0.0.1")).toBe(false);
  });
});
