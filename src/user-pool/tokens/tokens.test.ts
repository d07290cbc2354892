import { JwtRsaVerifier } from "aws-jwt-verify";
import { Hono } from "hono";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { describe, expect, it } from "vitest";
import { authorizer } from "../../authorizer/index.js";
import { generateMasterKey, importMasterKey } from "../../runtime/master-key.js";
import { createSigningKey, signingKeyOf } from "../keys/signing-key.js";
import { issueTokens, newRefreshToken, tokenHash, type PoolSigningKeys } from "./issue.js";

const POOL = "us-east-1_Pool1";
const ISSUER = `http://127.0.0.1:9229/${POOL}`;
const NOW = Math.floor(Date.now() / 1000);

async function pool() {
  const master = await importMasterKey(generateMasterKey());
  const [idKey, accessKey] = await Promise.all([
    createSigningKey(master, POOL),
    createSigningKey(master, POOL),
  ]);
  const keys: PoolSigningKeys = {
    id: { kid: idKey.kid, key: await signingKeyOf(master, POOL, idKey) },
    access: { kid: accessKey.kid, key: await signingKeyOf(master, POOL, accessKey) },
  };
  return { keys, jwks: { keys: [idKey.publicJwk, accessKey.publicJwk] } };
}

const facts = {
  issuer: ISSUER,
  clientId: "client1",
  username: "8f1e6c2a-0000-4000-8000-000000000001",
  sub: "8f1e6c2a-0000-4000-8000-000000000001",
  attributes: { email: "alice@example.com", email_verified: "true", "custom:tier": "7" },
  groups: ["admins", "staff"],
  roles: ["arn:aws:iam::123456789012:role/admins", ""],
  authTime: NOW - 10,
  originJti: "0d0f1c4e-0000-4000-8000-0000000000aa",
  eventId: "ev-1",
  now: NOW,
};

describe("issued tokens", () => {
  it("carry Cognito's claims, in Cognito's order, signed with two different kids", async () => {
    const { keys } = await pool();
    const result = await issueTokens(keys, facts);
    expect(result).toMatchObject({ ExpiresIn: 3600, TokenType: "Bearer" });
    const id = decodeJwt(result.IdToken);
    const access = decodeJwt(result.AccessToken);
    expect(Object.keys(id)).toEqual([
      "sub",
      "cognito:groups",
      "cognito:roles",
      "cognito:preferred_role",
      "email",
      "email_verified",
      "custom:tier",
      "iss",
      "cognito:username",
      "origin_jti",
      "aud",
      "event_id",
      "token_use",
      "auth_time",
      "exp",
      "iat",
      "jti",
    ]);
    expect(id).toMatchObject({
      email_verified: true,
      "custom:tier": "7",
      aud: "client1",
      token_use: "id",
      exp: NOW + 3600,
      "cognito:preferred_role": "arn:aws:iam::123456789012:role/admins",
    });
    expect(Object.keys(access)).toEqual([
      "sub",
      "cognito:groups",
      "cognito:roles",
      "cognito:preferred_role",
      "iss",
      "client_id",
      "origin_jti",
      "event_id",
      "token_use",
      "scope",
      "auth_time",
      "exp",
      "iat",
      "jti",
      "username",
    ]);
    expect(access).toMatchObject({
      client_id: "client1",
      scope: "aws.cognito.signin.user.admin",
      token_use: "access",
    });
    expect(access).not.toHaveProperty("aud");
    expect(decodeProtectedHeader(result.IdToken)).toEqual({ kid: keys.id.kid, alg: "RS256" });
    expect(decodeProtectedHeader(result.AccessToken).kid).toBe(keys.access.kid);
    expect(keys.id.kid).not.toBe(keys.access.kid);
    expect(id.jti).not.toBe(access.jti);
  });

  it("verify with aws-jwt-verify's JwtRsaVerifier and with cognate's own authorizer()", async () => {
    const { keys, jwks } = await pool();
    const { IdToken, AccessToken } = await issueTokens(keys, { ...facts, amr: ["pwd", "mfa", "otp"] });
    const verifier = JwtRsaVerifier.create({
      issuer: ISSUER,
      audience: null,
      jwksUri: `${ISSUER}/.well-known/jwks.json`,
    });
    verifier.cacheJwks(jwks as never);
    expect(await verifier.verify(AccessToken, { audience: null } as never)).toMatchObject({
      token_use: "access",
      username: facts.username,
      amr: ["pwd", "mfa", "otp"],
    });
    expect(await verifier.verify(IdToken, { audience: "client1" } as never)).toMatchObject({
      token_use: "id",
      "cognito:username": facts.username,
    });

    const app = new Hono();
    app.use(
      "/api/*",
      authorizer({
        issuers: [
          { type: "cognito", userPoolId: POOL, clientId: "client1", tokenUse: "access", issuer: ISSUER },
        ],
        fetch: async () => Response.json(jwks),
      }),
    );
    app.get("/api/me", (c) => c.json(c.var.principal));
    const res = await app.request("/api/me", { headers: { authorization: `Bearer ${AccessToken}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      sub: facts.sub,
      username: facts.username,
      groups: ["admins", "staff"],
      scopes: ["aws.cognito.signin.user.admin"],
    });
  });

  it("make opaque refresh tokens shaped like Cognito's, stored only as hashes", async () => {
    const token = newRefreshToken();
    expect(token.split(".")).toHaveLength(5);
    expect(token).toMatch(/^[A-Za-z0-9\-_=.]+$/);
    expect(JSON.parse(atob(token.split(".")[0]!))).toEqual({ cty: "JWT", enc: "A256GCM", alg: "RSA-OAEP" });
    expect(newRefreshToken()).not.toBe(token);
    expect(await tokenHash(token)).toMatch(/^[0-9a-f]{64}$/);
  });
});
