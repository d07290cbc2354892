// npm run bench: the OAuth token endpoint (issue 13), cognate against panva's oidc-provider twice,
// with its in-memory development adapter and with a durable SQLite adapter (as cognate keeps its
// codes and refresh tokens: ./oidc-provider-sqlite.mjs), each a child process on 127.0.0.1 (bench/oauth-server.mjs), never both at once, the same client
// here for both (fetch, keep-alive, client_secret_basic, the same form parameters):
// 1) client_credentials tokens per second (a signed JWT access token each);
// 2) authorization-code exchanges per second (an ID token, a JWT access token and a refresh
//    token each, PKCE S256 checked), with the codes minted ahead of the timed part on both.
// Ratios are medians of per-round ratios. BENCH_QUICK=1 runs a smaller version.
// On a machine with two cores or more and `taskset`, the servers run on core 1 and this load
// generator on core 0, so a figure is the server's own, not a share of one contended pair of
// cores (BENCH_PIN=0 turns that off).
import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism, loadavg } from "node:os";
import { createInterface } from "node:readline";
import { cpuSeconds } from "./user-pool-servers.mjs";
import { VERIFIER } from "./oauth-server.mjs";

const QUICK = process.env.BENCH_QUICK === "1";
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 1 : 3));
const SECONDS = Number(process.env.BENCH_SECONDS ?? (QUICK ? 2 : 5));
const CODES = Number(process.env.BENCH_CODES ?? (QUICK ? 300 : 2000));
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const BATCH = 400;
const SERVER = new URL("./oauth-server.mjs", import.meta.url).pathname;

const log = (line) => process.stderr.write(`${line}\n`);
const started = performance.now();
const loadBefore = loadavg();
const opVersion = JSON.parse(
  readFileSync(createRequire(import.meta.url).resolve("oidc-provider/package.json"), "utf8"),
).version;

const PIN = process.env.BENCH_PIN !== "0" && availableParallelism() >= 2 && pinSelf();

/** Pins this process (every thread) to core 0; false where `taskset` is missing. */
function pinSelf() {
  try {
    execFileSync("taskset", ["-a", "-p", "-c", "0", String(process.pid)], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Starts one server; `ask` sends a line and waits for the next answer. */

async function launch(which) {
  const child = PIN
    ? spawn("taskset", ["-c", "1", process.execPath, SERVER, which], { stdio: ["pipe", "pipe", "pipe"] })
    : spawn(process.execPath, [SERVER, which], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    // The timer is cleared once answered: a pending one kept the run alive 2 minutes after its output.
    let timer;
    const { value, done } = await Promise.race([
      lines.next(),
      new Promise((_, fail) => {
        timer = setTimeout(() => fail(new Error(`${which}: no answer in 120 s\n${stderr}`)), 120_000);
      }),
    ]).finally(() => clearTimeout(timer));
    if (done) throw new Error(`${which} exited:\n${stderr}`);
    return JSON.parse(value);
  };
  const ready = await next();
  return {
    pid: child.pid,
    ready,
    mint: async (n) => {
      child.stdin.write(`${JSON.stringify({ mint: n })}\n`);
      return (await next()).codes;
    },
    stop: async () => {
      const exited = new Promise((ok) => child.once("exit", ok));
      child.stdin.end();
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

const basic = ({ id, secret }) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString("base64")}`;

async function post(url, authorization, body) {
  const response = await fetch(url, {
    method: "POST",
    headers: { authorization, "content-type": "application/x-www-form-urlencoded" },
    body,
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${response.status} ${text.slice(0, 300)}`);
  const json = JSON.parse(text);
  if (typeof json.access_token !== "string" || json.access_token.split(".").length !== 3)
    throw new Error(`no JWT access token: ${text.slice(0, 300)}`);
  return json;
}

/** client_credentials for SECONDS with CONCURRENCY workers: tokens/s and server CPU ms per token. */
async function clientCredentials(server) {
  const { tokenUrl, machine, scope } = server.ready;
  const authorization = basic(machine);
  const body = `grant_type=client_credentials&scope=${encodeURIComponent(scope)}`;
  for (let i = 0; i < 20; i++) await post(tokenUrl, authorization, body); // warm-up
  let done = 0;
  const cpu0 = cpuSeconds(server.pid);
  const t0 = performance.now();
  const until = t0 + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) {
        await post(tokenUrl, authorization, body);
        done++;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return { perSecond: done / seconds, cpuMs: ((cpuSeconds(server.pid) - cpu0) * 1000) / done };
}

/** CODES authorization-code exchanges, minted before the timer: exchanges/s and server CPU ms each. */
async function codeExchanges(server) {
  const { tokenUrl, web, redirectUri } = server.ready;
  const authorization = basic(web);
  const form = (code) =>
    new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: redirectUri,
      code_verifier: VERIFIER,
    });
  for (const code of await server.mint(20)) {
    const tokens = await post(tokenUrl, authorization, form(code)); // warm-up
    if (typeof tokens.id_token !== "string" || typeof tokens.refresh_token !== "string")
      throw new Error(`the exchange gave no ID or refresh token: ${JSON.stringify(Object.keys(tokens))}`);
  }
  // oidc-provider's in-memory adapter is an LRU of 1,000 entries that its codes and refresh tokens
  // share: codes are minted and exchanged in batches of BATCH, on both, and only exchanges are timed.
  let seconds = 0;
  let cpu = 0;
  for (let left = CODES; left > 0; left -= BATCH) {
    const codes = await server.mint(Math.min(BATCH, left));
    const cpu0 = cpuSeconds(server.pid);
    const t0 = performance.now();
    let at = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (at < codes.length) await post(tokenUrl, authorization, form(codes[at++]));
      }),
    );
    seconds += (performance.now() - t0) / 1000;
    cpu += cpuSeconds(server.pid) - cpu0;
  }
  return { perSecond: CODES / seconds, cpuMs: (cpu * 1000) / CODES };
}

