// The retention sweep in the real Node server (src/entry/node.ts `start`): rows past their time,
// written beside the server through a second connection to its SQLite file, are gone after a
// sweep, and the live ones stay; the start-up lines say what is kept, and a bad setting stops start-up.
// And an outside attack's finding: the sweep's checkpoint waited 5 s on the event loop for a reader
// of an older snapshot (a backup, Litestream) and was not tried again. It no longer waits
// (test/storage/sqlite.test.ts, "the checkpoint"), and it must not give up either.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { start } from "../../src/entry/node.js";
import { repositories, type Repositories } from "../../src/storage/index.js";
import { openSqliteDatabase, sqliteDriver } from "../../src/storage/sqlite.node.js";

const DAY = 86_400_000;
const POOL = "us-east-1_Retention1";
let server: Awaited<ReturnType<typeof start>>;
let store: Repositories;
let lines = "";
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "cognate-retention-"));
  const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
  server = await start({
    PORT: "0",
    COGNATE_DATA_DIR: dataDir,
    COGNATE_RETENTION_INTERVAL_SECONDS: "1",
    COGNATE_AUTH_EVENT_RETENTION_DAYS: "3",
  });
  lines = log.mock.calls.map((call) => String(call[0])).join("\n");
  vi.restoreAllMocks();
  store = repositories(sqliteDriver(openSqliteDatabase(join(dataDir, "cognate.db"))));
});
afterAll(async () => {
  await server?.close();
});

const files = () =>
  ["cognate.db", "cognate.db-wal"]
    .map((name) => join(dataDir, name))
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file).toString("latin1"))
    .join("");

async function until(check: () => Promise<boolean> | boolean, ms = 8000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("the sweep did not come");
    await new Promise((done) => setTimeout(done, 100));
  }
}

describe("retention on the Node server", () => {
  it("says what it keeps and how often it sweeps", () => {
    expect(lines).toContain("retention   auth events kept 3 days; a sweep every 1 s, 500 rows a batch");
  });

  it("deletes what is past its time in the background, and keeps the rest", async () => {
    const now = Date.now();
    await store.pools.create({ id: POOL, name: "retention", config: {} }, now);
    await store.clients.create(
      { id: "retentionclient", poolId: POOL, name: "web", secret: null, config: {} },
      now,
    );
    const sub = "00000000-0000-4000-8000-000000000001";
    await store.users.create(
      { poolId: POOL, sub, username: "rita", status: "CONFIRMED", attributes: { sub } },
      now,
    );
    const session = (idHash: string, expiresAt: number) =>
      store.sessions.create(
        {
          idHash,
          poolId: POOL,
          clientId: "retentionclient",
          username: "rita",
          sub,
          challenge: "SMS_MFA",
          data: {},
          expiresAt,
        },
        now - 3 * DAY,
      );
    await session("expired-two-hours-ago", now - 2 * 3_600_000);
    await session("live", now + 180_000);
    const event = (id: string, createdAt: number) =>
      store.authEvents.record({
        id,
        poolId: POOL,
        sub,
        eventType: "SignIn",
        eventResponse: "Pass",
        data: {},
        createdAt,
      });
    await event("four-days-old", now - 4 * DAY);
    await event("two-days-old", now - 2 * DAY);

    const marker = "198.51.100.177-retention-marker";
    await store.authEvents.record({
      id: "four-days-old-with-context",
      poolId: POOL,
      sub,
      eventType: "SignIn",
      eventResponse: "Fail",
      data: { ipAddress: marker },
      createdAt: now - 4 * DAY,
    });
    expect(files()).toContain(marker);

    await until(async () => (await store.sessions.get("expired-two-hours-ago")) === null);
    await until(async () => (await store.authEvents.get(POOL, sub, "four-days-old")) === null);
    // What was deleted is gone from a copy of the files: zeroed, and the log checkpointed away.
    await until(async () => !files().includes(marker));
    expect(await store.sessions.get("live")).not.toBeNull();
    expect(await store.authEvents.get(POOL, sub, "two-days-old")).not.toBeNull();
  });

  it("checkpoints the purge away once a reader of an older snapshot is gone", async () => {
    const now = Date.now();
    const sub = "00000000-0000-4000-8000-000000000001";
    const marker = "198.51.100.18-purged-session-marker";
    const reader = openSqliteDatabase(join(dataDir, "cognate.db"));
    try {
      // A reader holds a snapshot (as a backup does) from before the sweep's deletion.
      reader.prepare("BEGIN").run();
      reader.prepare("SELECT COUNT(*) AS n FROM users").get();
      await store.sessions.create(
        {
          idHash: "read-over",
          poolId: POOL,
          clientId: "retentionclient",
          username: "rita",
          sub,
          challenge: "SMS_MFA",
          data: { sourceIp: marker },
          expiresAt: now - 2 * 3_600_000,
        },
        now - 3 * 3_600_000,
      );
      expect(files()).toContain(marker);
      await until(async () => (await store.sessions.get("read-over")) === null);
      // Two more sweeps with the reader still there: the purged session is still in the log.
      await new Promise((done) => setTimeout(done, 2500));
      expect(files()).toContain(marker);
      // The reader goes; nothing else is deleted. The purged session leaves the files anyway.
      reader.prepare("COMMIT").run();
      await until(() => !files().includes(marker), 5000);
    } finally {
      if (reader.inTransaction) reader.prepare("COMMIT").run();
      reader.close();
    }
  });

  it("refuses a retention setting out of range, naming the variable", async () => {
    await expect(
      start({
        PORT: "0",
        COGNATE_DATA_DIR: mkdtempSync(join(tmpdir(), "cognate-retention-")),
        COGNATE_RETENTION_BATCH_SIZE: "0",
      }),
    ).rejects.toThrow("environment: COGNATE_RETENTION_BATCH_SIZE: must be an integer from 1 to 10000, got 0");
  });
});
