// npm run bench: requests/s of a Hono hello route, bare (baseline) and behind authorizer()
// (verified-token cache warm, and off) and behind hono/jwk, with 1,000 distinct RS256 tokens.
// Each round runs every scenario once, in turn, so noise on this shared machine falls on all
// of them alike; the ratios against the baseline of the same run are the result.
import autocannon from "autocannon";
import { spawn } from "node:child_process";
import { exportJWK, generateKeyPair, SignJWT } from "jose";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const TOKENS = 1000;
const SCENARIOS = [
  ["baseline", "Hono hello route, no auth (baseline)"],
  ["authorizer-warm", "authorizer(), verified-token cache warm"],
  ["authorizer-nocache", "authorizer(), verified-token cache off"],
  ["hono-jwk", "hono/jwk middleware (keys given)"],
];

const issuer = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Bench0001";
const { privateKey, publicKey } = await generateKeyPair("RS256");
const publicJwk = { ...(await exportJWK(publicKey)), kid: "bench-1", alg: "RS256", use: "sig" };
const now = Math.floor(Date.now() / 1000);
const tokens = await Promise.all(
  Array.from({ length: TOKENS }, (_, i) =>
    new SignJWT({ sub: `user-${i}`, token_use: "access", client_id: "bench-client", scope: "orders/read", username: `user${i}` })
      .setProtectedHeader({ alg: "RS256", kid: "bench-1" })
      .setIssuer(issuer)
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(privateKey),
  ),
);
// Every scenario, the baseline included, receives the same 1,000 Authorization headers.
const requests = tokens.map((t) => ({ method: "GET", path: "/hello", headers: { authorization: `Bearer ${t}` } }));

function startServer(scenario) {
  const child = spawn(process.execPath, ["bench/server.mjs", scenario, JSON.stringify(publicJwk), issuer], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk) => {
      const m = /ready (\d+)/.exec(chunk.toString());
      if (m) resolve({ child, url: `http://127.0.0.1:${m[1]}` });
    });
    child.once("exit", (code) => reject(new Error(`${scenario} server exited ${code}`)));
  });
}

async function measure(url, seconds) {
  const result = await autocannon({ url, requests, connections: CONNECTIONS, duration: seconds });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}

const results = Object.fromEntries(SCENARIOS.map(([s]) => [s, []]));
for (let round = 1; round <= ROUNDS; round++) {
  for (const [scenario] of SCENARIOS) {
    const { child, url } = await startServer(scenario);
    try {
      // Warm-up: JIT, the key cache, and (authorizer-warm) all 1,000 tokens verified once.
      await Promise.all(requests.map((r) => fetch(url + r.path, { headers: r.headers }).then((res) => res.text())));
      await measure(url, 1);
      const rps = await measure(url, SECONDS);
      results[scenario].push(rps);
      process.stderr.write(`round ${round}/${ROUNDS} ${scenario.padEnd(20)} ${Math.round(rps)} req/s\n`);
    } finally {
      child.kill("SIGTERM");
    }
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(results.baseline);
// Per-round ratios against that round's baseline, then their median: robust to drift across rounds.
const ratio = (s) => median(results[s].map((v, i) => v / results.baseline[i]));
const fmt = (n) => Math.round(n).toLocaleString("en-US");
const lines = [
  `autocannon, ${CONNECTIONS} connections, ${SECONDS} s x ${ROUNDS} rounds, ${TOKENS} distinct RS256 tokens, node ${process.versions.node}`,
  "",
  "| scenario | req/s min | median | max | x baseline (median of per-round ratios) |",
  "|---|---:|---:|---:|---:|",
  ...SCENARIOS.map(([s, label]) => {
    const xs = results[s];
    return `| ${label} | ${fmt(Math.min(...xs))} | ${fmt(median(xs))} | ${fmt(Math.max(...xs))} | ${ratio(s).toFixed(2)} |`;
  }),
  "",
  `warm / hono/jwk: ${median(results["authorizer-warm"].map((v, i) => v / results["hono-jwk"][i])).toFixed(1)}x`,
  `targets: warm >= 0.85x baseline (${ratio("authorizer-warm") >= 0.85 ? "met" : "MISSED"}), ` +
    `cache off >= 0.5x baseline (${ratio("authorizer-nocache") >= 0.5 ? "met" : "MISSED"}), ` +
    `warm >= 3x hono/jwk (${median(results["authorizer-warm"].map((v, i) => v / results["hono-jwk"][i])) >= 3 ? "met" : "MISSED"})`,
];
void base;
console.log(lines.join("\n"));
