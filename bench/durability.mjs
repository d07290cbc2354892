// npm run bench: the cost of COGNATE_SQLITE_SYNCHRONOUS=FULL (issue 18, docs/storage.md#durability).
// Sign-ups per second (SignUp, then ConfirmSignUp with the code the server delivered to its outbox;
// a new user each) from 8 concurrent workers, through the AWS SDK v3 client, against two real Node
// servers (`node dist/entry/node.js`) on 127.0.0.1: one with synchronous=NORMAL (the default), one
// with FULL, each with its own data directory on a disk. The two are measured in alternate slices,
// never at once, the order swapped each round; the ratio FULL/NORMAL is the median of per-round
// ratios. fsync costs nothing on tmpfs, so the data directories go where a disk is (the output
// names the filesystem). BENCH_QUICK=1 runs a short version; BENCH_DIR picks the parent directory.
import {
  closeSync,
  fdatasyncSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeSync,
} from "node:fs";
import { cpus, homedir, release, tmpdir } from "node:os";
import { join } from "node:path";
import { createPool, signUp } from "./user-pool-cycle.mjs";
import { cpuSeconds, sdk, startCognate } from "./user-pool-servers.mjs";

const QUICK = process.env.BENCH_QUICK === "1";
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 2 : 5));
const SECONDS = Number(process.env.BENCH_SECONDS ?? (QUICK ? 2 : 5));
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const FSYNCS = QUICK ? 100 : 500;

const log = (line) => process.stderr.write(`${line}\n`);
const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const n = (x, digits = 1) =>
  x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** The mount a path is on, from /proc/self/mounts (the longest mount point that holds it). */
function mountOf(path) {
  const real = realpathSync(path);
  let best = { point: "", type: "unknown", device: "unknown" };
  let table = "";
  try {
    table = readFileSync("/proc/self/mounts", "utf8");
  } catch {
    return best;
  }
  for (const line of table.split("\n")) {
    const [device, encoded, type] = line.split(" ");
    if (type === undefined) continue;
    // Spaces and the like in mount points are octal escapes in /proc/self/mounts.
    const point = encoded.replace(/\\([0-7]{3})/g, (_, o) => String.fromCharCode(Number.parseInt(o, 8)));
    const inside = point === "/" || real === point || real.startsWith(`${point}/`);
    if (inside && point.length >= best.point.length) best = { point, type, device };
  }
  return best;
}

const IN_MEMORY = new Set(["tmpfs", "ramfs"]);

/** A parent directory on a disk: BENCH_DIR, else the temp directory, else the home directory's cache. */
function diskDirectory() {
  if (process.env.BENCH_DIR) {
    mkdirSync(process.env.BENCH_DIR, { recursive: true });
    return process.env.BENCH_DIR;
  }
  for (const dir of [tmpdir(), join(homedir(), ".cache", "cognate-bench")]) {
    mkdirSync(dir, { recursive: true });
    if (!IN_MEMORY.has(mountOf(dir).type)) return dir;
  }
  throw new Error("no directory on a disk (temp and home are in memory): set BENCH_DIR");
}

/**
 * What one 4 KiB write + fdatasync costs in `dir`, median and mean: overwriting a page already in
 * the file (a WAL being reused after a checkpoint) and appending one (a WAL growing, which makes
 * the filesystem commit its metadata too). The unit of FULL's price: it syncs the WAL at every commit.
 */
function fsyncCost(dir, count) {
  const file = join(dir, "fsync-probe");
  const page = Buffer.alloc(4096, 1);
  const measure = (position) => {
    const fd = openSync(file, "w");
    const times = [];
    try {
      for (let i = 0; i < count; i++) {
        const t0 = performance.now();
        writeSync(fd, page, 0, page.length, position(i));
        fdatasyncSync(fd);
        times.push(performance.now() - t0);
      }
    } finally {
      closeSync(fd);
      rmSync(file, { force: true });
    }
    return { median: median(times), mean: times.reduce((a, b) => a + b, 0) / times.length };
  };
  return {
    overwrite: measure((i) => (i % 16) * page.length),
    append: measure((i) => i * page.length),
  };
}

