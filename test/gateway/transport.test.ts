// Issue 11, item 5: the scheme is the connection's (or a trusted proxy's), never the client's.
// Requests are written by hand over plain TCP to the real Node entry, with a loopback upstream: an
// absolute-form request line (`GET https://host/path HTTP/1.1`) is something fetch cannot send.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { start } from "../../src/entry/node.js";
import { rawRequest } from "./raw-http.js";
import { issuerOverHttp, startUpstream, type Seen, type Upstream } from "./servers.js";

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
  Statement: [{ Sid: "All", Effect: "Allow", Action: "execute-api:Invoke", Resource: "*" }],
};
const TLS_ONLY = {
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "TlsOnly",
      Effect: "Deny",
      Action: "*",
      Resource: "*",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
  ],
};

interface Setup {
  url: string;
  host: string;
  upstream: Upstream;
  token: string;
}

/** The Node entry: `/api/*` denies insecure transport, `/pub/*` is public; both echo upstream. */
async function gateway(
  config: Record<string, unknown> = {},
  env: Record<string, string> = {},
): Promise<Setup> {
  const issuer = await issuerOverHttp(cleanups);
  const upstream = await startUpstream();
  cleanups.push(upstream.close);
  const auth = {
    issuers: [{ type: "oidc", issuer: issuer.issuer, audience: "shop", jwksUri: issuer.jwksUri }],
    policies: { everyone: [ALLOW, TLS_ONLY] },
  };
  const dir = mkdtempSync(join(tmpdir(), "cognate-transport-"));
  const routes = [
    { path: "/api/*", upstream: upstream.url, auth },
    { path: "/pub/*", upstream: upstream.url, auth: "none" },
  ];
  writeFileSync(join(dir, "cognate.json"), JSON.stringify({ routes, ...config }));
  const server = await start({
    PORT: "0",
    COGNATE_DATA_DIR: dir,
    COGNATE_CONFIG: join(dir, "cognate.json"),
    ...env,
  });
  cleanups.push(server.close);
  return {
    url: server.url,
    host: new URL(server.url).host,
    upstream,
    token: await issuer.sign({ sub: "u-1", aud: "shop" }),
  };
}

