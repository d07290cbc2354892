// The Cron Trigger inside workerd: the Worker's scheduled handler (src/entry/worker.ts), given a
// Cron Trigger's controller and the bindings, sweeps D1. Rows past their time are gone after it, the live ones stay; a backlog larger than a
// batch is worked off within the one run.
import { createScheduledController, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../src/entry/worker.js";
import { d1Driver } from "../../src/storage/d1.js";
import { migrate, repositories } from "../../src/storage/index.js";

const DAY = 86_400_000;
const POOL = "us-east-1_CronSweep1";
const SUB = "00000000-0000-4000-8000-00000000c0de";

describe("the Worker's scheduled handler", () => {
  it("purges D1 on the Cron Trigger, a backlog of several batches in one run", async () => {
    const driver = d1Driver(env.DB);
    await migrate(driver);
    const store = repositories(driver);
    const now = Date.now();
    await store.pools.create({ id: POOL, name: "cron", config: {} }, now);
    await store.clients.create(
      { id: "cronclient", poolId: POOL, name: "web", secret: null, config: {} },
      now,
    );
    await store.users.create(
      { poolId: POOL, sub: SUB, username: "carl", status: "CONFIRMED", attributes: { sub: SUB } },
      now,
    );
    const session = (idHash: string, expiresAt: number) =>
      store.sessions.create(
        {
          idHash,
          poolId: POOL,
          clientId: "cronclient",
          username: "carl",
          sub: SUB,
          challenge: "SMS_MFA",
          data: {},
          expiresAt,
        },
        now - DAY,
      );
    // 1,100 sessions past their time: more than two batches of 500.
    await driver.batch(
      Array.from({ length: 1100 }, (_, i) => ({
        sql: "INSERT INTO auth_sessions (id_hash, pool_id, client_id, username, sub, challenge, data, created_at, expires_at) VALUES (?, ?, 'cronclient', 'carl', ?, 'SMS_MFA', '{}', ?, ?)",
        params: [`old-${i}`, POOL, SUB, now - DAY, now - 2 * 3_600_000],
      })),
    );
    await session("live", now + 180_000);
    await store.authEvents.record({
      id: "ancient",
      poolId: POOL,
      sub: SUB,
      eventType: "SignIn",
      eventResponse: "Pass",
      data: {},
      createdAt: now - 800 * DAY,
    });
    await store.authEvents.record({
      id: "recent",
      poolId: POOL,
      sub: SUB,
      eventType: "SignIn",
      eventResponse: "Pass",
      data: {},
      createdAt: now - DAY,
    });

    await worker.scheduled(createScheduledController({ cron: "*/15 * * * *" }), env);

    const left = await driver.first<{ n: number }>(
      "SELECT COUNT(*) AS n FROM auth_sessions WHERE pool_id = ?",
      [POOL],
    );
    expect(Number(left!.n)).toBe(1);
    expect(await store.sessions.get("live")).not.toBeNull();
    expect(await store.authEvents.get(POOL, SUB, "ancient")).toBeNull();
    expect(await store.authEvents.get(POOL, SUB, "recent")).not.toBeNull();
  });
});
