// A remote issuer's discovery document may not point the authorizer's key fetches at this machine
// or the private network, however the address is spelt; a loopback issuer may (development).
import { describe, expect, it } from "vitest";
import { discoverJwksUri } from "./discovery.js";

const options = (jwksUri: string, issuer: string) => ({
  now: Date.now,
  fetch: (async () => Response.json({ issuer, jwks_uri: jwksUri })) as typeof fetch,
  timeoutMs: 1000,
  maxBytes: 65536,
  defaultTtlMs: 60_000,
  minTtlMs: 1000,
  maxTtlMs: 60_000,
  failureBackoffMs: 0,
});

const outcome = (issuer: string, jwksUri: string) =>
  discoverJwksUri(issuer, options(jwksUri, issuer))().then(
    (uri) => uri,
    (error: Error) => `refused: ${error.message}`,
  );

describe("discoverJwksUri", () => {
  it.each([
    "https://127.0.0.1/jwks",
    "https://0.0.0.0/jwks",
    "https://[::ffff:127.0.0.1]/jwks",
    "https://localhost./jwks",
    "https://foo.localhost/jwks",
    "https://10.0.0.1/jwks",
    "https://169.254.169.254/jwks",
    "https://[fd00::1]/jwks",
    "https://2130706433/jwks",
  ])("refuses a remote issuer's jwks_uri %s", async (jwksUri) => {
    expect(await outcome("https://idp.example", jwksUri)).toMatch(
      /^refused: .*points jwks_uri at this machine/,
    );
  });

  it("takes a public jwks_uri, and a loopback one from a loopback issuer", async () => {
    expect(await outcome("https://idp.example", "https://keys.idp.example/jwks")).toBe(
      "https://keys.idp.example/jwks",
    );
    expect(await outcome("http://127.0.0.1:9000", "http://127.0.0.1:9000/jwks")).toBe(
      "http://127.0.0.1:9000/jwks",
    );
  });
});
