import { describe, expect, it } from "vitest";
import { clientCredentialsClaims } from "./client-credentials.js";

describe("clientCredentialsClaims", () => {
  it("is Cognito's machine-to-machine access token, claim by claim and in its order", () => {
    const claims = clientCredentialsClaims({
      issuer: "https://auth.example.com/us-east-1_AbC",
      clientId: "4rclient",
      scope: "orders/read",
      now: 1_700_000_000,
      ttlSeconds: 900,
    });
    expect(Object.keys(claims)).toEqual([
      "sub",
      "token_use",
      "scope",
      "auth_time",
      "iss",
      "exp",
      "iat",
      "version",
      "jti",
      "client_id",
    ]);
    expect(claims).toMatchObject({
      sub: "4rclient",
      client_id: "4rclient",
      token_use: "access",
      auth_time: 1_700_000_000,
      iat: 1_700_000_000,
      exp: 1_700_000_900,
      version: 2,
    });
    expect(claims).not.toHaveProperty("username");
  });
});
