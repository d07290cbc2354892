import { describe, expect, inject, it, vi } from "vitest";
import { createGateway, type AuthorizerOptions } from "../../src/index.js";
import worker from "../../src/entry/worker.js";
import { CLIENT_ID, COGNITO_ISSUER, POOL_ID } from "../helpers/app.js";
import { cognitoClaims, TestIssuer } from "../helpers/issuer.js";

// The route table inside workerd, forwarding over real loopback HTTP to a Node server started by
// the workers project's globalSetup (test/workers/upstream.setup.ts).
const upstream = inject("gatewayUpstream");
const closed = inject("closedUpstream");

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

async function gateway() {
  const issuer = await TestIssuer.create(COGNITO_ISSUER);
  const auth: AuthorizerOptions = {
    issuers: [{ type: "cognito", userPoolId: POOL_ID, clientId: CLIENT_ID, tokenUse: "access" }],
    fetch: issuer.fetch,
    now: issuer.now,
  };
  const app = createGateway(
    {
      routes: [
        { path: "/public/*", upstream: `${upstream}/base`, stripPrefix: "/public", auth: "none" },
        { path: "/api/*", upstream, auth },
        { path: "/busy/*", upstream, auth: "none" },
        { path: "/down/*", upstream: closed, auth: "none" },
        { path: "/slow/*", upstream: `${upstream}/hang`, stripPrefix: "/slow", auth: "none", timeoutMs: 200 },
      ],
    },
    { name: "workerd", getConnInfo: (c) => ({ remote: { address: c.req.header("cf-connecting-ip") } }) },
  );
  return { app, issuer };
}

