import { describe, expect, it } from "vitest";
import { migrate, repositories, type Repositories } from "../../storage/index.js";
import { openSqliteDatabase, sqliteDriver } from "../../storage/sqlite.node.js";
import { PURGES, type Purge } from "./purges.js";
import { drain, sweep } from "./sweep.js";

const NOW = 1_750_000_000_000;
const POOL = "us-east-1_Retention1";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const OPTIONS = { authEventsMs: 730 * DAY, batchSize: 10 };

/** A migrated in-memory database with a pool and a user, and seeders for a few kinds of rows. */
async function setUp() {
  const driver = sqliteDriver(openSqliteDatabase(":memory:"));
  await migrate(driver);
  const store = repositories(driver);
  await store.pools.create({ id: POOL, name: "retention", config: {} }, NOW);
  const sub = "00000000-0000-4000-8000-000000000001";
  await store.users.create(
    { poolId: POOL, sub, username: "ann", status: "CONFIRMED", attributes: { sub } },
    NOW,
  );
  let n = 0;
  const seed = {
    states: async (count: number, expiresAt: number) => {
      for (let i = 0; i < count; i++) await store.federationStates.spend(`state-${n++}`, POOL, expiresAt, 0);
    },
    assertions: async (count: number, expiresAt: number) => {
      for (let i = 0; i < count; i++)
        await store.samlAssertions.accept(POOL, "idp", `assertion-${n++}`, expiresAt, 0);
    },
    session: (expiresAt: number) =>
      store.sessions.create(
        {
          idHash: `session-${n++}`,
          poolId: POOL,
          clientId: "client",
          username: "ann",
          sub,
          challenge: "PASSWORD_VERIFIER",
          data: {},
          expiresAt,
        },
        expiresAt - 180_000,
      ),
    code: async (purpose: string, expiresAt: number, consumedAt?: number) => {
      const code = { poolId: POOL, username: "ann", purpose, codeHash: "h", expiresAt, maxAttempts: 3 };
      await store.codes.issue(code, NOW - 2 * HOUR);
      if (consumedAt !== undefined) await store.codes.consume(POOL, "ann", purpose, "h", consumedAt);
    },
    event: (id: string, createdAt: number) =>
      store.authEvents.record({
        id,
        poolId: POOL,
        sub,
        eventType: "SignIn",
        eventResponse: "Pass",
        data: {},
        createdAt,
      }),
  };
  return { store, sub, seed, count: (table: string) => countRows(store, table) };
}

async function countRows(store: Repositories, table: string): Promise<number> {
  return Number((await store.driver.first<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))?.n);
}

const purge = (name: string): Purge => PURGES.find((p) => p.name === name)!;

