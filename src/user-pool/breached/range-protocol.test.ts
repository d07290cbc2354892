import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { countInRange, RangeProtocolError, sha1Hex, splitHash } from "./range-protocol.js";

// SHA-1("password") = 5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8, the example in HIBP's API docs.
const SUFFIX = "1E4C9B93F3F0682250B6CF8331B7EE68FD8";

describe("range protocol", () => {
  it("hashes the UTF-8 password with SHA-1, uppercase", async () => {
    expect(await sha1Hex("password")).toBe("5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8");
    expect(await sha1Hex("")).toBe("DA39A3EE5E6B4B0D3255BFEF95601890AFD80709");
    // Over UTF-8 bytes, as the Pwned Passwords corpus is hashed.
    const utf8 = createHash("sha1").update(Buffer.from("p\u00e4ssw\u00f6rd \u{1f511}", "utf8")).digest("hex");
    expect(await sha1Hex("p\u00e4ssw\u00f6rd \u{1f511}")).toBe(utf8.toUpperCase());
  });

  it("sends five hex digits and keeps thirty-five", () => {
    expect(splitHash("5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8")).toEqual({
      prefix: "5BAA6",
      suffix: SUFFIX,
    });
    expect(() => splitHash("5baa61e4c9b93f3f0682250b6cf8331b7ee68fd8")).toThrow(TypeError);
    expect(() => splitHash("5BAA6")).toThrow(TypeError);
  });

  it("finds the suffix, whatever its case, with its count", () => {
    const body = `003D68EB55068C33ACE09247EE4C639306B:3\r\n${SUFFIX.toLowerCase()}:9545824\r\n012C192B2F16F82EA0EB9EF18D9D539B0DD:1`;
    expect(countInRange(body, SUFFIX)).toBe(9_545_824);
    expect(countInRange(body.toLowerCase(), SUFFIX)).toBe(9_545_824);
    expect(countInRange(`${body}\r\n`, SUFFIX.toLowerCase())).toBe(9_545_824);
  });

  it("reads padding (count 0) and absence alike as not seen", () => {
    expect(countInRange(`${SUFFIX}:0\r\n003D68EB55068C33ACE09247EE4C639306B:3\r\n`, SUFFIX)).toBe(0);
    expect(countInRange("003D68EB55068C33ACE09247EE4C639306B:3", SUFFIX)).toBe(0);
    expect(countInRange("", SUFFIX)).toBe(0);
  });

  it("refuses an answer that is not SUFFIX:COUNT lines", () => {
    for (const body of [
      "<html><body>Please log in</body></html>",
      `${SUFFIX}:12\r\n${SUFFIX.slice(1)}:3`,
      `${SUFFIX}:-1`,
      `${SUFFIX}:1e3`,
      `${SUFFIX}`,
      `5BAA6${SUFFIX}:1`,
      `${SUFFIX.slice(0, 34)}G:1`,
      `{"suffix":"${SUFFIX}"}`,
    ]) {
      expect(() => countInRange(body, SUFFIX), body).toThrow(RangeProtocolError);
    }
    expect(() => countInRange("", "ABC")).toThrow(TypeError);
  });
});
