// An outside attack (issue 18): the Node server's sweep ends with `wal_checkpoint(TRUNCATE)`, which
// waited in SQLite's busy handler (5 s, on the event loop) while another connection read an older
// snapshot (a backup, Litestream, a second process), then was not tried again. It no longer waits
// (test/storage/sqlite.test.ts, "the checkpoint"), and it must not give up: once the reader is
// gone, what the sweep deleted leaves the write-ahead log too, without waiting for other deletions.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { start } from "../../src/entry/node.js";
import { repositories, type Repositories } from "../../src/storage/index.js";
import { openSqliteDatabase, sqliteDriver } from "../../src/storage/sqlite.node.js";

const POOL = "us-east-1_Reader18";
const SUB = "00000000-0000-4000-8000-000000000018";
const MARKER = "198.51.100.18-purged-session-marker";
let server: Awaited<ReturnType<typeof start>>;
let dataDir: string;
let store: Repositories;
let reader: ReturnType<typeof openSqliteDatabase>;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "cognate-retention-reader-"));
  vi.spyOn(console, "log").mockImplementation(() => undefined);
  server = await start({ PORT: "0", COGNATE_DATA_DIR: dataDir, COGNATE_RETENTION_INTERVAL_SECONDS: "1" });
  vi.restoreAllMocks();
  store = repositories(sqliteDriver(openSqliteDatabase(join(dataDir, "cognate.db"))));
  reader = openSqliteDatabase(join(dataDir, "cognate.db"));
});
afterAll(async () => {
  if (reader?.inTransaction) reader.prepare("COMMIT").run();
  reader?.close();
  await server?.close();
});

const files = () =>
  ["cognate.db", "cognate.db-wal"]
    .map((name) => join(dataDir, name))
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file).toString("latin1"))
    .join("");

async function until(check: () => Promise<boolean> | boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) return false;
    await new Promise((done) => setTimeout(done, 100));
  }
  return true;
}

describe("the sweep's checkpoint with a reader on the file", () => {
  it("checkpoints the purge away once the reader is gone", async () => {
    const now = Date.now();
    await store.pools.create({ id: POOL, name: "reader", config: {} }, now);
    await store.clients.create(
      { id: "readerclient", poolId: POOL, name: "web", secret: null, config: {} },
      now,
    );
    await store.users.create(
      { poolId: POOL, sub: SUB, username: "rex", status: "CONFIRMED", attributes: { sub: SUB } },
      now,
    );
    // A reader holds a snapshot (as a backup does) from before the sweep's deletion.
    reader.prepare("BEGIN").run();
    reader.prepare("SELECT COUNT(*) AS n FROM users").get();
    await store.sessions.create(
      {
        idHash: "expired-two-hours-ago",
        poolId: POOL,
        clientId: "readerclient",
        username: "rex",
        sub: SUB,
        challenge: "SMS_MFA",
        data: { sourceIp: MARKER },
        expiresAt: now - 2 * 3_600_000,
      },
      now - 3 * 3_600_000,
    );
    expect(files()).toContain(MARKER);

    expect(await until(async () => (await store.sessions.get("expired-two-hours-ago")) === null, 8000)).toBe(
      true,
    );
    // Two more sweep intervals with the reader still there: the purged session is still in the log.
    await new Promise((done) => setTimeout(done, 2500));
    expect(files()).toContain(MARKER);

    // The reader goes; nothing else is deleted. The purged session must leave the files anyway.
    reader.prepare("COMMIT").run();
    expect(await until(() => !files().includes(MARKER), 5000)).toBe(true);
  });
});
