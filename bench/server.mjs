// One benchmark server: `node bench/server.mjs <scenario> '<public JWK JSON>' '<issuer>'`.
// Prints "ready <port>" once listening on 127.0.0.1, serves until killed.
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { jwk } from "hono/jwk";
import { authorizer } from "../dist/index.js";

const [scenario, jwkJson, issuer] = process.argv.slice(2);
const key = JSON.parse(jwkJson);
const userPoolId = issuer.slice(issuer.lastIndexOf("/") + 1);

const app = new Hono();
const cognito = { type: "cognito", userPoolId, clientId: "bench-client", tokenUse: "access" };
// The JWKS is served in-process: the benchmark measures verification, not a key fetch.
const fetchJwks = async () => Response.json({ keys: [key] });

if (scenario === "authorizer-warm") app.use("/hello", authorizer({ issuers: [cognito], fetch: fetchJwks }));
if (scenario === "authorizer-nocache") app.use("/hello", authorizer({ issuers: [cognito], fetch: fetchJwks, cache: false }));
if (scenario === "hono-jwk") app.use("/hello", jwk({ keys: [key], alg: ["RS256"] }));
app.get("/hello", (c) => c.text("hello"));

const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info) => {
  console.log(`ready ${info.port}`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
