// npm run bench: user pools (issue 4). 1) Full sign-up cycles per second (SignUp, ConfirmSignUp
// with the delivered code, InitiateAuth USER_PASSWORD_AUTH; a new user each) of cognate against
// cognito-local, both as servers on 127.0.0.1, with 1,000 and 10,000 users already in the pool.
// 2) Server CPU per SRP sign-in on Node, and the portable (Workers) path. 3) AdminGetUser and a
// ListUsers page in a pool of 100,000 users. 4) What threat protection (ENFORCED) adds to a
// sign-in. 5) A wrong password for a user that exists vs a name nobody holds (PreventUserExistenceErrors
// ENABLED), as a ratio. BENCH_QUICK=1 runs a smaller version of each.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { throughputAt } from "./user-pool-cycle.mjs";
import { enumerationTiming } from "./user-pool-enumeration.mjs";
import { lookups } from "./user-pool-lookup.mjs";
import { riskCost } from "./user-pool-risk.mjs";
import { nodeServerCpu, srpMath, wranglerWall } from "./user-pool-srp.mjs";

const QUICK = process.env.BENCH_QUICK === "1";
const SIZES = QUICK ? [100, 1000] : [1000, 10_000];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 1 : 3));
const SECONDS = Number(process.env.BENCH_SECONDS ?? (QUICK ? 3 : 6));
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const SRP_SIGN_INS = QUICK ? 10 : 60;
const WRANGLER_SIGN_INS = QUICK ? 5 : 15;
const LOOKUP_USERS = QUICK ? 10_000 : 100_000;
const LOOKUP_CALLS = QUICK ? { getUsers: 500, listPages: 50 } : { getUsers: 2000, listPages: 200 };

const log = (line) => process.stderr.write(`${line}\n`);
const started = performance.now();
const cognitoLocalVersion = JSON.parse(
  readFileSync(createRequire(import.meta.url).resolve("cognito-local/package.json"), "utf8"),
).version;

const cycles = [];
for (const size of SIZES)
  cycles.push(await throughputAt(size, { rounds: ROUNDS, seconds: SECONDS, concurrency: CONCURRENCY, log }));
log("SRP: Node server CPU");
const nodeSrp = await nodeServerCpu({ signIns: SRP_SIGN_INS });
log("SRP: server math per port");
const math = await srpMath({ signIns: SRP_SIGN_INS });
log("SRP: wrangler dev");
let edge;
try {
  edge = await wranglerWall({ signIns: WRANGLER_SIGN_INS });
} catch (error) {
  edge = { error: error.message.split("\n")[0] };
}
const lookup = await lookups({ users: LOOKUP_USERS, ...LOOKUP_CALLS, log });
const risk = await riskCost({ signIns: QUICK ? 30 : 200, log });
const enumeration = await enumerationTiming({ calls: QUICK ? 60 : 300, log });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mark = (ok) => (ok ? "met" : "NOT MET");
const n = (x, digits = 1) =>
  x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const spread = (xs) => `${n(Math.min(...xs))} / ${n(median(xs))} / ${n(Math.max(...xs))}`;

