import { describe, expect, it } from "vitest";
import { exchangedLifetime, exchangedTokenClaims } from "./claims.js";

const subject = {
  sub: "5f0c-user",
  "cognito:groups": ["staff"],
  iss: "https://idp/us-east-1_A",
  version: 2,
  client_id: "web",
  origin_jti: "family-1",
  event_id: "e-1",
  token_use: "access",
  scope: "openid orders/read orders/write",
  auth_time: 1_699_999_000,
  amr: ["pwd", "mfa"],
  exp: 1_700_000_600,
  iat: 1_699_999_000,
  jti: "j-1",
  username: "alice",
  device_key: "us-east-1_dev",
};

describe("exchangedTokenClaims", () => {
  it("carries the subject's identity and sign-in, names the client and the audience, and nothing else", () => {
    const claims = exchangedTokenClaims({
      issuer: "https://idp/us-east-1_A",
      clientId: "backend",
      audience: "orders",
      scopes: ["orders/read"],
      subject,
      now: 1_700_000_000,
      ttlSeconds: 600,
    });
    expect(Object.keys(claims)).toEqual([
      "sub",
      "cognito:groups",
      "iss",
      "version",
      "client_id",
      "origin_jti",
      "origin_client_id",
      "token_use",
      "scope",
      "auth_time",
      "amr",
      "exp",
      "iat",
      "jti",
      "username",
      "aud",
    ]);
    expect(claims).toMatchObject({
      sub: "5f0c-user",
      "cognito:groups": ["staff"],
      client_id: "backend",
      origin_jti: "family-1",
      token_use: "access",
      scope: "orders/read",
      auth_time: 1_699_999_000,
      amr: ["pwd", "mfa"],
      exp: 1_700_000_600,
      iat: 1_700_000_000,
      username: "alice",
      aud: "orders",
    });
    expect(claims.jti).not.toBe("j-1");
  });

  it("adds act, and leaves out what a machine's token lacks", () => {
    const claims = exchangedTokenClaims({
      issuer: "i",
      clientId: "backend",
      audience: "orders",
      scopes: ["orders/read"],
      subject: { sub: "machine", client_id: "machine", scope: "orders/read", exp: 2 },
      act: { sub: "svc", client_id: "svc" },
      now: 1,
      ttlSeconds: 1,
    });
    expect(claims).not.toHaveProperty("username");
    expect(claims).not.toHaveProperty("origin_jti");
    expect(claims).not.toHaveProperty("cognito:groups");
    expect(claims).toMatchObject({ auth_time: 1, act: { sub: "svc", client_id: "svc" } });
  });
});

describe("exchangedLifetime", () => {
  it("is the client's validity cut to what is left of the subject and actor tokens", () => {
    expect(exchangedLifetime(3600, 1000, [1600, undefined])).toBe(600);
    expect(exchangedLifetime(300, 1000, [1600, 4600])).toBe(300);
    expect(exchangedLifetime(3600, 1000, [4600, 1100])).toBe(100);
  });
});
