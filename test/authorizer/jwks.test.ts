import { beforeEach, describe, expect, it } from "vitest";
import { cognitoClaims, TestIssuer } from "../helpers/issuer.js";
import { challenge, CLIENT_ID, COGNITO_ISSUER, get, protectedApp } from "../helpers/app.js";

let issuer: TestIssuer;
beforeEach(async () => {
  issuer = await TestIssuer.create(COGNITO_ISSUER);
});

const token = (kid = "key-1", extra: Record<string, unknown> = {}) =>
  issuer.sign(cognitoClaims("access", CLIENT_ID, extra), { kid });

describe("JWKS cache", () => {
  it("makes one fetch for 100 concurrent cold requests, and none for the next 100", async () => {
    const app = protectedApp(issuer);
    const tokens = await Promise.all(Array.from({ length: 100 }, (_, i) => token("key-1", { jti: `t${i}` })));
    const first = await Promise.all(tokens.map((t) => get(app, t)));
    expect(first.map((r) => r.status)).toEqual(Array(100).fill(200));
    expect(issuer.fetches).toEqual([issuer.jwksUri]);
    const again = await Promise.all(tokens.map((t) => get(app, t)));
    expect(again.every((r) => r.status === 200)).toBe(true);
    expect(issuer.fetches).toHaveLength(1);
  });

  it("picks up a new signing key (rotation) once the unknown-kid cooldown has passed", async () => {
    const app = protectedApp(issuer, { cache: false });
    expect((await get(app, await token())).status).toBe(200);
    await issuer.addKey("key-2");
    const rotated = await token("key-2");
    // Within the cooldown an unknown kid is refused without a fetch...
    const early = await get(app, rotated);
    expect(early.status).toBe(401);
    expect(challenge(early).error_description).toMatch(/no key with kid 'key-2'/);
    expect(issuer.fetches).toHaveLength(1);
    // ...after it, one refetch finds the key.
    issuer.clock += 31;
    expect((await get(app, rotated)).status).toBe(200);
    expect(issuer.fetches).toHaveLength(2);
    expect((await get(app, await token("key-1"))).status).toBe(200);
    expect(issuer.fetches).toHaveLength(2);
  });

  it("makes at most one refetch per cooldown however many unknown kids arrive", async () => {
    const app = protectedApp(issuer);
    expect((await get(app, await token())).status).toBe(200);
    issuer.clock += 31;
    const strangers = await TestIssuer.create(COGNITO_ISSUER);
    for (let i = 0; i < 5; i++) await strangers.addKey(`k${i}`, "RS256", { publish: false });
    const forged = await Promise.all(
      [0, 1, 2, 3, 4].map((i) => strangers.sign(cognitoClaims("access", CLIENT_ID), { kid: `k${i}` })),
    );
    const results = await Promise.all(forged.map((t) => get(app, t)));
    expect(results.every((r) => r.status === 401)).toBe(true);
    expect(issuer.fetches).toHaveLength(2);
    for (const t of forged) expect((await get(app, t)).status).toBe(401);
    expect(issuer.fetches).toHaveLength(2);
  });

  it("stops verifying with a key removed from the JWKS once the set's TTL runs out, cached tokens included", async () => {
    const app = protectedApp(issuer);
    const old = await token("key-1");
    expect((await get(app, old)).status).toBe(200);
    await issuer.addKey("key-2");
    issuer.published.delete("key-1");
    issuer.clock += 599;
    expect((await get(app, old)).status).toBe(200);
    expect(issuer.fetches).toHaveLength(1);
    issuer.clock += 2;
    const res = await get(app, old);
    expect(res.status).toBe(401);
    expect(challenge(res).error_description).toMatch(/no key with kid 'key-1'/);
    expect(issuer.fetches).toHaveLength(2);
    expect((await get(app, await token("key-2"))).status).toBe(200);
  });

  it("honours Cache-Control max-age (and Age), within the configured bounds", async () => {
    issuer.cacheControl = "public, max-age=120";
    const app = protectedApp(issuer, { cache: false });
    expect((await get(app, await token())).status).toBe(200);
    issuer.clock += 119;
    await get(app, await token());
    expect(issuer.fetches).toHaveLength(1);
    issuer.clock += 2;
    await get(app, await token());
    expect(issuer.fetches).toHaveLength(2);

    issuer.cacheControl = "no-store"; // clamped up to minTtlSeconds (60), not a fetch per request
    issuer.clock += 200;
    await get(app, await token());
    await get(app, await token());
    expect(issuer.fetches).toHaveLength(3);
    issuer.clock += 61;
    await get(app, await token());
    expect(issuer.fetches).toHaveLength(4);
  });

  it("answers 503 with Retry-After and a clear body when the JWKS is down, then recovers", async () => {
    issuer.mode = "down";
    const app = protectedApp(issuer);
    const t = await token();
    const res = await get(app, t);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("2");
    expect(res.headers.get("www-authenticate")).toBeNull();
    expect((await res.json()) as { message: string }).toEqual({
      message: "The token issuer's signing keys are unavailable; try again later",
    });
    // Within the retry backoff, no fetch storm.
    await Promise.all(Array.from({ length: 20 }, () => get(app, t)));
    expect(issuer.fetches).toHaveLength(1);
    issuer.mode = "ok";
    issuer.clock += 3;
    expect((await get(app, t)).status).toBe(200);
    expect(issuer.fetches).toHaveLength(2);
  });

  it("answers 503 when the JWKS stalls past the timeout, is too large, or is not a JWKS", async () => {
    for (const mode of ["hang", "huge", "not-json"] as const) {
      const it = await TestIssuer.create(COGNITO_ISSUER);
      it.mode = mode;
      const app = protectedApp(it, { jwks: { timeoutMs: 50 } });
      const res = await get(app, await it.sign(cognitoClaims("access", CLIENT_ID)));
      expect(res.status, mode).toBe(503);
    }
  });

  it("never hangs on a fetch that never settles, and fetches afresh afterwards", async () => {
    issuer.mode = "dead";
    const app = protectedApp(issuer, { jwks: { timeoutMs: 50 } });
    const t = await token();
    const results = await Promise.all([get(app, t), get(app, t), get(app, t)]);
    expect(results.map((r) => r.status)).toEqual([503, 503, 503]);
    expect(issuer.fetches).toHaveLength(1);
    issuer.mode = "ok";
    issuer.clock += 3;
    expect((await get(app, t)).status).toBe(200);
    expect(issuer.fetches).toHaveLength(2);
  });

  it("answers 503 when the set expires during an outage, unless the JWKS allowed stale-if-error", async () => {
    const strict = protectedApp(issuer, { cache: false });
    const t = await token();
    expect((await get(strict, t)).status).toBe(200);
    issuer.mode = "down";
    issuer.clock += 601;
    expect((await get(strict, t)).status).toBe(503);

    const lenient = await TestIssuer.create(COGNITO_ISSUER);
    lenient.cacheControl = "max-age=600, stale-if-error=3600";
    const app = protectedApp(lenient, { cache: false });
    const lt = await lenient.sign(cognitoClaims("access", CLIENT_ID, { exp: lenient.clock + 7200 }));
    expect((await get(app, lt)).status).toBe(200);
    lenient.mode = "down";
    lenient.clock += 601;
    expect((await get(app, lt)).status).toBe(200);
    lenient.clock += 3600;
    expect((await get(app, lt)).status).toBe(503);
  });

  it("finds an OIDC issuer's keys by discovery, and refuses a discovery document naming another issuer", async () => {
    const idp = await TestIssuer.create("https://idp.example.com");
    const options = { issuers: [{ type: "oidc" as const, issuer: idp.issuer, audience: "my-api" }] };
    const app = protectedApp(idp, options);
    const t = await idp.sign({ sub: "u1", aud: "my-api" });
    expect((await get(app, t)).status).toBe(200);
    expect(idp.fetches).toEqual([`${idp.issuer}/.well-known/openid-configuration`, idp.jwksUri]);

    // A remote issuer's discovery document may not point key fetches at this machine.
    const steering = await TestIssuer.create("https://idp.example.com");
    steering.discoveryJwksUri = "http://127.0.0.1:2375/containers/json";
    const steered = await get(
      protectedApp(steering, { issuers: [{ type: "oidc", issuer: steering.issuer, audience: "my-api" }] }),
      await steering.sign({ sub: "u1", aud: "my-api" }),
    );
    expect(steered.status).toBe(503);
    expect(steering.fetches).toEqual([`${steering.issuer}/.well-known/openid-configuration`]);

    const liar = await TestIssuer.create("https://idp.example.com");
    liar.discoveryIssuer = "https://other.example.com";
    const res = await get(
      protectedApp(liar, { issuers: [{ type: "oidc", issuer: liar.issuer, audience: "my-api" }] }),
      await liar.sign({ sub: "u1", aud: "my-api" }),
    );
    expect(res.status).toBe(503);
    expect(liar.fetches).toEqual([`${liar.issuer}/.well-known/openid-configuration`]);
  });
});