describe("aws:SecureTransport and X-Forwarded-Proto over plain TCP", () => {
  it("an absolute-form https:// request line does not make a plain connection secure", async () => {
    const { url, host, upstream, token } = await gateway();
    const denied = await rawRequest(url, [
      `GET https://${host}/api/orders HTTP/1.1`,
      `Host: ${host}`,
      `Authorization: Bearer ${token}`,
    ]);
    expect(denied.status).toBe(403);
    expect(JSON.parse(denied.body)).toEqual({
      message: "User is not authorized to access this resource with an explicit deny",
    });

    const open = await rawRequest(url, [`GET https://${host}/pub/x HTTP/1.1`, `Host: ${host}`]);
    expect(open.status).toBe(200);
    const seen = JSON.parse(open.body) as Seen;
    expect(seen.headers["x-forwarded-proto"]).toBe("http");
    expect(seen.headers["x-forwarded-host"]).toBe(host);
    expect(upstream.seen.map((s) => s.url)).toEqual(["/pub/x"]);
  });

  it("an absolute-form request line whose authority is not the Host header is refused", async () => {
    const { url, host, upstream } = await gateway();
    for (const target of [
      "http://evil.example/pub/x",
      "https://evil.example/pub/x",
      `http://${host}.evil.example/pub/x`,
    ]) {
      const res = await rawRequest(url, [`GET ${target} HTTP/1.1`, `Host: ${host}`]);
      expect(res.status, target).toBe(400);
    }
    const same = await rawRequest(url, [`GET http://${host.toUpperCase()}/pub/y HTTP/1.1`, `Host: ${host}`]);
    expect(same.status).toBe(200);
    expect(upstream.seen.map((s) => s.url)).toEqual(["/pub/y"]);
  });

  it("a request with two Host headers is refused", async () => {
    const { url, host, upstream } = await gateway();
    const twice = await rawRequest(url, ["GET /pub/x HTTP/1.1", `Host: ${host}`, "Host: evil.example"]);
    expect(twice.status).toBe(400);
    expect(upstream.seen).toEqual([]);
    expect((await rawRequest(url, ["GET /pub/x HTTP/1.1", `Host: ${host}`])).status).toBe(200);
  });

  it("X-Forwarded-Proto and Forwarded from a client that is not a trusted proxy are not believed, nor passed on", async () => {
    for (const trusted of [undefined, ["10.0.0.0/8", "::1"]]) {
      const { url, host, upstream, token } = await gateway(
        trusted === undefined ? {} : { trustedProxies: trusted },
      );
      for (const header of ["X-Forwarded-Proto: https", "Forwarded: for=192.0.2.1;proto=https"]) {
        const denied = await rawRequest(url, [
          `GET /api/orders HTTP/1.1`,
          `Host: ${host}`,
          `Authorization: Bearer ${token}`,
          header,
        ]);
        expect(denied.status, `${header} ${String(trusted)}`).toBe(403);
      }
      const open = await rawRequest(url, [
        `GET /pub/x HTTP/1.1`,
        `Host: ${host}`,
        "X-Forwarded-Proto: https",
        "Forwarded: proto=https",
        "X-Forwarded-Ssl: on",
      ]);
      const seen = JSON.parse(open.body) as Seen;
      expect(seen.headers["x-forwarded-proto"]).toBe("http");
      expect(seen.headers.forwarded).toBeUndefined();
      expect(seen.headers["x-forwarded-ssl"]).toBeUndefined();
      expect(upstream.seen).toHaveLength(1);
    }
  });

  it("a trusted proxy's X-Forwarded-Proto or Forwarded proto=https is honoured (config or COGNATE_TRUSTED_PROXIES)", async () => {
    for (const [config, env] of [
      [{ trustedProxies: ["127.0.0.0/8"] }, {}],
      [{}, { COGNATE_TRUSTED_PROXIES: "10.0.0.0/8, 127.0.0.1" }],
    ] as const) {
      const { url, host, upstream, token } = await gateway(config, env);
      for (const header of [
        "X-Forwarded-Proto: https",
        "Forwarded: for=192.0.2.1;proto=https",
        "X-Forwarded-Proto: http, https",
      ]) {
        const ok = await rawRequest(url, [
          `GET /api/orders HTTP/1.1`,
          `Host: ${host}`,
          `Authorization: Bearer ${token}`,
          header,
        ]);
        expect(ok.status, header).toBe(200);
        expect((JSON.parse(ok.body) as Seen).headers["x-forwarded-proto"]).toBe("https");
      }
      // The proxy's own (last) value counts; a client cannot prepend its way to https, and two
      // headers that disagree are read as http.
      for (const headers of [
        ["X-Forwarded-Proto: https, http"],
        ["X-Forwarded-Proto: https", "Forwarded: proto=http"],
        ["Forwarded: proto=https, proto=http"],
      ]) {
        const denied = await rawRequest(url, [
          `GET /api/orders HTTP/1.1`,
          `Host: ${host}`,
          `Authorization: Bearer ${token}`,
          ...headers,
        ]);
        expect(denied.status, headers.join(" ")).toBe(403);
      }
      const plain = await rawRequest(url, [`GET /pub/x HTTP/1.1`, `Host: ${host}`]);
      expect((JSON.parse(plain.body) as Seen).headers["x-forwarded-proto"]).toBe("http");
      expect(upstream.seen.length).toBe(4);
    }
  });

  it("refuses a trusted proxy list that is not addresses, naming the field or the variable", async () => {
    await expect(gateway({ trustedProxies: ["10.0.0.0/33"] })).rejects.toThrow(
      /trustedProxies\[0\]: must be an IP address or CIDR block/,
    );
    await expect(gateway({}, { COGNATE_TRUSTED_PROXIES: "proxy.example" })).rejects.toThrow(
      /COGNATE_TRUSTED_PROXIES: must be IP addresses or CIDR blocks/,
    );
  });
});
