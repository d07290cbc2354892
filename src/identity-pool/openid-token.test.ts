import {
  createLocalJWKSet,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
} from "jose";
import { describe, expect, it } from "vitest";
import { generateMasterKey, importMasterKey } from "../runtime/master-key.js";
import { createIdentityKey, identitySigner } from "./identity-key.js";
import {
  IDENTITY_POOL_ARN_CLAIM,
  OPEN_ID_TOKEN_TTL_SECONDS,
  openIdDiscovery,
  openIdIssuer,
  openIdJwks,
  signOpenIdToken,
  verifyOpenIdToken,
  type OpenIdTokenFacts,
} from "./openid-token.js";

const NOW = 1_750_000_000_000;
const ISSUER = "http://127.0.0.1:9229";
const POOL = "us-east-1:5f0a9a3e-1c4b-4f3e-9a43-0d2f7c1b2a11";
const IDENTITY = "us-east-1:0b3c2f6e-8d1a-4c55-b0de-7a9e4f1d3c22";

async function setUp() {
  const master = await importMasterKey(generateMasterKey());
  const record = await createIdentityKey(master, NOW);
  const key = await identitySigner(master, record);
  const facts: OpenIdTokenFacts = {
    issuer: ISSUER,
    identityId: IDENTITY,
    identityPoolId: POOL,
    amr: ["unauthenticated"],
    now: NOW,
    ttlSeconds: OPEN_ID_TOKEN_TTL_SECONDS,
    region: "us-east-1",
    accountId: "000000000000",
  };
  const sign = (over: Partial<OpenIdTokenFacts> = {}) =>
    signOpenIdToken(key, record.kid, { ...facts, ...over });
  return { master, record, key, sign, jwks: [record.publicJwk] };
}

const segments = (token: string) =>
  token
    .split(".")
    .slice(0, 2)
    .map((part) => JSON.parse(Buffer.from(part, "base64url").toString("utf8")));

describe("the identity service's OpenID tokens", () => {
  it("are shaped as Cognito's: header {kid, typ JWS, alg RS512}, claims in Cognito's order", async () => {
    const { record, sign } = await setUp();
    const token = await sign({ amr: ["authenticated", "a.example", "a.example:client:sub"] });
    const [header, payload] = segments(token);
    expect(header).toEqual({ kid: record.kid, typ: "JWS", alg: "RS512" });
    expect(Object.keys(payload)).toEqual(["sub", "aud", "amr", IDENTITY_POOL_ARN_CLAIM, "iss", "exp", "iat"]);
    expect(payload).toEqual({
      sub: IDENTITY,
      aud: POOL,
      amr: ["authenticated", "a.example", "a.example:client:sub"],
      [IDENTITY_POOL_ARN_CLAIM]: `arn:aws:cognito-identity:us-east-1:000000000000:identitypool/${POOL}`,
      iss: ISSUER,
      exp: NOW / 1000 + 600,
      iat: NOW / 1000,
    });
  });

  it("verify with jose against the published JWKS and the discovery document's issuer", async () => {
    const { record, sign } = await setUp();
    const token = await sign();
    const discovery = openIdDiscovery(`${ISSUER}/`);
    expect(discovery).toMatchObject({
      issuer: ISSUER,
      jwks_uri: `${ISSUER}/.well-known/jwks_uri`,
      id_token_signing_alg_values_supported: ["RS512"],
      subject_types_supported: ["public"],
    });
    const jwks = createLocalJWKSet(openIdJwks([record]) as never);
    const { payload, protectedHeader } = await jwtVerify(token, jwks, {
      issuer: discovery.issuer as string,
      audience: POOL,
      currentDate: new Date(NOW + 1000),
    });
    expect(payload.sub).toBe(IDENTITY);
    expect(protectedHeader.alg).toBe("RS512");
    await expect(jwtVerify(token, jwks, { currentDate: new Date(NOW + 601_000) })).rejects.toThrow(/exp/);
  });

  it("carry the developer flow's principal tags where STS reads session tags", async () => {
    const { sign, jwks } = await setUp();
    const token = await sign({ principalTags: { team: "blue", level: "3" } });
    expect(segments(token)[1]["https://aws.amazon.com/tags"]).toEqual({
      principal_tags: { team: ["blue"], level: ["3"] },
    });
    const result = await verifyOpenIdToken(token, jwks, { issuer: ISSUER, now: NOW });
    expect(result.ok && result.claims.principalTags).toEqual({ team: "blue", level: "3" });
    // No tags, no claim.
    expect(segments(await sign({ principalTags: {} }))[1]).not.toHaveProperty("https://aws.amazon.com/tags");
  });

  it("last the given duration", async () => {
    const { sign } = await setUp();
    const [, payload] = segments(await sign({ ttlSeconds: 86_400, now: NOW + 999 }));
    expect(payload.iat).toBe(NOW / 1000);
    expect(payload.exp).toBe(NOW / 1000 + 86_400);
  });
});

