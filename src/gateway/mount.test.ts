import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { OptionsError } from "../util/validate.js";
import { mountRouteTable, type RouteTableOptions } from "./mount.js";
import { resolveRoutes, type RouteConfig } from "./routes.js";

// An in-process upstream (a real Hono app behind `fetch`), so these run without sockets; the
// suites in test/gateway do the same over real HTTP.
const upstream = new Hono();
upstream.all("*", async (c) =>
  c.json({
    method: c.req.method,
    url: c.req.url,
    headers: Object.fromEntries(c.req.raw.headers),
    body: await c.req.text(),
  }),
);
const upstreamFetch: typeof fetch = async (input, init) => upstream.fetch(new Request(input, init));

function table(routes: RouteConfig[], options: Partial<RouteTableOptions> = {}): Hono {
  const app = new Hono();
  mountRouteTable(app, {
    routes: resolveRoutes(routes),
    assertionKey: undefined,
    issuer: "cognate",
    fetch: upstreamFetch,
    ...options,
  });
  app.notFound((c) => c.json({ message: "Not Found" }, 404));
  return app;
}

function thrown(fn: () => unknown): OptionsError {
  try {
    fn();
  } catch (error) {
    if (error instanceof OptionsError) return error;
    throw error;
  }
  throw new Error("did not throw");
}

const PUBLIC = { path: "/*", upstream: "http://u.example/base", auth: "none" } as const;

describe("mountRouteTable", () => {
  it("forwards through the given fetch, and adds no X-Forwarded-For when the runtime cannot tell", async () => {
    const res = await table([PUBLIC]).request("http://gw.example/x?y=1", {
      method: "PATCH",
      body: "b",
      headers: { "x-cognate-sub": "root" },
    });
    const seen = (await res.json()) as {
      method: string;
      url: string;
      headers: Record<string, string>;
      body: string;
    };
    expect(seen).toMatchObject({ method: "PATCH", url: "http://u.example/base/x?y=1", body: "b" });
    expect(seen.headers["x-forwarded-for"]).toBeUndefined();
    expect(seen.headers["x-cognate-sub"]).toBeUndefined();
  });

  it("answers 502, not 500, whatever the fetch throws", async () => {
    const failing: typeof fetch = () =>
      Promise.reject(new TypeError("fetch failed", { cause: new Error("ECONNRESET") }));
    const res = await table([PUBLIC], { fetch: failing }).request("http://gw.example/x");
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({ message: "Bad Gateway" });
  });

  it("admits HEAD where GET is listed, and a HEAD-only route only HEAD", async () => {
    const app = table([{ ...PUBLIC, method: ["HEAD"] }]);
    expect((await app.request("http://gw.example/x", { method: "HEAD" })).status).toBe(200);
    expect((await app.request("http://gw.example/x")).status).toBe(404);
    expect(
      (await table([{ ...PUBLIC, method: "GET" }]).request("http://gw.example/x", { method: "HEAD" })).status,
    ).toBe(200);
  });

  it("names a route's authorizer option as authorizer() finds it, under routes[i].auth", () => {
    const pool = (userPoolId: string) => ({
      issuers: [{ type: "cognito" as const, userPoolId, clientId: null, tokenUse: "access" as const }],
    });
    const error = thrown(() => table([PUBLIC, { ...PUBLIC, auth: pool("pool") }]));
    expect(error.path).toBe("routes[1].auth.issuers[0].userPoolId");
    expect(error.message).toMatch(/^routes\[1\]\.auth\.issuers\[0\]\.userPoolId: must be a user pool id/);
    expect(
      thrown(() => table([{ ...PUBLIC, auth: { ...pool("us-east-1_AbCdEf"), bogus: 1 } as never }])).path,
    ).toBe("routes[0].auth.bogus");
    expect(thrown(() => table([{ ...PUBLIC, auth: {} as never }])).path).toBe("routes[0].auth.issuers");
  });

  it("requires assertionKey when a route asks for an assertion, naming the route", () => {
    const auth = { issuers: [{ type: "oidc" as const, issuer: "https://idp.example", audience: null }] };
    const error = thrown(() => table([PUBLIC, { ...PUBLIC, auth }, { ...PUBLIC, auth, assertion: true }]));
    expect(error.path).toBe("assertionKey");
    expect(error.problem).toMatch(/^is required: routes\[2\] asks for an assertion/);
  });
});
