import { describe, expect, it } from "vitest";
import { isPkceValue, pkceRequired, verifierMatches } from "./pkce.js";

describe("PKCE", () => {
  it("matches RFC 7636 appendix B's verifier and challenge", async () => {
    expect(
      await verifierMatches(
        "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
      ),
    ).toBe(true);
    expect(
      await verifierMatches(
        "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXj",
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
      ),
    ).toBe(false);
    // plain (the verifier as its own challenge) never matches.
    const verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    expect(await verifierMatches(verifier, verifier)).toBe(false);
  });

  it("takes 43-128 unreserved characters", () => {
    expect(isPkceValue("a".repeat(43))).toBe(true);
    expect(isPkceValue("a".repeat(128))).toBe(true);
    expect(isPkceValue("a".repeat(42))).toBe(false);
    expect(isPkceValue("a".repeat(129))).toBe(false);
    expect(isPkceValue(`${"a".repeat(42)}+`)).toBe(false);
    expect(isPkceValue(`${"a".repeat(40)}-._~`)).toBe(true);
  });

  it("requires a challenge by the policy", () => {
    expect(pkceRequired("public-clients", false)).toBe(true);
    expect(pkceRequired("public-clients", true)).toBe(false);
    expect(pkceRequired("all-clients", true)).toBe(true);
    expect(pkceRequired("optional", false)).toBe(false);
  });
});
