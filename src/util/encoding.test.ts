import { describe, expect, it } from "vitest";
import { base64ToBytes, bytesToBase64, bytesToBase64Url } from "./encoding.js";

describe("base64", () => {
  // Lengths around every padding case and around the encoder's chunk of 0x2000 bytes.
  const lengths = [0, 1, 2, 3, 4, 5, 31, 32, 33, 256, 0x1fff, 0x2000, 0x2001, 0x4000 + 1, 3 * 0x2000 + 2];

  it.each(lengths)("encodes %i random bytes as node's Buffer does, both alphabets", (length) => {
    const bytes = crypto.getRandomValues(new Uint8Array(length));
    expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString("base64"));
    expect(bytesToBase64Url(bytes)).toBe(Buffer.from(bytes).toString("base64url"));
    expect(base64ToBytes(bytesToBase64Url(bytes))).toEqual(bytes);
  });

  it("encodes a view into a larger buffer by its own bytes only", () => {
    const whole = new Uint8Array([0xfb, 0xff, 1, 2, 3]);
    expect(bytesToBase64(whole.subarray(0, 2))).toBe("+/8=");
    expect(bytesToBase64Url(whole.subarray(2))).toBe("AQID");
  });
});
