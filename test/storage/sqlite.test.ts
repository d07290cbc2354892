import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  codeRepository,
  migrate,
  MIGRATIONS,
  refreshTokenRepository,
  repositories,
  UsernameExistsError,
  userRepository,
} from "../../src/storage/index.js";
import { openSqlite, SQLITE_FILE, sqliteDurability } from "../../src/storage/open.node.js";
import { openSqliteDatabase, sqliteDriver } from "../../src/storage/sqlite.node.js";
import { describeStorageContract } from "./contract.js";
import { CLIENT, NOW, POOL, seedPool } from "./contract/fixtures.js";

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "cognate-storage-"));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

// A fresh database file per test.
describeStorageContract("better-sqlite3", () => openSqlite(tempDir()), { closeAfterEach: true });

describe("openSqlite", () => {
  it("creates the database, its WAL and its shared-memory file 0600, whatever the umask and the directory's mode", async () => {
    const previous = process.umask(0o000);
    try {
      const dataDir = join(tempDir(), "open");
      const driver = await openSqlite(dataDir);
      await repositories(driver).pools.create({ id: POOL, name: "modes", config: {} }, NOW);
      const mode = (suffix: string) => statSync(join(dataDir, SQLITE_FILE + suffix)).mode & 0o777;
      expect([mode(""), mode("-wal"), mode("-shm")]).toEqual([0o600, 0o600, 0o600]);
      await driver.close?.();
      // A database an earlier version left readable by others is made private when opened.
      const old = join(tempDir(), "old");
      const first = await openSqlite(old);
      await first.close?.();
      writeFileSync(join(old, `${SQLITE_FILE}-wal`), "");
      for (const suffix of ["", "-wal"]) chmodSync(join(old, SQLITE_FILE + suffix), 0o644);
      const again = await openSqlite(old);
      await repositories(again).pools.create({ id: POOL, name: "modes", config: {} }, NOW);
      expect(
        ["", "-wal", "-shm"].map((suffix) => statSync(join(old, SQLITE_FILE + suffix)).mode & 0o777),
      ).toEqual([0o600, 0o600, 0o600]);
      await again.close?.();
    } finally {
      process.umask(previous);
    }
  });

  it("creates {dataDir}/cognate.db with WAL and foreign keys, migrated, and reopens it as it was", async () => {
    const dataDir = join(tempDir(), "nested", "data");
    const driver = await openSqlite(dataDir);
    expect(existsSync(join(dataDir, SQLITE_FILE))).toBe(true);
    expect(await driver.first("PRAGMA journal_mode")).toEqual({ journal_mode: "wal" });
    expect(await driver.first("PRAGMA foreign_keys")).toEqual({ foreign_keys: 1 });
    expect(Number((await driver.first<{ timeout: number }>("PRAGMA busy_timeout"))?.timeout)).toBeGreaterThan(
      0,
    );
    await repositories(driver).pools.create({ id: POOL, name: "kept", config: {} }, NOW);
    await driver.close?.();

    const again = await openSqlite(dataDir);
    expect(await migrate(again)).toEqual([]);
    expect((await repositories(again).pools.get(POOL))?.name).toBe("kept");
    await again.close?.();
  });
});

describe("durability: the synchronous setting", () => {
  // `synchronous` belongs to the connection, so each check asks the connection that was opened.
  const pragmas = (db: ReturnType<typeof openSqliteDatabase>) => ({
    journal: db.pragma("journal_mode", { simple: true }),
    synchronous: db.pragma("synchronous", { simple: true }),
  });

  it("opens a file database in WAL with synchronous NORMAL (1) by default and when asked, FULL (2) when asked", () => {
    const opened = (options?: Parameters<typeof openSqliteDatabase>[1]) => {
      const db = openSqliteDatabase(join(tempDir(), "durability.db"), options);
      try {
        return pragmas(db);
      } finally {
        db.close();
      }
    };
    expect(opened()).toEqual({ journal: "wal", synchronous: 1 });
    expect(opened({ synchronous: "NORMAL" })).toEqual({ journal: "wal", synchronous: 1 });
    expect(opened({ synchronous: "FULL" })).toEqual({ journal: "wal", synchronous: 2 });
  });

  it("openSqlite passes the setting on, and sqliteDurability reads it back from the connection", async () => {
    const dataDir = tempDir();
    const full = await openSqlite(dataDir, { synchronous: "FULL" });
    // A second connection to the same file, opened with the default, keeps its own level.
    const normal = await openSqlite(dataDir);
    try {
      expect(await sqliteDurability(full)).toEqual({ journalMode: "WAL", synchronous: "FULL" });
      expect(await sqliteDurability(normal)).toEqual({ journalMode: "WAL", synchronous: "NORMAL" });
    } finally {
      await Promise.all([full.close?.(), normal.close?.()]);
    }
  });
});

