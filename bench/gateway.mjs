// Gateway throughput: autocannon against a bare upstream (baseline), and against cognate's gateway
// in front of it (authorizer() with a verified-token cache, a 102-statement policy, the reverse
// proxy), with 1,000 distinct RS256 tokens. Target: >= 0.6x the upstream called directly.
import autocannon from "autocannon";
import { spawn } from "node:child_process";
import { bearerTokens } from "./bearer-tokens.mjs";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);

const { issuer, publicJwk, requests } = await bearerTokens(1000);

function start(...args) {
  const child = spawn(process.execPath, ["bench/gateway-server.mjs", ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk) => {
      const m = /ready (\d+)/.exec(chunk.toString());
      if (m) resolve({ child, url: `http://127.0.0.1:${m[1]}` });
    });
    child.once("exit", (code) => reject(new Error(`${args[0]} exited ${code}`)));
  });
}

async function measure(url, seconds) {
  const result = await autocannon({ url, requests, connections: CONNECTIONS, duration: seconds });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}

const upstream = await start("upstream");
const results = { direct: [], bare: [], gateway: [] };
try {
  for (let round = 1; round <= ROUNDS; round++) {
    const gateway = await start("gateway", upstream.url, JSON.stringify(publicJwk), issuer);
    const bare = await start("bare-proxy", upstream.url);
    try {
      await Promise.all(
        requests.map((r) => fetch(gateway.url + r.path, { headers: r.headers }).then((res) => res.text())),
      );
      for (const [name, url] of [
        ["direct", upstream.url],
        ["bare", bare.url],
        ["gateway", gateway.url],
      ]) {
        await measure(url, 1);
        const rps = await measure(url, SECONDS);
        results[name].push(rps);
        process.stderr.write(`gateway round ${round}/${ROUNDS} ${name.padEnd(8)} ${Math.round(rps)} req/s\n`);
      }
    } finally {
      gateway.child.kill("SIGTERM");
      bare.child.kill("SIGTERM");
    }
  }
} finally {
  upstream.child.kill("SIGTERM");
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n) => Math.round(n).toLocaleString("en-US");
const ratio = median(results.gateway.map((v, i) => v / results.direct[i]));
const bareRatio = median(results.bare.map((v, i) => v / results.direct[i]));
const row = (label, xs, r) =>
  `| ${label} | ${fmt(Math.min(...xs))} | ${fmt(median(xs))} | ${fmt(Math.max(...xs))} | ${r.toFixed(2)} |`;
console.log(
  [
    `Gateway: autocannon, ${CONNECTIONS} connections, ${SECONDS} s per run, ${ROUNDS} rounds, 1,000 distinct RS256 tokens`,
    "",
    "| path | req/s min | median | max | x direct |",
    "|---|---:|---:|---:|---:|",
    row("upstream called directly (node:http hello)", results.direct, 1),
    row("through a bare node:http proxy (no auth, no headers work: the ceiling)", results.bare, bareRatio),
    row("through the gateway: authorizer() + 102-statement policy + proxy", results.gateway, ratio),
    "",
    `Target: gateway ${ratio.toFixed(2)}x the upstream called directly (>= 0.6: ${ratio >= 0.6 ? "met" : "MISSED"}).`,
    "",
  ].join("\n"),
);
