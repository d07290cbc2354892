// Issue 11, item 6: paths an upstream reads differently. The real Node entry in front of an
// upstream that ignores case (as Express and ASP.NET do by default), over real HTTP.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { start } from "../../src/entry/node.js";
import { rawRequest } from "./raw-http.js";
import { issuerOverHttp, startUpstream, type Seen, type Upstream } from "./servers.js";

const cleanups: Array<() => Promise<void>> = [];
let warnings: string[] = [];
beforeEach(() => {
  warnings = [];
  vi.spyOn(console, "log").mockImplementation(() => {});
  vi.spyOn(console, "warn").mockImplementation((line: string) => void warnings.push(line));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(cleanups.splice(0).map((close) => close()));
});

/** An upstream that routes on the lower-cased path: `/orders/...` is its orders handler. */
async function caseInsensitiveUpstream(): Promise<Upstream> {
  const upstream = await startUpstream((req, res, seen) => {
    const path = req.url!.toLowerCase();
    res.setHeader("content-type", "application/json");
    res.end(
      JSON.stringify({
        handler: path.startsWith("/orders/")
          ? "orders"
          : path.startsWith("/api/secret/")
            ? "secret"
            : "other",
        seen,
      }),
    );
  });
  cleanups.push(upstream.close);
  return upstream;
}

