import { describe, expect, it } from "vitest";
import { cidrPrefix, inBlockedRanges, inRanges, onRiskyList } from "./ip-ranges.js";
import { addressSet, NO_ADDRESSES } from "./risky-addresses.js";

describe("inRanges", () => {
  it("matches IPv4 addresses by prefix, at any length", () => {
    expect(inRanges("203.0.113.9", ["203.0.113.0/24"])).toBe(true);
    expect(inRanges("203.0.114.9", ["203.0.113.0/24"])).toBe(false);
    expect(inRanges("10.200.3.4", ["10.0.0.0/8"])).toBe(true);
    expect(inRanges("198.51.100.7", ["198.51.100.7/32"])).toBe(true);
    expect(inRanges("198.51.100.8", ["198.51.100.7/32"])).toBe(false);
    expect(inRanges("8.8.8.8", ["0.0.0.0/0"])).toBe(true);
  });

  it("matches IPv6, compressed or not, and takes an IPv4-mapped address as IPv4", () => {
    expect(inRanges("2001:db8::1", ["2001:db8::/32"])).toBe(true);
    expect(inRanges("2001:0db8:0000:0000:0000:0000:0000:0001", ["2001:db8::/32"])).toBe(true);
    expect(inRanges("2001:db9::1", ["2001:db8::/32"])).toBe(false);
    expect(inRanges("::1", ["::1/128"])).toBe(true);
    expect(inRanges("::ffff:127.0.0.1", ["127.0.0.0/8"])).toBe(true);
    expect(inRanges("::ffff:127.0.0.1", ["::1/128"])).toBe(false);
  });

  it("never matches across families, nor an invalid address or range", () => {
    expect(inRanges("10.0.0.1", ["::/0"])).toBe(false);
    expect(inRanges("::2", ["0.0.0.0/0"])).toBe(false);
    expect(inRanges("not-an-ip", ["0.0.0.0/0"])).toBe(false);
    expect(inRanges(undefined, ["0.0.0.0/0"])).toBe(false);
    expect(inRanges("10.0.0.1", ["10.0.0.0/33", "300.0.0.0/8", "10.0.0.0"])).toBe(false);
  });
});

describe("inBlockedRanges", () => {
  it("blocks an unreadable address wherever a list applies, and nothing without a list or an address", () => {
    expect(inBlockedRanges("203.0.113.9", ["203.0.113.0/24"])).toBe(true);
    expect(inBlockedRanges("198.51.100.1", ["203.0.113.0/24"])).toBe(false);
    for (const unreadable of [
      "not-an-ip",
      "203.0.113.005",
      "198.51.100.7, 203.0.113.5",
      "",
      "::ffff:999.0.0.1",
    ]) {
      expect(inBlockedRanges(unreadable, ["203.0.113.0/24"]), unreadable).toBe(true);
      expect(inBlockedRanges(unreadable, []), unreadable).toBe(false);
      expect(inBlockedRanges(unreadable, undefined), unreadable).toBe(false);
    }
    expect(inBlockedRanges(undefined, ["0.0.0.0/0"])).toBe(false);
  });
});

describe("onRiskyList", () => {
  it("counts an unreadable address as listed while a list is loaded, and nothing without one", () => {
    const list = addressSet("203.0.113.0/24\n");
    expect(onRiskyList(list, "203.0.113.7")).toBe(true);
    expect(onRiskyList(list, "198.51.100.7")).toBe(false);
    for (const unreadable of ["garbage", "203.0.113.005", "198.51.100.7, 203.0.113.5", ""]) {
      expect(onRiskyList(list, unreadable), unreadable).toBe(true);
      expect(onRiskyList(NO_ADDRESSES, unreadable), unreadable).toBe(false);
    }
    expect(onRiskyList(list, undefined)).toBe(false);
  });
});

describe("cidrPrefix", () => {
  it("reads a CIDR of either family, and refuses malformed text and a bare address", () => {
    expect(cidrPrefix("192.0.2.0/24")).toMatchObject({ v6: false, prefix: 24 });
    expect(cidrPrefix("2001:db8::/32")).toMatchObject({ v6: true, prefix: 32 });
    for (const bad of [
      "1.2.3/8",
      "1.2.3.256/8",
      "1::2::3/64",
      "1:2:3:4:5:6:7:8:9/64",
      "12345::/16",
      "1.2.3.4.5/8",
      "2001:db8::/129",
      "10.0.0.0/33",
      "192.0.2.1",
    ]) {
      expect(cidrPrefix(bad)).toBeUndefined();
    }
  });
});
