// npm run bench: retention (issue 18), a measured proof that the database stops growing.
// Sustained ordinary traffic from a fixed set of users at a fixed rate (USER_PASSWORD_AUTH,
// REFRESH_TOKEN_AUTH, GetUser; now and then an SRP sign-in given up after its challenge, or
// ForgotPassword + ConfirmForgotPassword), against the gateway in process over SQLite on disk
// (bench/retention-phase.mjs), twice with the same workload and duration, each on a fresh
// database: with the retention sweep running (ON) and without it (OFF). The pool has threat
// protection on (AUDIT), so every sign-in also writes an auth event.
//
// Retention keeps rows for hours and days, so the pools run on a compressed clock: one real second
// is SPEED seconds of the pools' time, from the end of the admin set-up on; the sweep runs on the
// same clock. Refresh tokens last their minimum (60 minutes) and are kept a day past expiry; auth
// events are kept 6 hours. A fixed schedule, not a closed loop, keeps the rows due at any time the
// same over a phase and in both phases (a closed loop's rate drifts with the machine's load, and
// the rows kept with it).
//
// Samples: the size of cognate.db and its -wal, the page and free-page counts, and the rows of
// every table (a read-only connection). SQLite does not shrink its file on DELETE, it reuses the
// freed pages: levelling off means the size stops growing. The summary compares the growth over
// the second half of each phase; the sweep's cost is its own time (the share of the phase it held
// the event loop: the server's requests share that loop) and the process's CPU time per call ON/OFF. BENCH_QUICK=1 runs a shorter
// version. Env: BENCH_RETENTION_SECONDS (per phase), BENCH_RETENTION_RATE (rounds/s),
// BENCH_RETENTION_SPEED, BENCH_RETENTION_USERS, BENCH_CONCURRENCY, BENCH_RETENTION_ORDER=off-on.
import { loadavg } from "node:os";
import { FORGOT_ONE_IN, phase, SRP_ONE_IN } from "./retention-phase.mjs";

const QUICK = process.env.BENCH_QUICK === "1";
const SECONDS = Number(process.env.BENCH_RETENTION_SECONDS ?? (QUICK ? 30 : 90));
const SPEED = Number(process.env.BENCH_RETENTION_SPEED ?? (QUICK ? 9000 : 3000));
const USERS = Number(process.env.BENCH_RETENTION_USERS ?? (QUICK ? 64 : 200));
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const RATE = Number(process.env.BENCH_RETENTION_RATE ?? 40);
const HOUR_MS = 3_600_000;
const SWEEP_EVERY_MS = 3000; // real time
const SWEEP_OPTIONS = { authEventsMs: 6 * HOUR_MS, batchSize: 500 };
// The longest a row of this workload is kept: a refresh token, its 60 minutes and a day more; the
// size can only settle once that much of the pools' time, and a sweep, have passed.
const SETTLE_S = (61 * 60_000 + 24 * HOUR_MS) / SPEED / 1000 + SWEEP_EVERY_MS / 1000;
const TRACKED = ["auth_events", "refresh_tokens", "auth_sessions", "codes", "code_limits"];

const log = (line) => process.stderr.write(`${line}\n`);
const started = performance.now();
const MB = 1024 * 1024;
const mb = (bytes) => (bytes / MB).toFixed(2);
const hours = (ms) => (ms / HOUR_MS).toFixed(1);
const options = (name, retention, seconds) => ({
  name,
  retention,
  seconds,
  speed: SPEED,
  rate: RATE,
  users: USERS,
  concurrency: CONCURRENCY,
  sampleMs: QUICK ? 3000 : 10_000,
  sweepEveryMs: SWEEP_EVERY_MS,
  sweepOptions: SWEEP_OPTIONS,
  log,
});

