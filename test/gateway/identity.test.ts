import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  calculateJwkThumbprint,
} from "jose";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  ASSERTION_JWKS_PATH,
  type AssertionKeyJwk,
  type AuthorizerOptions,
  type GatewayConfig,
} from "../../src/index.js";
import { challenge, CLIENT_ID, COGNITO_ISSUER, POOL_ID } from "../helpers/app.js";
import { cognitoClaims, TestIssuer } from "../helpers/issuer.js";
import { startGateway, startUpstream, type Seen } from "./servers.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((close) => close()));
});

let issuer: TestIssuer;
let assertionKey: AssertionKeyJwk;
beforeAll(async () => {
  issuer = await TestIssuer.create(COGNITO_ISSUER);
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  assertionKey = (await exportJWK(privateKey)) as AssertionKeyJwk;
});

const auth = (extra: Partial<AuthorizerOptions> = {}): AuthorizerOptions => ({
  issuers: [{ type: "cognito", userPoolId: POOL_ID, clientId: CLIENT_ID, tokenUse: "access" }],
  fetch: issuer.fetch,
  now: issuer.now,
  ...extra,
});

async function setup(config: (upstream: string) => GatewayConfig) {
  const upstream = await startUpstream();
  cleanups.push(upstream.close);
  const gateway = await startGateway(config(upstream.url));
  cleanups.push(gateway.close);
  return { upstream, gateway };
}

const SPOOFED = {
  "x-cognate-sub": "root",
  "X-Cognate-Groups": "admins",
  "x-cognate-assertion": "forged",
  "x-cognate-anything": "1",
};