const PEERS = ["oidc-provider", "oidc-provider-sqlite"];
const results = Object.fromEntries(["cognate", ...PEERS].map((which) => [which, { cc: [], code: [] }]));
for (let round = 1; round <= ROUNDS; round++) {
  for (const which of ["cognate", ...PEERS]) {
    log(`round ${round}/${ROUNDS}: ${which}`);
    const server = await launch(which);
    try {
      results[which].cc.push(await clientCredentials(server));
      results[which].code.push(await codeExchanges(server));
    } finally {
      await server.stop();
    }
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const n = (x, digits = 1) =>
  x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const spread = (xs) => `${n(Math.min(...xs))} / ${n(median(xs))} / ${n(Math.max(...xs))}`;
// The target is set against the peer that keeps what cognate keeps: a deployment of oidc-provider
// needs a durable adapter (its in-memory one is for development and loses every grant on restart).
const TARGET_PEER = "oidc-provider-sqlite";
const PEER_NAMES = {
  "oidc-provider": "oidc-provider (in-memory adapter)",
  "oidc-provider-sqlite": "oidc-provider (SQLite adapter)",
};
const row = (label, key, peer) => {
  const ours = results.cognate[key];
  const theirs = results[peer][key];
  const ratio = median(ours.map((r, i) => r.perSecond / theirs[i].perSecond));
  return `| ${label} | ${PEER_NAMES[peer]} | ${spread(ours.map((r) => r.perSecond))} | ${spread(theirs.map((r) => r.perSecond))} | ${n(ratio, 2)} | ${n(median(ours.map((r) => r.cpuMs)), 2)} | ${n(median(theirs.map((r) => r.cpuMs)), 2)} | ${peer === TARGET_PEER ? (ratio >= 1 ? "met" : "NOT MET") : "reference"} |`;
};

console.log(
  [
    `node ${process.versions.node}, oidc-provider ${opVersion}; every figure below was measured in this one run${QUICK ? " (BENCH_QUICK=1: smaller runs)" : ""}.`,
    "",
    `OAuth token endpoint, ${CONCURRENCY} concurrent requests over keep-alive HTTP on 127.0.0.1, ${ROUNDS} round(s), each round cognate then`,
    `oidc-provider with each adapter (each a child process, one at a time); ratio = median of per-round ratios; ${PIN ? "servers pinned to core 1, this load generator to core 0" : "no core pinning"}.`,
    "",
    "| grant | peer | cognate /s (min / median / max) | peer /s | x peer | server CPU ms each: cognate | peer | target >= 1x (durable peer) |",
    "|---|---|---:|---:|---:|---:|---:|---|",
    ...PEERS.map((peer) => row(`client_credentials (${SECONDS} s per run)`, "cc", peer)),
    ...PEERS.map((peer) => row(`authorization_code exchange (${CODES} codes per run)`, "code", peer)),
    "",
    "   Both sign RS256 JWT access tokens (oidc-provider: resource indicators, accessTokenFormat jwt) and authenticate the",
    "   client with client_secret_basic. A code exchange returns an ID token, an access token and a refresh token on both",
    `   (oidc-provider: offline_access granted) and checks PKCE S256. Codes are minted before the timer, ${BATCH} at a time`,
    "   (oidc-provider's in-memory adapter is an LRU of 1,000 entries shared by codes and refresh tokens), on both: cognate's as",
    "   /oauth2/authorize stores them (keyed hash under the master key, SQLite), oidc-provider's through its own Grant and",
    "   AuthorizationCode models, as its interaction API would after a sign-in. cognate stores each refresh token and spends",
    "   each code in SQLite (WAL, synchronous=NORMAL); oidc-provider keeps them in memory (its development adapter) or, with",
    "   the SQLite adapter, in the same engine with the same settings, as a deployment keeps them.",
    "",
    `Total run time ${n((performance.now() - started) / 1000, 0)} s; load average (1, 5, 15 min) ${loadBefore.map((x) => n(x, 2)).join(", ")} before, ${loadavg()
      .map((x) => n(x, 2))
      .join(", ")} after.`,
    "",
  ].join("\n"),
);