const load0 = loadavg();
log(
  `retention: ${QUICK ? "BENCH_QUICK=1, " : ""}2 phases × ${SECONDS} s, ${RATE} rounds/s, ${CONCURRENCY} workers, ${USERS} users, clock ×${SPEED}`,
);
// A short phase first, thrown away, so that neither measured phase pays for the JIT's start.
await phase(options("warm-up", false, QUICK ? 5 : 10));
const offFirst = process.env.BENCH_RETENTION_ORDER === "off-on";
const off0 = offFirst ? await phase(options("OFF", false, SECONDS)) : undefined;
const on = await phase(options("ON", true, SECONDS));
const off = off0 ?? (await phase(options("OFF", false, SECONDS)));
const load1 = loadavg();

const total = (s) => s.db + s.wal;
// The first sample, the one nearest the middle of the phase (real time), the first one past the
// settling time, and the last.
const marks = (p) => {
  const last = p.samples.at(-1);
  const mid = p.samples.reduce((best, s) =>
    Math.abs(s.t - last.t / 2) < Math.abs(best.t - last.t / 2) ? s : best,
  );
  const settled = p.samples.find((s) => s.t >= SETTLE_S) ?? last;
  return { first: p.samples[0], mid, settled, last };
};
const table = (p) => {
  const head = [
    "  t (s)  clock (h)    calls   db MB  wal MB  total MB    pages   free",
    ...TRACKED.map((t) => t.padStart(15)),
  ].join("");
  const rows = p.samples.map((s) =>
    [
      s.t.toFixed(0).padStart(7),
      hours(s.clockMs).padStart(11),
      String(s.calls).padStart(9),
      mb(s.db).padStart(8),
      mb(s.wal).padStart(8),
      mb(total(s)).padStart(10),
      String(s.pages).padStart(9),
      String(s.free).padStart(7),
      ...TRACKED.map((t) => String(s.rows[t] ?? "-").padStart(15)),
    ].join(""),
  );
  return [head, ...rows];
};
// Every table whose rows changed over the second half (users never do: the set is fixed).
const changed = (from, to) =>
  Object.keys(to.rows)
    .filter((t) => to.rows[t] !== (from.rows[t] ?? 0))
    .map((t) => `${t} ${to.rows[t] > (from.rows[t] ?? 0) ? "+" : ""}${to.rows[t] - (from.rows[t] ?? 0)}`);
const rate = (p) => p.calls.ok / p.elapsed;
const cpuPerCall = (p) => p.cpuMs / p.calls.ok;
const growth = (from, to) =>
  `${mb(total(to) - total(from))} MB, ${to.pages - from.pages} pages (t ${from.t.toFixed(0)}→${to.t.toFixed(0)} s)`;
