import { describe, expect, it } from "vitest";
import { resolveConfig } from "../config.js";
import { OptionsError } from "../util/validate.js";
import { resolveAssertionKey } from "./assertion-key.js";

// RFC 7515 appendix A.3's example key.
const KEY = {
  kty: "EC",
  crv: "P-256",
  x: "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
  y: "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
  d: "jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI",
};

function problem(value: unknown): OptionsError {
  try {
    resolveConfig({ assertionKey: value });
  } catch (error) {
    if (error instanceof OptionsError) return error;
    throw error;
  }
  throw new Error("did not throw");
}

describe("resolveAssertionKey", () => {
  it("is optional, and keeps only the key's material", () => {
    expect(resolveAssertionKey(undefined)).toBeUndefined();
    expect(
      resolveAssertionKey({ ...KEY, kid: "mine", alg: "ES256", use: "sig", key_ops: ["sign"], ext: true }),
    ).toEqual(KEY);
    expect(resolveConfig({ assertionKey: KEY }).assertionKey).toEqual(KEY);
  });

  it.each([
    ["a string", "assertionKey", /must be an object/],
    [{ ...KEY, kty: "RSA" }, "assertionKey.kty", /must be "EC" \(a private EC P-256 JWK\), got "RSA"/],
    [{ ...KEY, crv: "P-384" }, "assertionKey.crv", /must be "P-256"/],
    [{ ...KEY, alg: "ES384" }, "assertionKey.alg", /must be "ES256"/],
    [
      { ...KEY, d: undefined },
      "assertionKey.d",
      /must be the private key: 32 bytes in base64url, got nothing/,
    ],
    [{ ...KEY, x: KEY.x.slice(1) }, "assertionKey.x", /must be a coordinate: 32 bytes in base64url/],
    [{ ...KEY, y: `${KEY.y.slice(1)}=` }, "assertionKey.y", /must be a coordinate/],
    [{ ...KEY, n: "AQAB" }, "assertionKey.n", /unknown field/],
  ])("names the member at fault in %j", (value, path, message) => {
    const error = problem(value);
    expect(error.path).toBe(path);
    expect(error.problem).toMatch(message);
  });

  it("never shows the private key in an error", () => {
    expect(problem({ ...KEY, d: `${KEY.d}x` }).message).not.toContain(KEY.d);
  });
});
