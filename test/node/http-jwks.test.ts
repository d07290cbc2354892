import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { authorizer } from "../../src/index.js";
import { get } from "../helpers/app.js";
import { cognitoClaims, TestIssuer } from "../helpers/issuer.js";

// The same authorizer against a JWKS served over real HTTP on loopback, with the real global
// fetch: the shape of a cognate user pool (`{publicUrl}/{userPoolId}` as issuer).

const servers: ServerType[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen(issuerFor: (origin: string) => Promise<TestIssuer>) {
  let issuer: TestIssuer | undefined;
  const server = serve({ fetch: (req) => issuer!.fetch(req), hostname: "127.0.0.1", port: 0 });
  servers.push(server);
  await new Promise((r) => server.once("listening", r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  issuer = await issuerFor(origin);
  return { issuer, server };
}

function appFor(issuer: TestIssuer, tokenUse: "access" | "id" = "access") {
  const app = new Hono();
  app.use(
    "/api/*",
    authorizer({
      issuers: [
        {
          type: "cognito",
          userPoolId: "us-east-1_Local1",
          clientId: "client-1",
          tokenUse,
          issuer: issuer.issuer,
        },
      ],
      jwks: { timeoutMs: 2000 },
    }),
  );
  app.get("/api/me", (c) => c.json(c.var.principal));
  return app;
}

describe("JWKS over real HTTP on loopback", () => {
  it("verifies with one fetch for 100 concurrent cold requests", async () => {
    const { issuer } = await listen((origin) => TestIssuer.create(`${origin}/us-east-1_Local1`));
    const app = appFor(issuer);
    const tokens = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        issuer.sign(cognitoClaims("access", "client-1", { jti: `j${i}` })),
      ),
    );
    const results = await Promise.all(tokens.map((t) => get(app, t)));
    expect(results.map((r) => r.status)).toEqual(Array(100).fill(200));
    expect(issuer.fetches).toEqual([issuer.jwksUri]);
  });

  it("answers 503 when the JWKS server is gone (connection refused)", async () => {
    const { issuer, server } = await listen((origin) => TestIssuer.create(`${origin}/us-east-1_Local1`));
    const token = await issuer.sign(cognitoClaims("access", "client-1"));
    await new Promise((r) => server.close(r));
    servers.length = 0;
    const res = await get(appFor(issuer), token);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("2");
  });
});