const summary = (p) => {
  const { first, mid, settled, last } = marks(p);
  const errors = [...p.calls.errors].map(([k, n]) => `${k} ×${n}`).join(", ") || "none";
  return [
    `  ${p.name.padEnd(3)} final ${mb(total(last))} MB on disk (${last.pages} pages of ${p.pageSize} bytes, ${last.free} free)`,
    `      growth: first half ${growth(first, mid)}; second half ${growth(mid, last)}; once settled ${growth(settled, last)}`,
    `      rows at the end: ${TRACKED.map((t) => `${t} ${last.rows[t]}`).join(", ")}`,
    `      rows changed over the second half: ${changed(mid, last).join(", ") || "none"}`,
    `      ${p.rounds} rounds (${RATE}/s scheduled, ${p.skipped} skipped: started over 0.5 s late${p.skipped > 0.01 * p.rounds ? ", THE MACHINE STALLED" : ""}), ${p.calls.ok} calls in ${p.elapsed.toFixed(1)} s = ${rate(p).toFixed(0)} calls/s, ${cpuPerCall(p).toFixed(2)} ms CPU a call; failed calls: ${errors}`,
  ];
};
const ratio = (a, b) => (b === 0 ? "n/a" : (a / b).toFixed(2));
const onM = marks(on);
const deletedRows = Object.values(on.sweeps.deleted).reduce((a, b) => a + b, 0);
const offM = marks(off);
const onPages = onM.last.pages - onM.mid.pages;
const offPages = offM.last.pages - offM.mid.pages;
// Levelled: over the second half, with retention on, the file grew by under 5% of what it grew without.
const levelled = onPages <= 0.05 * Math.max(offPages, 1);
const lines = [
  `node ${process.versions.node}; load average ${load0.map((x) => x.toFixed(2)).join(" ")} before, ${load1.map((x) => x.toFixed(2)).join(" ")} after (2-core machine shared with other work); every figure below was measured in this one run${QUICK ? " (BENCH_QUICK=1: shorter phases, a faster clock)" : ""}.`,
  `Workload: ${RATE} rounds/s on a schedule, ${CONCURRENCY} workers, ${USERS} users (fixed), per round USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH, GetUser ×2; one round in ${SRP_ONE_IN} also a USER_SRP_AUTH InitiateAuth left unanswered, one in ${FORGOT_ONE_IN} ForgotPassword + ConfirmForgotPassword;`,
  `a pool with threat protection AUDIT (an auth event per sign-in), refresh tokens valid 60 min; the pools' clock ×${SPEED} (1 real s = ${(SPEED / 60).toFixed(0)} min).`,
  `Retention ON: a sweep every ${SWEEP_EVERY_MS / 1000} real s (${hours(SWEEP_EVERY_MS * SPEED)} h of the pools' time), batches of ${SWEEP_OPTIONS.batchSize}, auth events kept ${hours(SWEEP_OPTIONS.authEventsMs)} h, refresh tokens a day past expiry;`,
  `the settling time (a refresh token's life and its day kept, and a sweep) is ${SETTLE_S.toFixed(0)} real s. ${SECONDS} s a phase, ${offFirst ? "OFF then ON" : "ON then OFF"}, each on a fresh database on disk.`,
  ...(SETTLE_S > SECONDS / 2
    ? ["WARNING: the settling time is longer than half a phase: the second half still includes it."]
    : []),
  "",
  "Retention ON:",
  ...table(on),
  "",
  "Retention OFF:",
  ...table(off),
  "",
  "Summary:",
  ...summary(on),
  ...summary(off),
  `  sweeps (ON): ${on.sweeps.runs}, ${on.sweeps.ms.toFixed(0)} ms in all (${(on.sweeps.ms / 10 / on.elapsed).toFixed(2)}% of the phase, ${(on.sweeps.ms / Math.max(1, deletedRows)).toFixed(3)} ms a row deleted); rows deleted: ${
    Object.entries(on.sweeps.deleted)
      .map(([k, n]) => `${k} ${n}`)
      .join(", ") || "none"
  }; failed purges: ${on.sweeps.failed.length === 0 ? "none" : on.sweeps.failed.join(", ")}`,
  `  final size ON/OFF: ${ratio(total(onM.last), total(offM.last))} (pages ${ratio(onM.last.pages, offM.last.pages)}); rows ON/OFF: auth_events ${ratio(onM.last.rows.auth_events, offM.last.rows.auth_events)}, refresh_tokens ${ratio(onM.last.rows.refresh_tokens, offM.last.rows.refresh_tokens)}`,
  `  second-half growth: ON ${onPages} pages, OFF ${offPages} pages: ${levelled ? "levelled off" : "STILL GROWING"} with retention on`,
  `  the sweep's cost: it held the event loop ${(on.sweeps.ms / 10 / on.elapsed).toFixed(2)}% of the ON phase, about what it can take from the throughput; calls/s ON/OFF ${ratio(rate(on), rate(off))} (${rate(on).toFixed(0)} vs ${rate(off).toFixed(0)}, on the same schedule); CPU a call ON/OFF ${ratio(cpuPerCall(on), cpuPerCall(off))} (${cpuPerCall(on).toFixed(2)} vs ${cpuPerCall(off).toFixed(2)} ms, client and server in one process; noisy on a shared machine)`,
  "",
  `Done in ${((performance.now() - started) / 1000).toFixed(0)} s.`,
];
console.log(lines.join("\n"));
