// One benchmark server: `node bench/server.mjs <scenario> '<public JWK JSON>' '<issuer>'`.
// Prints "ready <port>" once listening on 127.0.0.1, serves until killed.
import { serve } from "@hono/node-server";
import { buildApp } from "./apps.mjs";

const [scenario, jwkJson, issuer] = process.argv.slice(2);
const app = buildApp(scenario, JSON.parse(jwkJson), issuer);
const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info) => {
  console.log(`ready ${info.port}`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