describe("the route table, inside workerd", () => {
  it("forwards method, path, query and body over real HTTP, dropping hop-by-hop headers", async () => {
    const { app } = await gateway();
    const res = await app.request("https://gw.example/public/items/7?x=1", {
      method: "POST",
      headers: {
        "content-type": "text/plain",
        "cf-connecting-ip": "203.0.113.9",
        connection: "x-client-hop",
        "x-client-hop": "1",
      },
      body: "hello",
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-upstream-hop")).toBeNull();
    const seen = (await res.json()) as Seen;
    expect(seen).toMatchObject({ method: "POST", url: "/base/items/7?x=1", body: "hello" });
    expect(seen.headers).toMatchObject({
      host: new URL(upstream).host,
      "x-forwarded-for": "203.0.113.9",
      "x-forwarded-proto": "https",
      "x-forwarded-host": "gw.example",
    });
    expect(seen.headers["x-client-hop"]).toBeUndefined();
  });

  it("adds the verified caller's identity and strips spoofed headers; 401 without a token", async () => {
    const { app, issuer } = await gateway();
    const token = await issuer.sign(cognitoClaims("access", CLIENT_ID));
    const res = await app.request("https://gw.example/api/me", {
      headers: { authorization: `Bearer ${token}`, "x-cognate-sub": "root", "x-cognate-extra": "1" },
    });
    expect(res.status).toBe(200);
    const { headers } = (await res.json()) as Seen;
    expect(headers).toMatchObject({
      authorization: `Bearer ${token}`,
      "x-cognate-sub": "5f9c1a2e-0000-4000-8000-00000000beef",
      "x-cognate-username": "alice",
      "x-cognate-groups": "admins,staff",
      "x-cognate-scopes": "aws.cognito.signin.user.admin orders/read",
    });
    expect(headers["x-cognate-extra"]).toBeUndefined();
    const anonymous = await app.request("https://gw.example/api/me");
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ message: "Unauthorized" });
  });

  it("answers 502 for an upstream nobody listens on, 504 for one that never answers, and passes a 503 through", async () => {
    const { app } = await gateway();
    const down = await app.request("https://gw.example/down/x");
    expect(down.status).toBe(502);
    expect(await down.json()).toEqual({ message: "Bad Gateway" });
    const slow = await app.request("https://gw.example/slow/x");
    expect(slow.status).toBe(504);
    expect(await slow.json()).toEqual({ message: "Endpoint request timed out" });
    const busy = await app.request("https://gw.example/busy/now");
    expect(busy.status).toBe(503);
    expect(busy.headers.get("x-upstream")).toBe("busy");
    expect(await busy.text()).toBe("upstream is busy");
  });

  it("refuses control characters in paths, and matches routes and policies case-insensitively when told to", async () => {
    const issuer = await TestIssuer.create(COGNITO_ISSUER);
    const noSecrets = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Deny", Action: "*", Resource: "arn:aws:execute-api:*:*:*/*/*/api/secret/*" }],
    };
    const allow = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
    const auth: AuthorizerOptions = {
      issuers: [{ type: "cognito", userPoolId: POOL_ID, clientId: CLIENT_ID, tokenUse: "access" }],
      fetch: issuer.fetch,
      now: issuer.now,
      policies: { everyone: [allow, noSecrets] },
    };
    const routes = [
      { path: "/api/*", upstream, auth },
      { path: "/*", upstream, auth: "none" as const },
    ];
    const warnings: string[] = [];
    const app = createGateway(
      { routes, caseInsensitivePaths: true },
      { name: "workerd", warn: (line) => warnings.push(line) },
    );
    const token = await issuer.sign(cognitoClaims("access", CLIENT_ID));
    const bearer = { headers: { authorization: `Bearer ${token}` } };

    for (const path of ["/public/a%00b", "/api/%0d%0a", "/x%7F", "/api/%C5%BFecret/x"]) {
      const res = await app.request(`https://gw.example${path}`, bearer);
      expect(res.status, path).toBe(400);
      expect(await res.json()).toEqual({ message: "Bad Request" });
    }
    expect((await app.request("https://gw.example/API/me")).status).toBe(401);
    expect((await app.request("https://gw.example/Api/Secret/x", bearer)).status).toBe(403);
    const ok = await app.request("https://gw.example/API/Me", bearer);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as Seen).url).toBe("/API/Me");
    expect(warnings).toEqual([]);

    const sensitive: string[] = [];
    createGateway({ routes }, { name: "workerd", warn: (line) => sensitive.push(line) });
    expect(sensitive).toEqual([
      expect.stringMatching(
        /^cognate: warning: routes\[1\] \("\/\*"\) is public and takes GET \/API\/X, which the authenticated routes\[0\]/,
      ),
    ]);
  });

  it("takes the scheme from the request's own URL, which Cloudflare sets, never from a client's header", async () => {
    const { app } = await gateway();
    const res = await app.request("http://gw.example/public/x", {
      headers: { "x-forwarded-proto": "https", forwarded: "proto=https" },
    });
    const seen = (await res.json()) as Seen;
    expect(seen.headers["x-forwarded-proto"]).toBe("http");
    expect(seen.headers.forwarded).toBeUndefined();
  });

  it("refuses trustedProxies: on Workers the scheme is Cloudflare's", async () => {
    for (const env of [
      { COGNATE_CONFIG: JSON.stringify({ trustedProxies: ["0.0.0.0/0"] }) },
      { COGNATE_TRUSTED_PROXIES: "10.0.0.0/8" },
    ]) {
      const { res, logged } = await refused(
        new Request("https://gw.example/health", { headers: { "x-forwarded-proto": "http" } }),
        env,
      );
      expect(res.status).toBe(503);
      expect(logged).toEqual([
        "cognate: configuration error: COGNATE_CONFIG: trustedProxies: is not used on Workers: the scheme is the request URL's, which Cloudflare sets",
      ]);
    }
  });

  it("refuses a route asking for an assertion without assertionKey, naming the field", async () => {
    const env = {
      COGNATE_CONFIG: JSON.stringify({
        routes: [
          {
            path: "/*",
            upstream,
            auth: { issuers: [{ type: "oidc", issuer: "https://idp.example", audience: null }] },
            assertion: true,
          },
        ],
      }),
    };
    const { res, logged } = await refused(new Request("https://gw.example/x"), env);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ message: "Service Unavailable" });
    expect(logged).toEqual([
      expect.stringMatching(/^cognate: configuration error: COGNATE_CONFIG: assertionKey: is required/),
    ]);
  });
});

// A configuration error answers a fixed 503; what was wrong goes to the operator's log.
async function refused(request: Request, env: Record<string, unknown>) {
  const logged: string[] = [];
  const spy = vi.spyOn(console, "error").mockImplementation((...args) => void logged.push(args.join(" ")));
  try {
    return { res: await worker.fetch(request, env, {}), logged };
  } finally {
    spy.mockRestore();
  }
}
