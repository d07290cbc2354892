// An IdP's ID token through cognate's checks: the key by kid from the provider's JWKS, the
// algorithm allow-list (never none, HMAC only with the OIDC client secret), iss, aud/azp, times,
// sub and nonce. And Apple's ES256 client secret, checked as Apple checks it.
import { signatureCrypto } from "#crypto";
import {
  exportJWK,
  exportPKCS8,
  generateKeyPair,
  importSPKI,
  jwtVerify,
  SignJWT,
  decodeProtectedHeader,
  exportSPKI,
} from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { RemoteJwks } from "../../authorizer/verify/jwks.js";
import { APPLE_AUDIENCE, appleClientSecret, AppleKeyError } from "./apple-secret.js";
import { atHashFor, verifyIdToken } from "./id-token.js";

const ISSUER = "https://idp.example";
const CLIENT = "client-1";
let key: CryptoKey;
let other: CryptoKey;
let jwks: RemoteJwks;
const now = Date.now();

beforeAll(async () => {
  const pair = await generateKeyPair("RS256", { extractable: true });
  key = pair.privateKey;
  other = (await generateKeyPair("RS256")).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "RS256", use: "sig" };
  jwks = new RemoteJwks("https://idp.example/jwks", {
    crypto: signatureCrypto,
    now: Date.now,
    fetch: async () =>
      new Response(JSON.stringify({ keys: [jwk] }), { headers: { "content-type": "application/json" } }),
    timeoutMs: 1000,
    maxBytes: 65_536,
    defaultTtlMs: 60_000,
    minTtlMs: 1000,
    maxTtlMs: 60_000,
    failureBackoffMs: 0,
    cooldownMs: 0,
  });
});

const claims = (over: Record<string, unknown> = {}) => ({
  iss: ISSUER,
  aud: CLIENT,
  sub: "user-1",
  nonce: "n-1",
  iat: Math.floor(now / 1000),
  exp: Math.floor(now / 1000) + 300,
  ...over,
});
const sign = (
  payload: Record<string, unknown>,
  header: Record<string, unknown> = { alg: "RS256", kid: "k1" },
  signer = key,
) => new SignJWT(payload).setProtectedHeader(header as never).sign(signer);
const expect_ = { issuers: [ISSUER], clientId: CLIENT, nonce: "n-1", now };
const refused = (token: string, extra: Record<string, unknown> = {}) =>
  verifyIdToken(token, { jwks, ...expect_, ...extra }).then(
    () => "accepted",
    (e: Error) => e.message,
  );