describe("the checkpoint", () => {
  // The server's connection waits out another's lock for its busy timeout, on the event loop. Here
  // that timeout is ten minutes: a checkpoint that waited for the reader would never end the test.
  it("empties the log, or answers false at once while a reader holds an older snapshot", async () => {
    const file = join(tempDir(), SQLITE_FILE);
    const db = openSqliteDatabase(file, { busyTimeoutMs: 600_000 });
    const driver = sqliteDriver(db);
    const reader = openSqliteDatabase(file);
    try {
      await driver.run("CREATE TABLE notes (text TEXT)");
      await driver.run("INSERT INTO notes VALUES ('before')");
      reader.prepare("BEGIN").run();
      reader.prepare("SELECT COUNT(*) AS n FROM notes").get();
      await driver.run("INSERT INTO notes VALUES ('after')");
      expect(await driver.checkpoint!()).toBe(false);
      expect(db.pragma("busy_timeout", { simple: true })).toBe(600_000);
      reader.prepare("COMMIT").run();
      expect(await driver.checkpoint!()).toBe(true);
      expect(statSync(`${file}-wal`).size).toBe(0);
    } finally {
      reader.close();
      db.close();
    }
  });
});

describe("two better-sqlite3 connections to one file", () => {
  async function twoConnections() {
    const file = join(tempDir(), SQLITE_FILE);
    const a = sqliteDriver(openSqliteDatabase(file));
    const b = sqliteDriver(openSqliteDatabase(file));
    // Both migrate at once: each migration is applied by one of them, and seen applied by the other.
    const applied = await Promise.all([migrate(a), migrate(b)]);
    expect(applied.flat().sort((x, y) => x - y)).toEqual(MIGRATIONS.map((m) => m.id));
    return { a, b, close: () => Promise.all([a.close?.(), b.close?.()]) };
  }

  it("give one winner to a sign-up, a confirmation and a refresh raced across them", async () => {
    const { a, b, close } = await twoConnections();
    try {
      const [storeA, storeB] = [repositories(a), repositories(b)];
      await seedPool(storeA);
      const signUps = await Promise.allSettled([
        storeA.users.create(
          {
            poolId: POOL,
            sub: "aaaaaaaa-0000-4000-8000-00000000000a",
            username: "Alice",
            status: "UNCONFIRMED",
            attributes: {},
          },
          NOW,
        ),
        storeB.users.create(
          {
            poolId: POOL,
            sub: "bbbbbbbb-0000-4000-8000-00000000000b",
            username: "alice",
            status: "UNCONFIRMED",
            attributes: {},
          },
          NOW,
        ),
      ]);
      expect(signUps.filter((s) => s.status === "fulfilled")).toHaveLength(1);
      expect(signUps.find((s) => s.status === "rejected")).toMatchObject({
        reason: expect.any(UsernameExistsError),
      });
      const user = (await storeB.users.get(POOL, "ALICE"))!;

      await storeA.codes.issue(
        {
          poolId: POOL,
          username: "alice",
          purpose: "signup",
          codeHash: "h",
          expiresAt: NOW + 1000,
          maxAttempts: 3,
        },
        NOW,
      );
      const consumed = await Promise.all([
        codeRepository(a).consume(POOL, "alice", "signup", "h", NOW + 1),
        codeRepository(b).consume(POOL, "alice", "signup", "h", NOW + 1),
      ]);
      expect(consumed.filter((c) => c !== null)).toHaveLength(1);

      await storeA.refreshTokens.issue(
        {
          tokenHash: "rt",
          poolId: POOL,
          clientId: CLIENT,
          sub: user.sub,
          familyId: "f",
          authTime: NOW,
          expiresAt: NOW + 1000,
        },
        NOW,
      );
      const rotated = await Promise.all([
        refreshTokenRepository(a).rotate("rt", "rt-a", NOW + 1),
        refreshTokenRepository(b).rotate("rt", "rt-b", NOW + 1),
      ]);
      expect(rotated.filter((r) => r !== null)).toHaveLength(1);

      // Each connection sees the other's writes at once: no connection-level caching of rows.
      await userRepository(b).update(POOL, "alice", { enabled: false }, { now: NOW + 2 });
      expect((await userRepository(a).get(POOL, "alice"))?.enabled).toBe(false);
    } finally {
      await close();
    }
  });
});

describe("the query plans of the hot paths", () => {
  it("finds revoked refresh tokens through the index that holds revoked tokens only", async () => {
    const db = openSqliteDatabase(join(tempDir(), "plan.db"));
    await migrate(sqliteDriver(db));
    const plan = db
      .prepare(
        "EXPLAIN QUERY PLAN SELECT family_id AS id, MAX(revoked_at) AS at FROM refresh_tokens WHERE pool_id = ? AND revoked_at > ? GROUP BY family_id ORDER BY at LIMIT ?",
      )
      .all(POOL, NOW, 10) as { detail: string }[];
    expect(plan.map((step) => step.detail).join("\n")).toMatch(/USING INDEX refresh_tokens_revoked/);
    const index = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'refresh_tokens_revoked'").get() as {
      sql: string;
    };
    expect(index.sql).toMatch(/WHERE revoked_at IS NOT NULL/);
  });
});