/** `concurrency` workers signing up new users back to back for `seconds`; sign-ups finished per second. */
async function signUpsPerSecond(run, { seconds, concurrency, prefix }) {
  const client = sdk(run.server.url);
  let next = 0;
  let done = 0;
  const cpu0 = cpuSeconds(run.server.pid);
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      await signUp(run.server, client, run.clientId, `${prefix}-${next++}`);
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - t0) / 1000;
  return { rate: done / elapsed, cpuMs: ((cpuSeconds(run.server.pid) - cpu0) * 1000) / done };
}

const parent = diskDirectory();
const mount = mountOf(parent);
log(`data directories under ${parent} (${mount.type} on ${mount.device})`);
const fsync = fsyncCost(parent, FSYNCS);
const fsyncText = `overwriting ${n(fsync.overwrite.median, 2)} ms (mean ${n(fsync.overwrite.mean, 2)}), appending ${n(fsync.append.median, 2)} ms (mean ${n(fsync.append.mean, 2)})`;
log(`a 4 KiB write + fdatasync, median of ${FSYNCS}: ${fsyncText}`);

const runs = [];
try {
  for (const level of ["NORMAL", "FULL"]) {
    const dataDir = mkdtempSync(join(parent, `cognate-durability-${level.toLowerCase()}-`));
    const server = await startCognate(dataDir, { COGNATE_SQLITE_SYNCHRONOUS: level });
    const run = { level, server, rates: [], cpuMs: [] };
    runs.push(run);
    // The server says what its own connection does; a bench of the wrong setting would mean nothing.
    const banner = readFileSync(join(dataDir, "server.log"), "utf8");
    if (!banner.includes(`synchronous=${level} `)) throw new Error(`the ${level} server says:\n${banner}`);
    run.clientId = (await createPool(server.url)).clientId;
  }
  for (const run of runs)
    await signUpsPerSecond(run, { seconds: 1, concurrency: CONCURRENCY, prefix: "warm" });
  for (let round = 1; round <= ROUNDS; round++) {
    for (const run of round % 2 === 1 ? runs : [...runs].reverse()) {
      const { rate, cpuMs } = await signUpsPerSecond(run, {
        seconds: SECONDS,
        concurrency: CONCURRENCY,
        prefix: `r${round}`,
      });
      run.rates.push(rate);
      run.cpuMs.push(cpuMs);
      log(`round ${round}/${ROUNDS}: synchronous=${run.level.padEnd(6)} ${n(rate)} sign-ups/s`);
    }
  }
} finally {
  for (const run of runs) {
    await run.server.stop();
    run.server.remove();
  }
}

const [normal, full] = runs;
const ratios = full.rates.map((rate, i) => rate / normal.rates[i]);
const spread = (xs) => `${n(Math.min(...xs))} / ${n(median(xs))} / ${n(Math.max(...xs))}`;
console.log(
  [
    `node ${process.versions.node}, Linux ${release()}, ${cpus().length} x ${cpus()[0]?.model ?? "unknown CPU"}; every figure below was measured in this one run${QUICK ? " (BENCH_QUICK=1: a short run)" : ""}.`,
    `Data directories on ${mount.type} (${mount.device}, mounted at ${mount.point}); a 4 KiB write + fdatasync there, median of ${FSYNCS}: ${fsyncText}.`,
    "",
    `Sign-ups (SignUp + ConfirmSignUp with the delivered code, a new user each): ${CONCURRENCY} concurrent workers, ${SECONDS} s per slice,`,
    `${ROUNDS} round(s), the two servers in alternate slices (order swapped each round); ratio = median of per-round ratios.`,
    "",
    "| COGNATE_SQLITE_SYNCHRONOUS | sign-ups/s (min / median / max) | server CPU ms per sign-up (median) | x NORMAL |",
    "|---|---:|---:|---:|",
    `| NORMAL (default) | ${spread(normal.rates)} | ${n(median(normal.cpuMs))} | 1.00 |`,
    `| FULL | ${spread(full.rates)} | ${n(median(full.cpuMs))} | ${n(median(ratios), 2)} |`,
    "",
    `Per-round FULL/NORMAL: ${ratios.map((r) => n(r, 2)).join(", ")}.`,
  ].join("\n"),
);
