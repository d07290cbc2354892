import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, MIGRATIONS, repositories } from "../../src/storage/index.js";
import { openSqliteDatabase, sqliteDriver } from "../../src/storage/sqlite.node.js";
import { CLIENT, NOW, POOL, seedPool } from "./contract/fixtures.js";

// Truly parallel: worker threads, each with its own better-sqlite3 connection to one file, start
// each round at the same instant (a SharedArrayBuffer gate) and contend for SQLite's write lock.
// Workers cannot load TypeScript, so the storage sources are compiled (tsc) into a temp dir first.

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const THREADS = 4;
const ROUNDS = 25;
let work: string;

const WORKER = `
import { parentPort, workerData } from "node:worker_threads";
const { out, file, op, index, rounds, pool, now } = workerData;
const storage = await import(out + "/storage/index.js");
const { openSqliteDatabase, sqliteDriver } = await import(out + "/storage/sqlite.node.js");
const driver = sqliteDriver(openSqliteDatabase(file));
const store = storage.repositories(driver);
const gate = new Int32Array(workerData.gate);
Atomics.add(gate, 0, 1);
Atomics.wait(gate, 1, 0);
const cases = [(s) => s.toLowerCase(), (s) => s.toUpperCase(), (s) => s[0].toUpperCase() + s.slice(1), (s) => s.replace(/r/g, "R")];
let wins = 0, losses = 0;
const errors = [];
for (let i = 0; i < rounds; i++) {
  try {
    if (op === "migrate") { await storage.migrate(driver); wins++; }
    if (op === "signup") {
      const sub = "00000000-0000-4000-8" + String(index).padStart(3, "0") + "-" + String(i).padStart(12, "0");
      await store.users.create({ poolId: pool, sub, username: cases[index % 4]("racer" + i), status: "UNCONFIRMED", attributes: {} }, now);
      wins++;
    }
    if (op === "consume") (await store.codes.consume(pool, "user" + i, "signup", "h", now)) ? wins++ : losses++;
    if (op === "rotate") (await store.refreshTokens.rotate("rt-" + i, "rt-" + i + "-" + index, now)) ? wins++ : losses++;
    if (op === "fail") { await store.users.recordSignInFailure(pool, "user0", now, 1e9); wins++; }
  } catch (error) {
    if (error instanceof storage.UsernameExistsError) losses++;
    else errors.push(String(error));
  }
}
await driver.close();
parentPort.postMessage({ wins, losses, errors });
`;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "cognate-threads-"));
  writeFileSync(join(work, "package.json"), '{"type":"module"}');
  symlinkSync(join(ROOT, "node_modules"), join(work, "node_modules"));
  writeFileSync(join(work, "worker.mjs"), WORKER);
  const tsc = join(ROOT, "node_modules", ".bin", "tsc");
  const flags = [
    "--ignoreConfig",
    "--outDir",
    join(work, "out"),
    "--rootDir",
    join(ROOT, "src"),
    "--module",
    "nodenext",
    "--moduleResolution",
    "nodenext",
  ];
  flags.push("--target", "es2022", "--lib", "es2023,dom", "--types", "node", "--skipLibCheck");
  execFileSync(
    tsc,
    [...flags, ...["index.ts", "open.node.ts", "sqlite.node.ts"].map((f) => join(ROOT, "src", "storage", f))],
    { cwd: ROOT, stdio: "pipe" },
  );
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

interface Tally {
  wins: number;
  losses: number;
  errors: string[];
}

