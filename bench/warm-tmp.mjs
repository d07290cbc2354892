import { Hono } from "hono";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { buildApp } from "./apps.mjs";
const issuer = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Bench0001";
const { privateKey, publicKey } = await generateKeyPair("RS256");
const key = { ...(await exportJWK(publicKey)), kid: "bench-1", alg: "RS256", use: "sig" };
const now = Math.floor(Date.now() / 1000);
const tokens = await Promise.all(Array.from({ length: 1000 }, (_, i) => new SignJWT({ sub: `user-${i}`, token_use: "access", client_id: "bench-client", scope: "orders/read", username: `user${i}` }).setProtectedHeader({ alg: "RS256", kid: "bench-1" }).setIssuer(issuer).setIssuedAt(now).setExpirationTime(now + 3600).sign(privateKey)));
const reqs = tokens.map((t) => new Request("http://x/hello", { headers: { authorization: `Bearer ${t}` } }));
for (const s of (process.argv[2] ? [process.argv[2]] : ["baseline", "noop", "authorizer-warm", "baseline", "noop", "authorizer-warm"])) {
  const app = buildApp(s, key, issuer);
  for (let i = 0; i < 3000; i++) await app.fetch(reqs[i % 1000]);
  const N = 100000; const t0 = performance.now();
  for (let i = 0; i < N; i++) { const r = await app.fetch(reqs[i % 1000]); if (r.status !== 200) throw 1; }
  console.log(s.padEnd(16), ((performance.now() - t0) * 1000 / N).toFixed(2), "µs/req");
}
