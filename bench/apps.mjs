// The four benchmarked apps, built the same way for the HTTP and the in-process runs.
import { Hono } from "hono";
import { jwk } from "hono/jwk";
import { authorizer } from "../dist/index.js";

export const SCENARIOS = [
  ["baseline", "Hono hello route, no auth (baseline)"],
  ["noop", "a no-op async middleware (what any middleware costs)"],
  ["authorizer-warm", "authorizer(), verified-token cache warm"],
  ["authorizer-nocache", "authorizer(), verified-token cache off"],
  ["hono-jwk", "hono/jwk middleware (keys given)"],
];

export function buildApp(scenario, key, issuer) {
  const app = new Hono();
  const userPoolId = issuer.slice(issuer.lastIndexOf("/") + 1);
  const cognito = { type: "cognito", userPoolId, clientId: "bench-client", tokenUse: "access" };
  // The JWKS is served in-process: the benchmark measures verification, not a key fetch.
  const fetchJwks = async () => Response.json({ keys: [key] });
  if (scenario === "authorizer-warm") app.use("/hello", authorizer({ issuers: [cognito], fetch: fetchJwks }));
  if (scenario === "authorizer-nocache")
    app.use("/hello", authorizer({ issuers: [cognito], fetch: fetchJwks, cache: false }));
  if (scenario === "noop")
    app.use("/hello", async (_c, next) => {
      await next();
    });
  if (scenario === "hono-jwk") app.use("/hello", jwk({ keys: [key], alg: ["RS256"] }));
  app.get("/hello", (c) => c.text("hello"));
  return app;
}
