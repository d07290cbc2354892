import { describe, expect, it } from "vitest";
import type { LockoutSchedule } from "../../../src/storage/repos/sign-in-attempts.js";
import { NOW, POOL, seedPool, type Context } from "./fixtures.js";

const MINUTE = 60_000;
/** A user's lockout (rules/lockout.ts): 5 free, then 1 s, 2 s, 4 s, ... up to 15 minutes; reset after 15 minutes. */
const SCHEDULE: LockoutSchedule = {
  freeAttempts: 5,
  resetAfterMs: 15 * MINUTE,
  lockMs: Array.from({ length: 12 }, (_, i) => Math.min(15 * MINUTE, 1000 * 2 ** i)),
};
const PURPOSE = "user_migration";

/**
 * A user's lockout kept for a name no user holds (the failed UserMigration sign-ins), in the code
 * limits: each take is one statement, so a parallel burst gets exactly the free attempts.
 */
export function nameLockoutContract(ctx: Context): void {
  describe("code limits: a user's lockout for a name", () => {
    const take = (name: string, at: number) =>
      ctx().store.codeLimits.takeLockoutAttempt(POOL, name, PURPOSE, at, SCHEDULE);

    it("gives back the attempt taken at a time: one fewer, and the lock it started lifted; not once another was taken", async () => {
      const { store } = ctx();
      await seedPool(store);
      for (let i = 0; i < 4; i++) expect(await take("Giver", NOW + i)).toBe(true);
      expect(await take("giver", NOW + 10)).toBe(true); // the 5th: locks
      await store.codeLimits.returnLockoutAttempt(POOL, "GIVER", PURPOSE, NOW + 10);
      expect(await store.codeLimits.get(POOL, "giver", PURPOSE)).toMatchObject({
        attempts: 4,
        lockedUntil: 0,
      });
      expect(await take("giver", NOW + 20)).toBe(true);
      expect(await take("giver", NOW + 1021)).toBe(true); // another since the one at NOW + 20
      await store.codeLimits.returnLockoutAttempt(POOL, "giver", PURPOSE, NOW + 20);
      expect(await store.codeLimits.get(POOL, "giver", PURPOSE)).toMatchObject({
        attempts: 6,
        lockedUntil: NOW + 1021 + 2000,
      });
    });

    it("takes 5 attempts, then locks 1 s, 2 s, 4 s after each further one; a locked take counts nothing", async () => {
      const { store } = ctx();
      await seedPool(store);
      for (let i = 0; i < 5; i++) expect(await take("Legacy", NOW)).toBe(true);
      expect(await store.codeLimits.get(POOL, "legacy", PURPOSE)).toMatchObject({
        attempts: 5,
        attemptWindowAt: NOW,
        lockedUntil: NOW + 1000,
      });
      expect(await take("LEGACY", NOW + 999)).toBe(false);
      expect((await store.codeLimits.get(POOL, "legacy", PURPOSE))?.attempts).toBe(5);
      expect(await take("legacy", NOW + 1000)).toBe(true);
      expect(await take("legacy", NOW + 2999)).toBe(false);
      expect(await take("legacy", NOW + 3000)).toBe(true);
      expect(await store.codeLimits.get(POOL, "legacy", PURPOSE)).toMatchObject({
        attempts: 7,
        lockedUntil: NOW + 3000 + 4000,
      });
      // The lock grows to 15 minutes at most (the 15th failure: 2^10 s, capped), and the count
      // starts over once it has run out, 15 minutes without a failure.
      let at = NOW + 7000;
      for (let n = 8; n <= 15; n++) {
        at = (await store.codeLimits.get(POOL, "legacy", PURPOSE))!.lockedUntil;
        expect(await take("legacy", at - 1)).toBe(false);
        expect(await take("legacy", at)).toBe(true);
      }
      const last = (await store.codeLimits.get(POOL, "legacy", PURPOSE))!;
      expect(last).toMatchObject({ attempts: 15, lockedUntil: at + 15 * MINUTE });
      expect(await take("legacy", at + 15 * MINUTE)).toBe(true);
      expect((await store.codeLimits.get(POOL, "legacy", PURPOSE))?.attempts).toBe(1);
    });

    it("starts over after 15 minutes without an attempt; a clear forgets the count; other names and purposes apart", async () => {
      const { store } = ctx();
      await seedPool(store);
      for (let i = 0; i < 4; i++) await take("legacy", NOW);
      expect(await take("legacy", NOW + 15 * MINUTE)).toBe(true);
      expect((await store.codeLimits.get(POOL, "legacy", PURPOSE))?.attempts).toBe(1);
      for (let i = 0; i < 4; i++) await take("legacy", NOW + 15 * MINUTE);
      expect(await take("legacy", NOW + 15 * MINUTE)).toBe(false);
      expect(await take("other", NOW + 15 * MINUTE)).toBe(true);
      expect(
        await store.codeLimits.countAttempt(POOL, "legacy", "signup", NOW + 15 * MINUTE, {
          attempts: 5,
          attemptWindowMs: 60 * MINUTE,
          lockMs: 15 * MINUTE,
          sends: 5,
          sendWindowMs: 60 * MINUTE,
        }),
      ).toBe(true);
      await store.codeLimits.clearAttempts(POOL, "Legacy", PURPOSE);
      expect(await take("legacy", NOW + 15 * MINUTE)).toBe(true);
      expect((await store.codeLimits.get(POOL, "legacy", PURPOSE))?.attempts).toBe(1);
    });

    it("of a parallel burst, exactly the 5 free attempts are taken", async () => {
      const { store } = ctx();
      await seedPool(store);
      const taken = await Promise.all(Array.from({ length: 30 }, () => take("Burst", NOW)));
      expect(taken.filter(Boolean)).toHaveLength(5);
      expect(await store.codeLimits.get(POOL, "burst", PURPOSE)).toMatchObject({
        attempts: 5,
        lockedUntil: NOW + 1000,
      });
    });

    it("a pool's budget: a send counted, given back, refused past the limit; a return never reaches an earlier window", async () => {
      const { store } = ctx();
      await seedPool(store);
      const BUDGET = { attempts: 0, attemptWindowMs: 0, lockMs: 0, sends: 3, sendWindowMs: MINUTE };
      const count = (at: number) => store.codeLimits.countSend(POOL, "", "user_migration_pool", at, BUDGET);
      const give = (at: number) => store.codeLimits.returnSend(POOL, "", "user_migration_pool", at, BUDGET);
      for (let i = 0; i < 3; i++) expect(await count(NOW)).toBe(true);
      expect(await count(NOW)).toBe(false);
      await give(NOW + 1);
      expect((await store.codeLimits.get(POOL, "", "user_migration_pool"))?.sends).toBe(2);
      expect(await count(NOW + 2)).toBe(true);
      expect(await count(NOW + 2)).toBe(false);
      // Once the window is over, a return changes nothing, and never goes below zero.
      await give(NOW + MINUTE);
      expect((await store.codeLimits.get(POOL, "", "user_migration_pool"))?.sends).toBe(3);
      expect(await count(NOW + MINUTE)).toBe(true);
      await give(NOW + MINUTE);
      await give(NOW + MINUTE);
      expect((await store.codeLimits.get(POOL, "", "user_migration_pool"))?.sends).toBe(0);
      // Of a parallel burst, exactly the budget passes.
      const passed = await Promise.all(Array.from({ length: 10 }, () => count(NOW + MINUTE + 1)));
      expect(passed.filter(Boolean)).toHaveLength(3);
    });
  });
}