const ALLOW = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "execute-api:Invoke", Resource: "*" }],
};
const NO_SECRETS = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Deny", Action: "*", Resource: "arn:aws:execute-api:*:*:*/*/*/api/secret/*" }],
};

async function gateway(config: Record<string, unknown>) {
  const issuer = await issuerOverHttp(cleanups);
  const upstream = await caseInsensitiveUpstream();
  const auth = {
    issuers: [{ type: "oidc", issuer: issuer.issuer, audience: "shop", jwksUri: issuer.jwksUri }],
    policies: { everyone: [ALLOW, NO_SECRETS] },
  };
  const routes = [
    { path: "/orders/*", upstream: upstream.url, auth },
    { path: "/api/*", upstream: upstream.url, auth },
    { path: "/*", upstream: upstream.url, auth: "none" },
  ];
  const dir = mkdtempSync(join(tmpdir(), "cognate-paths-"));
  writeFileSync(join(dir, "cognate.json"), JSON.stringify({ routes, ...config }));
  const server = await start({ PORT: "0", COGNATE_DATA_DIR: dir, COGNATE_CONFIG: join(dir, "cognate.json") });
  cleanups.push(server.close);
  const token = await issuer.sign({ sub: "u-1", aud: "shop" });
  const get = (path: string, auth = false) =>
    fetch(`${server.url}${path}`, auth ? { headers: { authorization: `Bearer ${token}` } } : {});
  return { url: server.url, upstream, get };
}

describe("routes and policies for an upstream that ignores case (caseInsensitivePaths)", () => {
  it("a protected route catches its path in any case, and the upstream gets the path as sent", async () => {
    const { upstream, get } = await gateway({ caseInsensitivePaths: true });
    for (const path of ["/ORDERS/42", "/Orders/42", "/oRdErS/42", "/%4Frders/42"]) {
      const res = await get(path);
      expect(res.status, path).toBe(401);
    }
    const ok = await get("/Orders/42", true);
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { handler: string; seen: Seen };
    expect(body.handler).toBe("orders");
    expect(body.seen.url).toBe("/Orders/42");
    expect(body.seen.headers["x-cognate-sub"]).toBe("u-1");
    expect(upstream.seen.map((s) => s.url)).toEqual(["/Orders/42"]);
  });

  it("a policy's Deny on /api/secret/* holds for /api/Secret/x; the policy resource is the lower-cased path", async () => {
    const { upstream, get } = await gateway({ caseInsensitivePaths: true });
    for (const path of ["/api/secret/x", "/api/Secret/x", "/API/SECRET/x", "/api/s%45cret/x"]) {
      const res = await get(path, true);
      expect(res.status, path).toBe(403);
    }
    expect((await get("/API/Public/X", true)).status).toBe(200);
    expect(upstream.seen.map((s) => s.url)).toEqual(["/API/Public/X"]);
  });

  it("refuses with 400 a path whose case upstreams fold differently (ſ, ı, ß, the Kelvin sign, ﬀ)", async () => {
    const { upstream, get } = await gateway({ caseInsensitivePaths: true });
    for (const path of [
      "/api/%C5%BFecret/x",
      "/%C5%BFrders/1",
      "/admin/%C4%B1",
      "/stra%C3%9Fe",
      "/api/%E2%84%AAey/x",
      "/%EF%AC%80",
    ]) {
      const res = await get(path, true);
      expect(res.status, path).toBe(400);
      expect(await res.json()).toEqual({ message: "Bad Request" });
    }
    expect(upstream.seen).toEqual([]);
  });

  it("without the setting, matching stays case-sensitive (as API Gateway), and start-up warns of the public route", async () => {
    const { get } = await gateway({});
    const res = await get("/ORDERS/42");
    expect(res.status).toBe(200);
    expect(((await res.json()) as { handler: string }).handler).toBe("orders");
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(
      /^cognate: warning: routes\[2\] \("\/\*"\) is public and takes GET \/ORDERS\/X, which the authenticated routes\[0\] \("\/orders\/\*"\) refuses for its case/,
    );
    expect(warnings[1]).toMatch(
      /routes\[2\] \("\/\*"\) is public and takes GET \/API\/X, which the authenticated routes\[1\] \("\/api\/\*"\)/,
    );
  });
});

describe("stripPrefix under caseInsensitivePaths", () => {
  it("removes the prefix in whatever case the request spells it", async () => {
    const upstream = await caseInsensitiveUpstream();
    const dir = mkdtempSync(join(tmpdir(), "cognate-paths-"));
    writeFileSync(
      join(dir, "cognate.json"),
      JSON.stringify({
        caseInsensitivePaths: true,
        routes: [{ path: "/shop/*", upstream: `${upstream.url}/v1`, stripPrefix: "/shop", auth: "none" }],
      }),
    );
    const server = await start({
      PORT: "0",
      COGNATE_DATA_DIR: dir,
      COGNATE_CONFIG: join(dir, "cognate.json"),
    });
    cleanups.push(server.close);
    for (const path of ["/SHOP/Items/7", "/Shop/Items/7", "/%53hop/Items/7"])
      expect((await fetch(`${server.url}${path}`)).status, path).toBe(200);
    expect(upstream.seen.map((s) => s.url)).toEqual(["/v1/Items/7", "/v1/Items/7", "/v1/Items/7"]);
  });
});

describe("policies under caseInsensitivePaths", () => {
  it("refuse to start with a Resource whose path has upper case (it would never match)", async () => {
    const upstream = await caseInsensitiveUpstream();
    const deny = {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "NoSecrets",
          Effect: "Deny",
          Action: "*",
          Resource: "arn:aws:execute-api:*:*:*/*/GET/api/Secret/*",
        },
      ],
    };
    const byName = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: "*",
          Resource: "arn:aws:execute-api:*:*:*/*/GET/users/${aws:PrincipalTag/username}/*",
        },
      ],
    };
    const auth = (everyone: unknown[]) => ({
      issuers: [{ type: "oidc", issuer: "https://idp.example.com", audience: "a" }],
      policies: { everyone },
    });
    const dir = mkdtempSync(join(tmpdir(), "cognate-paths-"));
    const file = join(dir, "cognate.json");
    writeFileSync(
      file,
      JSON.stringify({
        caseInsensitivePaths: true,
        routes: [{ path: "/*", upstream: upstream.url, auth: auth([ALLOW, deny]) }],
      }),
    );
    await expect(start({ PORT: "0", COGNATE_DATA_DIR: dir, COGNATE_CONFIG: file })).rejects.toThrow(
      /routes\[0\]\.auth\.policies\.everyone\[1\]: .*Statement\[0\] \(Sid "NoSecrets"\): Resource "arn:aws:execute-api:\*:\*:\*\/\*\/GET\/api\/Secret\/\*" names a path in upper case/,
    );
    // The method in the ARN and policy variables are not the path.
    writeFileSync(
      file,
      JSON.stringify({
        caseInsensitivePaths: true,
        routes: [{ path: "/*", upstream: upstream.url, auth: auth([byName]) }],
      }),
    );
    const server = await start({ PORT: "0", COGNATE_DATA_DIR: dir, COGNATE_CONFIG: file });
    cleanups.push(server.close);
  });
});

describe("control characters in paths", () => {
  it("are refused with 400, encoded or raw, before any route, whatever the case setting", async () => {
    for (const config of [{}, { caseInsensitivePaths: true }]) {
      const { url, upstream, get } = await gateway(config);
      for (const path of [
        "/public/a%00b",
        "/orders/%00",
        "/public/%0d%0aSet-Cookie:x",
        "/public/a%1F",
        "/public/a%7f",
        "/public/%09",
      ]) {
        const res = await get(path, true);
        expect(res.status, path).toBe(400);
        expect(await res.json()).toEqual({ message: "Bad Request" });
      }
      // A raw control character in the request line: Node's parser refuses it first.
      const raw = await rawRequest(url, ["GET /public/a\x01b HTTP/1.1", `Host: ${new URL(url).host}`]);
      expect(raw.status).toBe(400);
      expect(upstream.seen).toEqual([]);
    }
  });
});

describe("start-up warnings", () => {
  it("name the public route that takes methods a protected route above it does not list", async () => {
    const upstream = await caseInsensitiveUpstream();
    const issuers = [{ type: "oidc", issuer: "https://idp.example.com", audience: "a" }];
    const routes = [
      { method: "GET", path: "/orders/*", upstream: upstream.url, auth: { issuers } },
      { path: "/*", upstream: upstream.url, auth: "none" },
    ];
    const dir = mkdtempSync(join(tmpdir(), "cognate-paths-"));
    writeFileSync(join(dir, "cognate.json"), JSON.stringify({ routes, caseInsensitivePaths: true }));
    const server = await start({
      PORT: "0",
      COGNATE_DATA_DIR: dir,
      COGNATE_CONFIG: join(dir, "cognate.json"),
    });
    cleanups.push(server.close);
    expect(warnings).toEqual([
      'cognate: warning: routes[1] ("/*") is public and takes POST, PUT, PATCH, DELETE, OPTIONS requests to paths of the authenticated routes[0] ("/orders/*" GET): an upstream that serves them there does so without authentication',
    ]);
    const res = await fetch(`${server.url}/orders/1`, { method: "POST" });
    expect(((await res.json()) as { handler: string }).handler).toBe("orders");
  });
});
