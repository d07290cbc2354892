import { describe, expect, it } from "vitest";
import {
  base64ToBytes,
  bigintFromHex,
  bytesToBase64,
  bytesToHex,
  concatBytes,
  hexToBytes,
  padHex,
  timingSafeEqual,
  utf8,
} from "./encoding.js";

describe("padHex", () => {
  it.each([
    [0n, "00"],
    [20n, "14"],
    [200n, "00c8"],
    [0x7fn, "7f"],
    [0x80n, "0080"],
    [0xfffn, "0fff"],
    [0x100n, "0100"],
    [0x8000n, "008000"],
    [0x123456789abcdefn, "0123456789abcdef"],
  ])("%s → %s", (n, hex) => {
    expect(padHex(n)).toBe(hex);
  });

  it("is Java's BigInteger.toByteArray(): even length, top bit clear", () => {
    for (let n = 0n; n < 70_000n; n += 7n) {
      const hex = padHex(n);
      expect(hex.length % 2).toBe(0);
      expect(parseInt(hex[0]!, 16)).toBeLessThan(8);
      expect(BigInt(`0x${hex}`)).toBe(n);
      // Minimal: dropping a leading 00 would set the top bit or change nothing.
      if (hex.startsWith("00") && hex.length > 2) expect(parseInt(hex[2]!, 16)).toBeGreaterThanOrEqual(8);
    }
  });

  it("rejects negative numbers", () => {
    expect(() => padHex(-1n)).toThrow(RangeError);
  });
});

describe("hex and base64", () => {
  it("parses unsigned hex only", () => {
    expect(bigintFromHex("00c8")).toBe(200n);
    expect(bigintFromHex("ABC")).toBe(0xabcn);
    for (const bad of ["", "-1", "0x10", "12 ", "g1", "1.5"]) expect(bigintFromHex(bad), bad).toBeNull();
  });

  it("round-trips bytes through hex", () => {
    const bytes = new Uint8Array([0, 1, 0x7f, 0x80, 0xff]);
    expect(bytesToHex(bytes)).toBe("00017f80ff");
    expect(hexToBytes("00017f80ff")).toEqual(bytes);
    expect(hexToBytes("")).toEqual(new Uint8Array());
    expect(() => hexToBytes("abc")).toThrow(TypeError);
    expect(() => hexToBytes("zz")).toThrow(TypeError);
  });

  it("decodes standard and url-safe base64, padded or not", () => {
    const bytes = new Uint8Array([0xfb, 0xff, 0xbf]);
    expect(bytesToBase64(bytes)).toBe("+/+/");
    expect(base64ToBytes("+/+/")).toEqual(bytes);
    expect(base64ToBytes("-_-_")).toEqual(bytes);
    expect(base64ToBytes("+/8=")).toEqual(new Uint8Array([0xfb, 0xff]));
    expect(base64ToBytes("+/8")).toEqual(new Uint8Array([0xfb, 0xff]));
    expect(base64ToBytes("")).toEqual(new Uint8Array());
  });

  it("rejects what is not base64", () => {
    for (const bad of ["a", "abcde", "ab cd", "ab=c", "ab===", "é", "YQ==YQ=="])
      expect(base64ToBytes(bad), bad).toBeNull();
  });

  it("concatenates and encodes UTF-8", () => {
    expect(concatBytes(utf8("é"), new Uint8Array([1]), utf8(""))).toEqual(new Uint8Array([0xc3, 0xa9, 1]));
  });
});

describe("timingSafeEqual", () => {
  it("compares bytes", () => {
    expect(timingSafeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3]))).toBe(true);
    expect(timingSafeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4]))).toBe(false);
    expect(timingSafeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2]))).toBe(false);
    expect(timingSafeEqual(new Uint8Array(), new Uint8Array())).toBe(true);
  });
});