describe("identity headers", () => {
  it("strips client-sent x-cognate-* headers on a public route and adds none", async () => {
    const { gateway } = await setup((u) => ({ routes: [{ path: "/*", upstream: u, auth: "none" }] }));
    const seen = (await (
      await fetch(`${gateway.url}/public`, { headers: { ...SPOOFED, "x-cognatex": "kept" } })
    ).json()) as Seen;
    expect(Object.keys(seen.headers).filter((h) => h.startsWith("x-cognate-"))).toEqual([]);
    expect(seen.headers["x-cognatex"]).toBe("kept");
  });

  it("answers 401 without a token, and the upstream never hears of it", async () => {
    const { upstream, gateway } = await setup((u) => ({
      routes: [{ path: "/api/*", upstream: u, auth: auth() }],
    }));
    const res = await fetch(`${gateway.url}/api/orders`, { headers: SPOOFED });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="cognate"');
    expect(await res.json()).toEqual({ message: "Unauthorized" });
    const bad = await fetch(`${gateway.url}/api/orders`, {
      headers: { authorization: "Bearer not.a.token" },
    });
    expect(bad.status).toBe(401);
    expect(challenge(bad).error).toBe("invalid_token");
    expect(upstream.seen).toHaveLength(0);
  });

  it("forwards the verified caller as x-cognate-* headers, replacing spoofed ones, with Authorization unchanged", async () => {
    const { gateway } = await setup((u) => ({ routes: [{ path: "/api/*", upstream: u, auth: auth() }] }));
    const token = await issuer.sign(
      cognitoClaims("access", CLIENT_ID, { "cognito:groups": ["staff", "ventes,Europe"] }),
    );
    const res = await fetch(`${gateway.url}/api/orders`, {
      headers: { ...SPOOFED, authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const { headers } = (await res.json()) as Seen;
    expect(headers.authorization).toBe(`Bearer ${token}`);
    expect(headers["x-cognate-sub"]).toBe("5f9c1a2e-0000-4000-8000-00000000beef");
    expect(headers["x-cognate-username"]).toBe("alice");
    expect(headers["x-cognate-groups"]).toBe("staff,ventes%2CEurope");
    expect(headers["x-cognate-scopes"]).toBe("aws.cognito.signin.user.admin orders/read");
    expect(headers["x-cognate-assertion"]).toBeUndefined();
    expect(headers["x-cognate-anything"]).toBeUndefined();
  });

  it("applies the route's scopes and groups: 403 and no forwarding when they are missing", async () => {
    const { upstream, gateway } = await setup((u) => ({
      routes: [{ path: "/api/*", upstream: u, auth: auth({ scopes: ["orders/write"] }) }],
    }));
    const res = await fetch(`${gateway.url}/api/orders`, {
      headers: { authorization: `Bearer ${await issuer.sign(cognitoClaims("access", CLIENT_ID))}` },
    });
    expect(res.status).toBe(403);
    expect(challenge(res)).toMatchObject({ error: "insufficient_scope", scope: "orders/write" });
    expect(upstream.seen).toHaveLength(0);
  });
});

describe("the signed assertion", () => {
  it("carries the caller in an ES256 JWT that verifies against the gateway's JWKS", async () => {
    const { upstream, gateway } = await setup((u) => ({
      publicUrl: "https://gw.example",
      assertionKey,
      routes: [{ path: "/api/*", upstream: `${u}/v1`, auth: auth(), assertion: true }],
    }));
    const token = await issuer.sign(cognitoClaims("access", CLIENT_ID));
    const res = await fetch(`${gateway.url}/api/orders`, {
      headers: { authorization: `Bearer ${token}`, "x-cognate-assertion": "forged" },
    });
    expect(res.status).toBe(200);
    const assertion = ((await res.json()) as Seen).headers["x-cognate-assertion"] as string;

    const jwks = await fetch(`${gateway.url}${ASSERTION_JWKS_PATH}`);
    expect(jwks.status).toBe(200);
    const { keys } = (await jwks.json()) as { keys: Array<Record<string, string>> };
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toHaveProperty("d");
    const { kty, crv, x, y } = assertionKey;
    expect(keys[0]!.kid).toBe(await calculateJwkThumbprint({ kty, crv, x, y }));

    const { payload, protectedHeader } = await jwtVerify(
      assertion,
      createRemoteJWKSet(new URL(`${gateway.url}${ASSERTION_JWKS_PATH}`)),
      {
        issuer: "https://gw.example",
        audience: upstream.url,
        algorithms: ["ES256"],
      },
    );
    expect(protectedHeader).toMatchObject({ alg: "ES256", kid: keys[0]!.kid });
    expect(payload).toMatchObject({
      sub: "5f9c1a2e-0000-4000-8000-00000000beef",
      username: "alice",
      groups: ["admins", "staff"],
      scope: "aws.cognito.signin.user.admin orders/read",
    });
    expect(payload.exp! - payload.iat!).toBe(60);
    expect(Math.abs(payload.iat! - Date.now() / 1000)).toBeLessThan(5);
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(decodeProtectedHeader(assertion).typ).toBe("JWT");
  });

  it('is issued by "cognate" without a public URL, and a fresh one (new jti) per request', async () => {
    const { upstream, gateway } = await setup((u) => ({
      assertionKey,
      routes: [{ path: "/*", upstream: u, auth: auth(), assertion: true }],
    }));
    const headers = { authorization: `Bearer ${await issuer.sign(cognitoClaims("access", CLIENT_ID))}` };
    const jwks = createRemoteJWKSet(new URL(`${gateway.url}${ASSERTION_JWKS_PATH}`));
    const jtis = new Set<unknown>();
    for (let i = 0; i < 2; i++) {
      const seen = (await (await fetch(`${gateway.url}/x`, { headers })).json()) as Seen;
      const { payload } = await jwtVerify(seen.headers["x-cognate-assertion"] as string, jwks, {
        issuer: "cognate",
        audience: upstream.url,
      });
      jtis.add(payload.jti);
    }
    expect(jtis.size).toBe(2);
  });

  it("serves the JWKS ahead of the route table, and not at all without a key", async () => {
    const { upstream, gateway } = await setup((u) => ({
      assertionKey,
      routes: [{ path: "/*", upstream: u, auth: auth() }],
    }));
    const res = await fetch(`${gateway.url}${ASSERTION_JWKS_PATH}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
    expect(((await res.json()) as { keys: unknown[] }).keys).toHaveLength(1);
    expect(upstream.seen).toHaveLength(0);
    const { gateway: plain } = await setup(() => ({}));
    expect((await fetch(`${plain.url}${ASSERTION_JWKS_PATH}`)).status).toBe(404);
  });
});
