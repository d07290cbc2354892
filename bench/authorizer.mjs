// npm run bench: requests/s of a Hono hello route, bare (baseline) and behind authorizer()
// (verified-token cache warm, and off) and behind hono/jwk, with 1,000 distinct RS256 tokens:
// over HTTP with autocannon against a local server, then in an in-process loop (app.fetch).
// Each round runs every scenario once, in turn, so noise on this shared machine falls on all
// of them alike; the ratios against the baseline of the same round are the result.
import autocannon from "autocannon";
import { spawn } from "node:child_process";
import { bearerTokens } from "./bearer-tokens.mjs";
import { buildApp, SCENARIOS } from "./apps.mjs";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const TOKENS = 1000;
const LOOP_REQUESTS = Number(process.env.BENCH_LOOP_REQUESTS ?? 20000);

// Every scenario, the baseline included, receives the same 1,000 Authorization headers.
const { issuer, publicJwk, requests } = await bearerTokens(TOKENS);

function startServer(scenario) {
  const child = spawn(process.execPath, ["bench/server.mjs", scenario, JSON.stringify(publicJwk), issuer], {
    stdio: ["ignore", "pipe", "inherit"],
  });
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
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}

async function loop(app, n) {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const r = requests[i % TOKENS];
    const res = await app.fetch(new Request(`http://127.0.0.1${r.path}`, { headers: r.headers }));
    if (res.status !== 200) throw new Error(`status ${res.status}`);
    await res.arrayBuffer();
  }
  return n / ((performance.now() - t0) / 1000);
}

const http = Object.fromEntries(SCENARIOS.map(([s]) => [s, []]));
for (let round = 1; round <= ROUNDS; round++) {
  for (const [scenario] of SCENARIOS) {
    const { child, url } = await startServer(scenario);
    try {
      // Warm-up: JIT, the key cache, and (authorizer-warm) all 1,000 tokens verified once.
      await Promise.all(
        requests.map((r) => fetch(url + r.path, { headers: r.headers }).then((res) => res.text())),
      );
      await measure(url, 1);
      const rps = await measure(url, SECONDS);
      http[scenario].push(rps);
      process.stderr.write(`http round ${round}/${ROUNDS} ${scenario.padEnd(20)} ${Math.round(rps)} req/s\n`);
    } finally {
      child.kill("SIGTERM");
    }
  }
}

const inprocess = Object.fromEntries(SCENARIOS.map(([s]) => [s, []]));
const apps = Object.fromEntries(SCENARIOS.map(([s]) => [s, buildApp(s, publicJwk, issuer)]));
for (const [scenario] of SCENARIOS) await loop(apps[scenario], TOKENS * 2); // warm-up, as above
for (let round = 1; round <= ROUNDS; round++) {
  for (const [scenario] of SCENARIOS) {
    const rps = await loop(apps[scenario], LOOP_REQUESTS);
    inprocess[scenario].push(rps);
    process.stderr.write(`loop round ${round}/${ROUNDS} ${scenario.padEnd(20)} ${Math.round(rps)} req/s\n`);
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// Per-round ratios against that round's baseline, then their median: robust to drift across rounds.
const ratioOf = (results, s, base = "baseline") => median(results[s].map((v, i) => v / results[base][i]));
const fmt = (n) => Math.round(n).toLocaleString("en-US");

function table(title, results) {
  const warm = ratioOf(results, "authorizer-warm");
  const off = ratioOf(results, "authorizer-nocache");
  const vsJwk = ratioOf(results, "authorizer-warm", "hono-jwk");
  const mark = (ok) => (ok ? "met" : "MISSED");
  return [
    title,
    "",
    "| scenario | req/s min | median | max | x baseline |",
    "|---|---:|---:|---:|---:|",
    ...SCENARIOS.map(([s, label]) => {
      const xs = results[s];
      return `| ${label} | ${fmt(Math.min(...xs))} | ${fmt(median(xs))} | ${fmt(Math.max(...xs))} | ${ratioOf(results, s).toFixed(2)} |`;
    }),
    "",
    `Targets: warm ${warm.toFixed(2)}x baseline (>= 0.85: ${mark(warm >= 0.85)}), cache off ${off.toFixed(2)}x (>= 0.5: ${mark(off >= 0.5)}), ` +
      `warm ${vsJwk.toFixed(1)}x hono/jwk (>= 3: ${mark(vsJwk >= 3)}).`,
    "",
  ];
}

console.log(
  [
    `node ${process.versions.node}, ${TOKENS} distinct RS256 tokens, ${ROUNDS} rounds; ratios are medians of per-round ratios.`,
    "",
    ...table(
      `HTTP: autocannon, ${CONNECTIONS} connections, ${SECONDS} s per run, against @hono/node-server on 127.0.0.1`,
      http,
    ),
    ...table(`In-process loop: ${LOOP_REQUESTS} sequential app.fetch() calls per run`, inprocess),
  ].join("\n"),
);