describe("sweep", () => {
  it("deletes what is due of every kind, each past its own keeping time, and reports it by purge", async () => {
    const { store, seed, count } = await setUp();
    await seed.session(NOW - 2 * HOUR); // an hour past its keeping time
    await seed.session(NOW - HOUR); // exactly at it
    await seed.session(NOW - HOUR / 2); // kept: still inside the hour a late answer is told "expired"
    await seed.code("signup", NOW - 1);
    await seed.code("forgot", NOW + HOUR, NOW - 5);
    await seed.code("verify", NOW + HOUR);
    await seed.states(3, NOW - 1);
    await seed.states(1, NOW + 1);

    expect(await sweep(store, NOW, OPTIONS)).toEqual({
      deleted: { authSessions: 2, codes: 2, federationStates: 3 },
      more: false,
      failed: [],
    });
    expect([await count("auth_sessions"), await count("codes"), await count("federation_states")]).toEqual([
      1, 1, 1,
    ]);
    expect(await sweep(store, NOW, OPTIONS)).toEqual({ deleted: {}, more: false, failed: [] });
  });

  it("says `more` exactly when some purge filled its batch", async () => {
    const { store, seed } = await setUp();
    await seed.states(5, NOW - 1);
    const options = { ...OPTIONS, batchSize: 2 };
    const reports = [];
    for (let i = 0; i < 3; i++) reports.push(await sweep(store, NOW, options));
    expect(reports.map((r) => [r.deleted, r.more])).toEqual([
      [{ federationStates: 2 }, true],
      [{ federationStates: 2 }, true],
      [{ federationStates: 1 }, false],
    ]);
    // Two purges deleting one each fill no batch of two between them.
    await seed.states(1, NOW - 1);
    await seed.assertions(1, NOW - 1);
    expect(await sweep(store, NOW, options)).toEqual({
      deleted: { federationStates: 1, samlAssertions: 1 },
      more: false,
      failed: [],
    });
  });

  it("reports a purge that throws and runs the others", async () => {
    const { store, seed } = await setUp();
    await seed.states(2, NOW - 1);
    await seed.assertions(3, NOW - 1);
    const error = new Error("database is locked");
    const failing: Purge = {
      name: "failing",
      keptMs: () => 0,
      run: () => Promise.reject(error),
    };
    const purges = [purge("federationStates"), failing, purge("samlAssertions")];
    expect(await sweep(store, NOW, OPTIONS, purges)).toEqual({
      deleted: { federationStates: 2, samlAssertions: 3 },
      more: false,
      failed: [{ name: "failing", error }],
    });
  });

  it("lets the event loop run between two purges", async () => {
    const { store } = await setUp();
    const order: string[] = [];
    const step = (name: string): Purge => ({
      name,
      keptMs: () => 0,
      run: async () => {
        order.push(name);
        // A request's timer, due as soon as the loop gets a turn.
        if (name === "first") setTimeout(() => order.push("timer"), 0);
        return 0;
      },
    });
    await sweep(store, NOW, OPTIONS, [step("first"), step("second")]);
    expect(order).toEqual(["first", "timer", "second"]);
  });

  it("tells each purge its keeping time before now and the batch size", async () => {
    const { store, seed, count, sub } = await setUp();
    const authEventsMs = 1000;
    await seed.event("past", NOW - authEventsMs - 1);
    await seed.event("at", NOW - authEventsMs);
    await seed.event("inside", NOW - authEventsMs + 1);
    const calls: [number, number][] = [];
    const recording: Purge = {
      name: "recording",
      keptMs: (policy) => policy.authEventsMs * 2,
      run: (_, before, limit) => (calls.push([before, limit]), Promise.resolve(0)),
    };
    const report = await sweep(store, NOW, { authEventsMs, batchSize: 7 }, [purge("authEvents"), recording]);
    expect(report).toEqual({ deleted: { authEvents: 2 }, more: false, failed: [] });
    expect(calls).toEqual([[NOW - 2 * authEventsMs, 7]]);
    expect(await count("auth_events")).toBe(1);
    expect((await store.authEvents.get(POOL, sub, "inside"))?.id).toBe("inside");
  });
});

describe("drain", () => {
  it("sweeps until nothing is due, at most maxSweeps times, summing the deletions by purge", async () => {
    const { store, seed } = await setUp();
    await seed.states(5, NOW - 1);
    await seed.assertions(3, NOW - 1);
    const options = { ...OPTIONS, batchSize: 2, deadline: NOW + HOUR, clock: () => NOW };
    expect(await drain(store, { ...options, maxSweeps: 2 })).toEqual({
      deleted: { federationStates: 4, samlAssertions: 3 },
      more: true,
      failed: [],
    });
    expect(await drain(store, { ...options, maxSweeps: 10 })).toEqual({
      deleted: { federationStates: 1 },
      more: false,
      failed: [],
    });
  });

  it("stops at the deadline by its clock", async () => {
    const { store, seed, count } = await setUp();
    await seed.states(10, NOW - 1);
    // Each reading of the clock is 10 ms on: the sweep at +10, the check at +20 (before the
    // deadline), the sweep at +30, the check at +40 (past it).
    let t = NOW;
    const clock = () => (t += 10);
    const report = await drain(store, {
      ...OPTIONS,
      batchSize: 2,
      maxSweeps: 100,
      deadline: NOW + 25,
      clock,
    });
    expect(report).toEqual({ deleted: { federationStates: 4 }, more: true, failed: [] });
    expect(await count("federation_states")).toBe(6);
  });
});