async function race(file: string, op: string): Promise<Tally> {
  const gate = new SharedArrayBuffer(8);
  const flags = new Int32Array(gate);
  const workers = Array.from(
    { length: THREADS },
    (_, index) =>
      new Worker(join(work, "worker.mjs"), {
        workerData: {
          out: join(work, "out"),
          file,
          op,
          index,
          rounds: op === "migrate" ? 1 : ROUNDS,
          pool: POOL,
          now: NOW + 1,
          gate,
        },
      }),
  );
  let failed = false;
  const results = workers.map(
    (worker) =>
      new Promise<Tally>((resolve, reject) => {
        worker.once("message", resolve);
        worker.once("error", (error) => {
          failed = true;
          reject(error);
        });
      }),
  );
  // A worker that dies before the gate must fail the test, not hang it.
  while (Atomics.load(flags, 0) < THREADS && !failed) await new Promise((ok) => setTimeout(ok, 5));
  Atomics.store(flags, 1, 1);
  Atomics.notify(flags, 1);
  let tallies: Tally[];
  try {
    tallies = await Promise.all(results);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return {
    wins: sum(tallies, "wins"),
    losses: sum(tallies, "losses"),
    errors: tallies.flatMap((t) => t.errors),
  };
}

const sum = (tallies: Tally[], key: "wins" | "losses") => tallies.reduce((total, t) => total + t[key], 0);

async function seededFile(): Promise<string> {
  const file = join(mkdtempSync(join(work, "db-")), "cognate.db");
  const driver = sqliteDriver(openSqliteDatabase(file));
  await migrate(driver);
  const store = repositories(driver);
  await seedPool(store);
  for (let i = 0; i < ROUNDS; i++) {
    const user = await store.users.create(
      {
        poolId: POOL,
        sub: `11111111-0000-4000-8000-${String(i).padStart(12, "0")}`,
        username: `user${i}`,
        status: "UNCONFIRMED",
        attributes: {},
      },
      NOW,
    );
    await store.codes.issue(
      {
        poolId: POOL,
        username: user.username,
        purpose: "signup",
        codeHash: "h",
        expiresAt: NOW + 60_000,
        maxAttempts: 3,
      },
      NOW,
    );
    await store.refreshTokens.issue(
      {
        tokenHash: `rt-${i}`,
        poolId: POOL,
        clientId: CLIENT,
        sub: user.sub,
        familyId: `f-${i}`,
        authTime: NOW,
        expiresAt: NOW + 60_000,
      },
      NOW,
    );
  }
  await driver.close?.();
  return file;
}

describe(`${THREADS} threads, one connection each, racing on one SQLite file`, () => {
  it("migrate a new database once between them", async () => {
    const file = join(mkdtempSync(join(work, "db-")), "cognate.db");
    expect(await race(file, "migrate")).toEqual({ wins: THREADS, losses: 0, errors: [] });
    const driver = sqliteDriver(openSqliteDatabase(file));
    expect(await driver.all("SELECT id FROM schema_migrations ORDER BY id")).toEqual(
      MIGRATIONS.map((m) => ({ id: m.id })),
    );
    await driver.close?.();
  });

  it("sign each username up once, whatever case each thread uses", async () => {
    const file = await seededFile();
    expect(await race(file, "signup")).toEqual({ wins: ROUNDS, losses: ROUNDS * (THREADS - 1), errors: [] });
  });

  it("consume each code once", async () => {
    const file = await seededFile();
    expect(await race(file, "consume")).toEqual({ wins: ROUNDS, losses: ROUNDS * (THREADS - 1), errors: [] });
  });

  it("rotate each refresh token once", async () => {
    const file = await seededFile();
    expect(await race(file, "rotate")).toEqual({ wins: ROUNDS, losses: ROUNDS * (THREADS - 1), errors: [] });
    const driver = sqliteDriver(openSqliteDatabase(file));
    expect(await driver.first("SELECT COUNT(*) AS n FROM refresh_tokens")).toEqual({ n: ROUNDS * 2 });
    await driver.close?.();
  });

  it("count every failed sign-in", async () => {
    const file = await seededFile();
    expect(await race(file, "fail")).toEqual({ wins: ROUNDS * THREADS, losses: 0, errors: [] });
    const driver = sqliteDriver(openSqliteDatabase(file));
    expect((await repositories(driver).users.get(POOL, "user0"))?.failedSignIns).toBe(ROUNDS * THREADS);
    await driver.close?.();
  });
});