describe("verifyOpenIdToken", () => {
  it("returns the claims of a valid token", async () => {
    const { sign, jwks } = await setUp();
    const result = await verifyOpenIdToken(await sign({ amr: ["authenticated", "x"] }), jwks, {
      issuer: ISSUER,
      now: NOW + 599_000,
    });
    expect(result).toEqual({
      ok: true,
      claims: {
        sub: IDENTITY,
        aud: POOL,
        iss: ISSUER,
        iat: NOW / 1000,
        exp: NOW / 1000 + 600,
        amr: ["authenticated", "x"],
        payload: expect.objectContaining({ sub: IDENTITY }),
      },
    });
  });

  it("refuses an expired token, saying when it expired", async () => {
    const { sign, jwks } = await setUp();
    expect(await verifyOpenIdToken(await sign(), jwks, { issuer: ISSUER, now: NOW + 600_000 })).toEqual({
      ok: false,
      reason: "expired",
      expiredAt: NOW / 1000 + 600,
    });
  });

  it("refuses another issuer's token before looking at keys", async () => {
    const { sign, jwks } = await setUp();
    const token = await sign({ issuer: "https://cognito-identity.amazonaws.com" });
    expect(await verifyOpenIdToken(token, jwks, { issuer: ISSUER, now: NOW })).toEqual({
      ok: false,
      reason: "issuer",
    });
    expect(await verifyOpenIdToken(await sign(), jwks, { issuer: `${ISSUER}/`, now: NOW })).toMatchObject({
      reason: "issuer",
    });
  });

  it("refuses a tampered token, another key's, a key not published, alg none and HS512", async () => {
    const { sign, jwks, record } = await setUp();
    const token = await sign();
    const [h, p, s] = token.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, "base64url").toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: "us-east-1:someone-else" })).toString("base64url")}.${s}`;
    const other = await setUp();
    const otherToken = await other.sign();
    const { privateKey } = await generateKeyPair("RS512");
    const sameKid = await new SignJWT(claims)
      .setProtectedHeader({ alg: "RS512", kid: record.kid })
      .sign(privateKey);
    const none = `${Buffer.from(JSON.stringify({ alg: "none", kid: record.kid })).toString("base64url")}.${p}.`;
    const hmac = await new SignJWT(claims)
      .setProtectedHeader({ alg: "HS512", kid: record.kid })
      .sign(new TextEncoder().encode(record.publicJwk.n));
    for (const bad of [forged, otherToken, sameKid, hmac]) {
      expect(await verifyOpenIdToken(bad, jwks, { issuer: ISSUER, now: NOW })).toEqual({
        ok: false,
        reason: "signature",
      });
    }
    expect(await verifyOpenIdToken(none, jwks, { issuer: ISSUER, now: NOW })).toEqual({
      ok: false,
      reason: "malformed",
    });
    expect(await verifyOpenIdToken(token, [], { issuer: ISSUER, now: NOW })).toEqual({
      ok: false,
      reason: "signature",
    });
    // The other service's key published as well: its token verifies.
    expect(
      (await verifyOpenIdToken(otherToken, [...jwks, other.record.publicJwk], { issuer: ISSUER, now: NOW }))
        .ok,
    ).toBe(true);
  });

  it("refuses what is not a token, and a signed token without the claims it must have", async () => {
    const { key, record, jwks } = await setUp();
    for (const junk of ["", "abc", "a.b.c", "e30.e30.e30"]) {
      expect((await verifyOpenIdToken(junk, jwks, { issuer: ISSUER, now: NOW })).ok).toBe(false);
    }
    const signed = (claims: Record<string, unknown>) =>
      new SignJWT(claims).setProtectedHeader({ alg: "RS512", kid: record.kid, typ: "JWS" }).sign(key);
    const base = {
      sub: IDENTITY,
      aud: POOL,
      iss: ISSUER,
      iat: NOW / 1000,
      exp: NOW / 1000 + 600,
      amr: ["x"],
    };
    for (const broken of [
      { ...base, sub: undefined },
      { ...base, aud: [POOL] },
      { ...base, exp: "soon" },
      { ...base, amr: "authenticated" },
      { ...base, amr: [1] },
      { ...base, iat: NOW / 1000 + 3600 },
    ]) {
      expect(await verifyOpenIdToken(await signed(broken), jwks, { issuer: ISSUER, now: NOW })).toEqual({
        ok: false,
        reason: "claims",
      });
    }
    expect((await verifyOpenIdToken(await signed(base), jwks, { issuer: ISSUER, now: NOW })).ok).toBe(true);
  });

  it("serves a JWKS with every stored key, so tokens signed before a rotation still verify", async () => {
    const { record, sign } = await setUp();
    const older = await setUp();
    const jwks = openIdJwks([older.record, record]);
    expect(jwks.keys.map((k) => k.kid)).toEqual([older.record.kid, record.kid]);
    expect(jwks.keys[0]).not.toHaveProperty("d");
    const token = await older.sign();
    expect(decodeProtectedHeader(token).kid).toBe(older.record.kid);
    expect((await verifyOpenIdToken(token, jwks.keys, { issuer: ISSUER, now: NOW })).ok).toBe(true);
    expect((await verifyOpenIdToken(await sign(), jwks.keys, { issuer: ISSUER, now: NOW })).ok).toBe(true);
    // A JWKS holds public keys only, whatever key was generated.
    const { publicKey } = await generateKeyPair("RS512", { extractable: true });
    expect(Object.keys(await exportJWK(publicKey))).not.toContain("d");
  });

  it("names the issuer after the public URL, without a trailing slash", () => {
    expect(openIdIssuer("https://id.example.com/")).toBe("https://id.example.com");
    expect(openIdIssuer("http://127.0.0.1:9229")).toBe("http://127.0.0.1:9229");
  });
});
