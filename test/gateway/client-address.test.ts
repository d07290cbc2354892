// The client's address behind trusted proxies, against the real Node entry: from a trusted proxy,
// X-Forwarded-For's nearest untrusted entry is the client (aws:SourceIp in policies); from anyone
// else the header changes nothing; and trustedProxiesOnly refuses every peer that is not a proxy.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { start } from "../../src/entry/node.js";
import { issuerOverHttp, startUpstream } from "./servers.js";

const cleanups: Array<() => Promise<void>> = [];
beforeEach(() => {
  vi.spyOn(console, "log").mockImplementation(() => {});
});
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(cleanups.splice(0).map((close) => close()));
});

const ALLOW = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "execute-api:Invoke", Resource: "*" }],
};
const NOT_FROM_BAD_NET = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Deny",
      Action: "*",
      Resource: "*",
      Condition: { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } },
    },
  ],
};

async function gateway(config: Record<string, unknown>) {
  const issuer = await issuerOverHttp(cleanups);
  const upstream = await startUpstream();
  cleanups.push(upstream.close);
  const auth = {
    issuers: [{ type: "oidc", issuer: issuer.issuer, audience: "shop", jwksUri: issuer.jwksUri }],
    policies: { everyone: [ALLOW, NOT_FROM_BAD_NET] },
  };
  const dir = mkdtempSync(join(tmpdir(), "cognate-client-address-"));
  writeFileSync(
    join(dir, "cognate.json"),
    JSON.stringify({
      routes: [
        { path: "/api/*", upstream: upstream.url, auth },
        { path: "/pub/*", upstream: upstream.url, auth: "none" },
      ],
      ...config,
    }),
  );
  const server = await start({ PORT: "0", COGNATE_DATA_DIR: dir, COGNATE_CONFIG: join(dir, "cognate.json") });
  cleanups.push(server.close);
  const token = await issuer.sign({ sub: "u-1", aud: "shop" });
  return (xff?: string) =>
    fetch(`${server.url}/api/x`, {
      headers: { authorization: `Bearer ${token}`, ...(xff === undefined ? {} : { "x-forwarded-for": xff }) },
    });
}

describe("the client's address behind trusted proxies", () => {
  it("from a trusted proxy, is the nearest untrusted X-Forwarded-For entry, whatever the client put at the left", async () => {
    const call = await gateway({ trustedProxies: ["127.0.0.1", "10.0.0.0/8"] });
    expect((await call("203.0.113.7")).status).toBe(403);
    expect((await call("203.0.113.7, 10.1.2.3")).status).toBe(403);
    // A client writing a good address at the left gains nothing: the proxy appended the real one.
    expect((await call("198.51.100.1, 203.0.113.7")).status).toBe(403);
    expect((await call("203.0.113.7, 198.51.100.1")).status).toBe(200);
    expect((await call()).status).toBe(200);
  });

  it("from anyone else, is the connection's: X-Forwarded-For changes nothing", async () => {
    const call = await gateway({ trustedProxies: ["10.0.0.0/8"] });
    expect((await call("203.0.113.7")).status).toBe(200);
  });

  it("with trustedProxiesOnly, a peer that is not a trusted proxy is refused on every path", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cognate-proxies-only-"));
    writeFileSync(
      join(dir, "cognate.json"),
      JSON.stringify({ trustedProxies: ["10.0.0.0/8"], trustedProxiesOnly: true }),
    );
    const refusing = await start({
      PORT: "0",
      COGNATE_DATA_DIR: dir,
      COGNATE_CONFIG: join(dir, "cognate.json"),
    });
    cleanups.push(refusing.close);
    for (const path of ["/health", "/", "/us-east-1_AbCdEfGhI/.well-known/jwks.json"]) {
      const res = await fetch(`${refusing.url}${path}`, { headers: { "x-forwarded-for": "10.0.0.1" } });
      expect(res.status, path).toBe(403);
      expect(await res.json()).toEqual({ message: "Forbidden" });
    }
    const envDir = mkdtempSync(join(tmpdir(), "cognate-proxies-only-env-"));
    const admitting = await start({
      PORT: "0",
      COGNATE_DATA_DIR: envDir,
      COGNATE_TRUSTED_PROXIES: "127.0.0.1",
      COGNATE_TRUSTED_PROXIES_ONLY: "true",
    });
    cleanups.push(admitting.close);
    expect((await fetch(`${admitting.url}/health`)).status).toBe(200);
    await expect(
      start({ PORT: "0", COGNATE_DATA_DIR: envDir, COGNATE_TRUSTED_PROXIES_ONLY: "true" }),
    ).rejects.toThrow(/COGNATE_TRUSTED_PROXIES_ONLY: needs trustedProxies/);
    await expect(
      start({
        PORT: "0",
        COGNATE_DATA_DIR: envDir,
        COGNATE_TRUSTED_PROXIES: "127.0.0.1",
        COGNATE_TRUSTED_PROXIES_ONLY: "yes",
      }),
    ).rejects.toThrow(/COGNATE_TRUSTED_PROXIES_ONLY: must be true or false/);
  });
});