describe("verifyIdToken", () => {
  it("accepts a good token and returns its claims", async () => {
    expect(await verifyIdToken(await sign(claims()), { jwks, ...expect_ })).toMatchObject({ sub: "user-1" });
  });

  it("refuses a forged signature, an unknown kid, a missing kid, alg none, crit, and HMAC without the OIDC secret", async () => {
    expect(await refused(await sign(claims(), { alg: "RS256", kid: "k1" }, other))).toBe(
      "signature verification failed",
    );
    expect(await refused(await sign(claims(), { alg: "RS256", kid: "k9" }))).toMatch(/no key with kid/);
    expect(await refused(await sign(claims(), { alg: "RS256" }))).toMatch(/no usable "kid"/);
    const none = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(JSON.stringify(claims())).toString("base64url")}.`;
    expect(await refused(none)).toMatch(/malformed/);
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
    const crit = `${b64({ alg: "RS256", kid: "k1", crit: ["exp"] })}.${b64(claims())}.${"A".repeat(342)}`;
    expect(await refused(crit)).toMatch(/crit/);
    const hs = await new SignJWT(claims())
      .setProtectedHeader({ alg: "HS256" })
      .sign(new TextEncoder().encode("secret"));
    expect(await refused(hs)).toMatch(/"alg" "HS256" is not allowed/);
    expect(await refused(hs, { hmacSecret: "secret" })).toBe("accepted");
    expect(await refused(hs, { hmacSecret: "other" })).toBe("signature verification failed");
  });

  it("checks iss, aud and azp, the times with a minute of skew, sub and the nonce", async () => {
    expect(await refused(await sign(claims({ iss: "https://evil.example" })))).toMatch(/"iss"/);
    expect(await refused(await sign(claims({ aud: "other" })))).toMatch(/"aud"/);
    expect(await refused(await sign(claims({ aud: [CLIENT, "other"] })))).toMatch(/"azp"/);
    expect(await refused(await sign(claims({ aud: [CLIENT, "other"], azp: CLIENT })))).toBe("accepted");
    expect(await refused(await sign(claims({ azp: "other" })))).toMatch(/"azp"/);
    const s = Math.floor(now / 1000);
    expect(await refused(await sign(claims({ exp: s - 61 })))).toMatch(/expired/);
    expect(await refused(await sign(claims({ exp: s - 30 })))).toBe("accepted");
    expect(await refused(await sign(claims({ iat: s + 120 })))).toMatch(/future/);
    expect(await refused(await sign(claims({ sub: "" })))).toMatch(/"sub"/);
    expect(await refused(await sign(claims({ nonce: "n-2" })))).toMatch(/"nonce"/);
    expect(await refused(await sign(claims({ nonce: undefined })))).toMatch(/"nonce"/);
  });

  it("checks at_hash against the access token that came with the ID token, by the alg's hash", async () => {
    const access = "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y";
    // OpenID Connect Core A.3's example.
    expect(await atHashFor("RS256", access)).toBe("77QmUPtjPfzWtF2AnpK9RQ");
    const good = await sign(claims({ at_hash: "77QmUPtjPfzWtF2AnpK9RQ" }));
    expect(await refused(good, { accessToken: access })).toBe("accepted");
    expect(await refused(good, { accessToken: "another-access-token" })).toMatch(/"at_hash" does not match/);
    expect(await refused(await sign(claims({ at_hash: 42 })), { accessToken: access })).toMatch(/"at_hash"/);
    // Optional in the code flow: a token without it passes.
    expect(await refused(await sign(claims()), { accessToken: access })).toBe("accepted");
    // The hash follows the alg: SHA-512 for HS512 (and EdDSA), SHA-384 for the 384s.
    const h512 = await atHashFor("HS512", access);
    expect(h512).toHaveLength(43);
    expect(await atHashFor("EdDSA", access)).toBe(h512);
    expect(await atHashFor("ES384", access)).toHaveLength(32);
    const hs = await new SignJWT(claims({ at_hash: h512 }))
      .setProtectedHeader({ alg: "HS512" })
      .sign(new TextEncoder().encode("secret"));
    expect(await refused(hs, { hmacSecret: "secret", accessToken: access })).toBe("accepted");
    const wrongFamily = await new SignJWT(claims({ at_hash: "77QmUPtjPfzWtF2AnpK9RQ" }))
      .setProtectedHeader({ alg: "HS512" })
      .sign(new TextEncoder().encode("secret"));
    expect(await refused(wrongFamily, { hmacSecret: "secret", accessToken: access })).toMatch(/"at_hash"/);
  });

  it("refuses claims nested deeper than the bound, before anything reads them", async () => {
    const deep = JSON.parse(`${"[".repeat(100)}${"]".repeat(100)}`) as unknown;
    expect(await refused(await sign(claims({ name: deep })))).toBe("claims nested deeper than 32 levels");
    expect(await refused(await sign(claims({ address: { country: "NZ" } })))).toBe("accepted");
  });
});

describe("appleClientSecret", () => {
  it("is an ES256 JWT Apple accepts: kid, iss team, sub client, aud Apple, a short life", async () => {
    const pair = await generateKeyPair("ES256", { extractable: true });
    const details = {
      team_id: "TEAM1",
      key_id: "KEY1",
      client_id: "com.example",
      private_key: await exportPKCS8(pair.privateKey),
    };
    const secret = await appleClientSecret(details, now);
    expect(decodeProtectedHeader(secret)).toEqual({ alg: "ES256", kid: "KEY1" });
    const { payload } = await jwtVerify(secret, await importSPKI(await exportSPKI(pair.publicKey), "ES256"), {
      issuer: "TEAM1",
      subject: "com.example",
      audience: APPLE_AUDIENCE,
    });
    expect(payload.exp! - payload.iat!).toBe(300);
    await expect(appleClientSecret({ ...details, private_key: "not a key" }, now)).rejects.toBeInstanceOf(
      AppleKeyError,
    );
    await expect(appleClientSecret({ ...details, team_id: "" }, now)).rejects.toBeInstanceOf(AppleKeyError);
  });
});
