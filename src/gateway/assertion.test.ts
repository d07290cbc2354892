import {
  calculateJwkThumbprint,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
} from "jose";
import { describe, expect, it } from "vitest";
import type { Principal } from "../authorizer/principal.js";
import { AssertionSigner } from "./assertion.js";
import type { AssertionKeyJwk } from "./assertion-key.js";

const principal: Principal = {
  sub: "user-1",
  username: "zoë",
  groups: ["admins", "a,b"],
  scopes: ["openid", "orders/read"],
  tokenUse: "access",
  issuer: "https://idp.example",
  clientId: "client",
  claims: { secret: "not copied" },
};

async function signer(now = () => 1_700_000_000_000) {
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  const jwk = (await exportJWK(privateKey)) as AssertionKeyJwk;
  return { jwk, signer: new AssertionSigner(jwk, "https://gw.example", now) };
}

describe("AssertionSigner", () => {
  it("publishes the public key alone, with its RFC 7638 thumbprint as kid", async () => {
    const { jwk, signer: s } = await signer();
    const { keys } = await s.jwks();
    const { kty, crv, x, y } = jwk;
    expect(keys).toEqual([
      { kty, crv, x, y, kid: await calculateJwkThumbprint({ kty, crv, x, y }), alg: "ES256", use: "sig" },
    ]);
    // Imported once: the same material answers every call.
    expect((await s.jwks()).keys[0]).toBe(keys[0]);
  });

  it("signs the caller's exact identity for one upstream, for 60 seconds", async () => {
    const { signer: s } = await signer();
    const token = await s.sign(principal, "http://127.0.0.1:8080");
    const publicKey = await importJWK((await s.jwks()).keys[0]!, "ES256");
    const { payload } = await jwtVerify(token, publicKey, {
      issuer: "https://gw.example",
      audience: "http://127.0.0.1:8080",
      currentDate: new Date(1_700_000_030_000),
    });
    expect(payload).toEqual({
      iss: "https://gw.example",
      aud: "http://127.0.0.1:8080",
      sub: "user-1",
      username: "zoë",
      groups: ["admins", "a,b"],
      scope: "openid orders/read",
      iat: 1_700_000_000,
      exp: 1_700_000_060,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(decodeProtectedHeader(token)).toEqual({
      alg: "ES256",
      typ: "JWT",
      kid: (await s.jwks()).keys[0]!.kid,
    });
    await expect(jwtVerify(token, publicKey, { currentDate: new Date(1_700_000_061_000) })).rejects.toThrow(
      /exp/,
    );
    await expect(
      jwtVerify(token, publicKey, {
        audience: "http://other.example",
        currentDate: new Date(1_700_000_001_000),
      }),
    ).rejects.toThrow(/aud/);
  });

  it("leaves out a username the token did not have", async () => {
    const { signer: s } = await signer();
    const token = await s.sign({ ...principal, username: undefined }, "http://u.example");
    const { payload } = await jwtVerify(token, await importJWK((await s.jwks()).keys[0]!, "ES256"), {
      currentDate: new Date(1_700_000_000_000),
    });
    expect(payload).not.toHaveProperty("username");
  });
});