const lines = [
  `node ${process.versions.node}, cognito-local ${cognitoLocalVersion}; every figure and ratio below was measured in this one run${QUICK ? " (BENCH_QUICK=1: smaller sizes, not the targets' conditions)" : ""}.`,
  "",
  `1. Sign-up + confirm + USER_PASSWORD_AUTH sign-in, a new user per cycle: ${CONCURRENCY} concurrent workers, ${SECONDS} s per run, ${ROUNDS} round(s),`,
  "   each round cognate then cognito-local (never both at once); ratio = median of per-round ratios.",
  "",
  "| users already in the pool | cognate cycles/s (min / median / max) | cognito-local cycles/s | x cognito-local | server CPU ms per cycle: cognate | cognito-local | target >= 5x |",
  "|---:|---:|---:|---:|---:|---:|---|",
  ...cycles.map((r) => {
    const ratio = median(r.cognate.map((v, i) => v / r.local[i]));
    return `| ${r.size.toLocaleString("en-US")} | ${spread(r.cognate)} | ${spread(r.local)} | ${n(ratio)} | ${n(median(r.cognateCpuMs))} | ${n(median(r.localCpuMs))} | ${mark(ratio >= 5)} |`;
  }),
  "",
  "   Fairness: the same AWS SDK v3 CognitoIdentityProviderClient and the same requests for both; the same pool settings",
  "   (plain usernames, AutoVerifiedAttributes [email], a client without secret allowing USER_PASSWORD_AUTH); seeding not timed",
  "   (cognate: its user repository on the SQLite file, real SRP verifiers; cognito-local: its pool JSON file while stopped).",
  "   Confirmation codes are real, read by the client from a file each server appends to: cognate's outbox.jsonl, and",
  "   cognito-local's log, written as plain synchronous JSON lines (its pretty async logger held lines back; see",
  "   bench/cognito-local-server.mjs). cognito-local keeps passwords in clear and rewrites its whole pool file on every write;",
  "   cognate stores an SRP verifier (a 3072-bit exponentiation per sign-up and per password check) in SQLite.",
  "",
  "2. SRP sign-in (InitiateAuth USER_SRP_AUTH + RespondToAuthChallenge PASSWORD_VERIFIER; client: amazon-cognito-identity-js AuthenticationHelper)",
  "",
  "| measure | per sign-in | target |",
  "|---|---:|---|",
  `| Node: cognate server's own CPU (child process, /proc; ${SRP_SIGN_INS} sequential sign-ins) | ${n(nodeSrp.serverCpuMs, 2)} ms | <= 5 ms: ${mark(nodeSrp.serverCpuMs <= 5)} |`,
  `| Node: the client's CPU in this process (SDK + ACIJS jsbn), not in the figure above | ${n(nodeSrp.clientCpuMs)} ms | |`,
  `| Node: server SRP math in-process (session + claim check), node:crypto ModPow | ${n(math.node.srpMs, 2)} ms (ModPow ${n(math.node.modPowMs, 2)}) | |`,
  `| Workers path, measured in Node as a proxy (--conditions=worker): the same SRP math, portable BigInt ModPow (modpow.web.ts) | ${n(math.web.srpMs, 2)} ms (ModPow ${n(math.web.modPowMs, 2)}), ${n(math.web.srpMs / math.node.srpMs)}x node:crypto | |`,
  `| wall time of the two calls (sent to answered, client's SRP math excluded), sequential: Node server | ${n(nodeSrp.callsMs)} ms | |`,
  edge.error
    ? `| the same on wrangler dev | not measured: ${edge.error} | |`
    : `| the same on wrangler dev (workerd, local D1, portable ModPow; ${WRANGLER_SIGN_INS} sign-ins) | ${n(edge.callsMs)} ms, ${n(edge.callsMs / nodeSrp.callsMs)}x Node | |`,
  "",
  `3. Lookups in a pool of ${lookup.users.toLocaleString("en-US")} users (seeded in ${n(lookup.seedSeconds)} s through the user repository, not counted), sequential, in-process`,
  "",
  "| call | through | median | p95 | calls | target | |",
  "|---|---|---:|---:|---:|---|---|",
  `| AdminGetUser (random user) | service app.request(), SigV4-signed | ${n(lookup.viaApp.getUser.median, 3)} ms | ${n(lookup.viaApp.getUser.p95, 3)} ms | ${lookup.viaApp.getUser.n} | median < 1 ms | ${mark(lookup.viaApp.getUser.median < 1)} |`,
  `| ListUsers, Filter email ^= "user-NNNN", Limit 60 | service app.request(), SigV4-signed | ${n(lookup.viaApp.listUsers.median, 3)} ms | ${n(lookup.viaApp.listUsers.p95, 3)} ms | ${lookup.viaApp.listUsers.n} | median < 20 ms | ${mark(lookup.viaApp.listUsers.median < 20)} |`,
  `| AdminGetUser | the operation function alone | ${n(lookup.viaOperation.getUser.median, 3)} ms | ${n(lookup.viaOperation.getUser.p95, 3)} ms | ${lookup.viaOperation.getUser.n} | (breakdown) | |`,
  `| ListUsers page | the operation function alone | ${n(lookup.viaOperation.listUsers.median, 3)} ms | ${n(lookup.viaOperation.listUsers.p95, 3)} ms | ${lookup.viaOperation.listUsers.n} | (breakdown) | |`,
  "",
  "   app.request(): the whole service path (SigV4 check, JSON, input validation, the operation, the JSON answer); signing is done before the timer.",
  "   The operation function alone: no HTTP envelope, no SigV4, no input-shape check. Seeded users share one salt and verifier (same row size).",
  "",
  `4. Threat protection: AdminInitiateAuth ADMIN_USER_PASSWORD_AUTH with ContextData, in-process (service app.request(), SigV4), ${risk.signIns} sign-ins per pool,`,
  "   alternating; each user has 60 earlier sign-ins. ENFORCED (every level NO_ACTION) adds the compromised-password check, the history read, the score.",
  "",
  "| pool | median per sign-in | x OFF |",
  "|---|---:|---:|",
  `| AdvancedSecurityMode OFF | ${n(risk.off, 2)} ms | 1.0 |`,
  `| AdvancedSecurityMode ENFORCED (adaptive authentication) | ${n(risk.enforced, 2)} ms | ${n(risk.enforced / risk.off, 2)} |`,
  "",
  `5. A wrong password, PreventUserExistenceErrors ENABLED: the user exists vs nobody holds the name (a new name each call), in-process`,
  `   (service app.request(), SigV4), ${enumeration.calls} calls each, alternating; the user's failure count reset between calls (untimed).`,
  "",
  "| flow (what is timed) | existing user, median | unknown name, median | existing / unknown | target ~1 |",
  "|---|---:|---:|---:|---|",
  ...enumeration.flows.map(
    (r) =>
      `| ${r.flow} | ${n(r.existing, 3)} ms | ${n(r.unknown, 3)} ms | ${n(r.existing / r.unknown, 2)} | ${mark(r.existing / r.unknown < 1.25)} |`,
  ),
  "",
  "   What remains for an existing user: the failure's two writes (the lockout count, the failed auth event) and the user's read.",
  "",
  `Total run time ${n((performance.now() - started) / 1000, 0)} s.`,
  "",
];
console.log(lines.join("\n"));
