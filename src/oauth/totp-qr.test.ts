// The authenticator key URI and its QR code.
import { describe, expect, it } from "vitest";
import { otpauthUri, qrSvg } from "./totp-qr.js";

describe("otpauthUri", () => {
  it("percent-encodes every part: the pool's name as issuer, the username, the secret", () => {
    expect(otpauthUri("My App & Co", "ana maria@example.com", "JBSWY3DPEHPK3PXP")).toBe(
      "otpauth://totp/My%20App%20%26%20Co:ana%20maria%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=My%20App%20%26%20Co&algorithm=SHA1&digits=6&period=30",
    );
    expect(otpauthUri("pool:1", "a/b?c", "S")).toBe(
      "otpauth://totp/pool%3A1:a%2Fb%3Fc?secret=S&issuer=pool%3A1&algorithm=SHA1&digits=6&period=30",
    );
  });
});

describe("qrSvg", () => {
  it("draws the QR code as SVG markup: modules only, no script, no style attribute, none of the text", () => {
    const svg = qrSvg(otpauthUri("Pool", "ana", "JBSWY3DPEHPK3PXP"));
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 \d+ \d+">/);
    expect(svg).not.toMatch(/<script|style=|JBSWY3DP|ana/);
    // Longer text, a larger code.
    expect(qrSvg(otpauthUri("Pool", "a".repeat(100), "JBSWY3DPEHPK3PXP")).length).toBeGreaterThan(svg.length);
  });
});
