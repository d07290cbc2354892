import { describe, expect, it } from "vitest";
import type { CodeLimits, NewCode } from "../../../src/storage/index.js";
import { NOW, POOL, seedPool, seedUser, type Context } from "./fixtures.js";

const code = (overrides: Partial<NewCode> = {}): NewCode => ({
  poolId: POOL,
  username: "Rita",
  purpose: "signup",
  codeHash: "hash-123456",
  expiresAt: NOW + 60_000,
  maxAttempts: 3,
  ...overrides,
});

const MINUTE = 60_000;
/** Generous per-user limits, so that the per-code limit (3) is what the older tests meet. */
const LIMITS: CodeLimits = {
  attempts: 50,
  attemptWindowMs: 60 * MINUTE,
  lockMs: 15 * MINUTE,
  sends: 5,
  sendWindowMs: 60 * MINUTE,
};
/** The shipped numbers. */
const STRICT: CodeLimits = { ...LIMITS, attempts: 5 };

export function codesContract(ctx: Context): void {
  describe("codes", () => {
    it("issues a code and consumes it exactly once", async () => {
      const { store } = ctx();
      await seedPool(store);
      await seedUser(store, "rita");
      expect(await store.codes.issue(code(), NOW)).toBe(true);
      expect(await store.codes.get(POOL, "RITA", "signup")).toEqual({
        poolId: POOL,
        username: "rita",
        purpose: "signup",
        createdAt: NOW,
        expiresAt: NOW + 60_000,
        attempts: 0,
        maxAttempts: 3,
        consumedAt: null,
      });
      expect(await store.codes.consume(POOL, "rita", "signup", "wrong", NOW + 1)).toBeNull();
      expect(await store.codes.consume(POOL, "rita", "forgot_password", "hash-123456", NOW + 1)).toBeNull();
      expect(await store.codes.consume(POOL, "rita", "signup", "hash-123456", NOW + 1)).toMatchObject({
        consumedAt: NOW + 1,
      });
      expect(await store.codes.consume(POOL, "rita", "signup", "hash-123456", NOW + 2)).toBeNull();
    });

    it("gives two concurrent confirmations with one code exactly one success", async () => {
      const { store } = ctx();
      await seedPool(store);
      await seedUser(store, "rita");
      await store.codes.issue(code(), NOW);
      const consumed = await Promise.all([
        store.codes.consume(POOL, "rita", "signup", "hash-123456", NOW + 1),
        store.codes.consume(POOL, "RITA", "signup", "hash-123456", NOW + 1),
      ]);
      expect(consumed.filter((c) => c !== null)).toHaveLength(1);
      const checks = await Promise.all(
        [1, 2, 3, 4].map(() => store.codes.verify(POOL, "rita", "signup", "hash-123456", NOW + 2, LIMITS)),
      );
      expect(checks.map((c) => c.outcome)).toEqual(["expired", "expired", "expired", "expired"]);
    });

    it("verifies: ok once, expired after, and never for an expired code", async () => {
      const { store } = ctx();
      await seedPool(store);
      await seedUser(store, "rita");
      await store.codes.issue(code(), NOW);
      const checks = await Promise.all(
        [1, 2, 3].map(() => store.codes.verify(POOL, "rita", "signup", "hash-123456", NOW + 1, LIMITS)),
      );
      expect(checks.map((c) => c.outcome).sort()).toEqual(["expired", "expired", "ok"]);
      await store.codes.issue(code({ purpose: "forgot_password" }), NOW);
      expect(
        await store.codes.verify(POOL, "rita", "forgot_password", "hash-123456", NOW + 60_000, LIMITS),
      ).toEqual({ outcome: "expired" });
      expect(await store.codes.verify(POOL, "rita", "verify:email", "hash-123456", NOW, LIMITS)).toEqual({
        outcome: "expired",
      });
    });

    it("counts wrong attempts atomically up to the limit, after which even the right code fails", async () => {
      const { store } = ctx();
      await seedPool(store);
      await seedUser(store, "rita");
      await store.codes.issue(code(), NOW);
      expect(await store.codes.verify(POOL, "rita", "signup", "nope", NOW + 1, LIMITS)).toEqual({
        outcome: "mismatch",
        attempts: 1,
        maxAttempts: 3,
      });
      const failures = await Promise.all(
        [1, 2, 3, 4, 5].map(() => store.codes.recordFailure(POOL, "rita", "signup", NOW + 2)),
      );
      expect(
        failures
          .filter((f) => f !== null)
          .map((f) => f!.attempts)
          .sort(),
      ).toEqual([2, 3]);
      expect((await store.codes.get(POOL, "rita", "signup"))?.attempts).toBe(3);
      expect(await store.codes.verify(POOL, "rita", "signup", "hash-123456", NOW + 3, LIMITS)).toEqual({
        outcome: "limit",
      });
      expect(await store.codes.consume(POOL, "rita", "signup", "hash-123456", NOW + 3)).toBeNull();
    });

    it("counts each attempt before comparing: a parallel burst of guesses gets no more comparisons than the limit", async () => {
      const { store } = ctx();
      await seedPool(store);
      await seedUser(store, "rita");
      await store.codes.issue(code(), NOW);
      // 49 wrong guesses and then the right code, all at once: only the first 3 are compared.
      const guesses = [...Array.from({ length: 49 }, (_, i) => `wrong-${i}`), "hash-123456"];
      const checks = await Promise.all(
        guesses.map((guess) => store.codes.verify(POOL, "rita", "signup", guess, NOW + 1, LIMITS)),
      );
      const outcomes = checks.map((c) => c.outcome);
      expect(outcomes.filter((o) => o === "mismatch")).toHaveLength(3);
      expect(outcomes.filter((o) => o === "limit")).toHaveLength(47);
      expect(outcomes).not.toContain("ok");
      expect((await store.codes.get(POOL, "rita", "signup"))?.attempts).toBe(3);
    });

    it("replaces the previous code on reissue, and starts attempts over", async () => {
      const { store } = ctx();
      await seedPool(store);
      await seedUser(store, "rita");
      await store.codes.issue(code(), NOW);
      await store.codes.recordFailure(POOL, "rita", "signup", NOW);
      await store.codes.issue(code({ codeHash: "hash-654321", expiresAt: NOW + 120_000 }), NOW + 10);
      expect(await store.codes.get(POOL, "rita", "signup")).toMatchObject({
        attempts: 0,
        createdAt: NOW + 10,
        expiresAt: NOW + 120_000,
      });
      expect(await store.codes.consume(POOL, "rita", "signup", "hash-123456", NOW + 11)).toBeNull();
      expect(await store.codes.consume(POOL, "rita", "signup", "hash-654321", NOW + 11)).not.toBeNull();
      // A used code can be replaced too (a second password reset).
      await store.codes.issue(code({ codeHash: "hash-000000" }), NOW + 20);
      expect(await store.codes.verify(POOL, "rita", "signup", "hash-000000", NOW + 21, LIMITS)).toMatchObject(
        { outcome: "ok" },
      );
    });

    it("issues no code for a user who does not exist, and revokes", async () => {
      const { store } = ctx();
      await seedPool(store);
      expect(await store.codes.issue(code({ username: "ghost" }), NOW)).toBe(false);
      await seedUser(store, "rita");
      await store.codes.issue(code(), NOW);
      expect(await store.codes.revoke(POOL, "rita", "signup")).toBe(true);
      expect(await store.codes.revoke(POOL, "rita", "signup")).toBe(false);
      expect(await store.codes.get(POOL, "rita", "signup")).toBeNull();
    });
    it("counts attempts per user and purpose across reissues: a new code buys no new guesses, and the right one is refused while locked", async () => {
      const { store } = ctx();
      await seedPool(store);
      await seedUser(store, "rita");
      await store.codes.issue(code({ maxAttempts: 5 }), NOW);
      for (let i = 0; i < 4; i++)
        expect(
          (await store.codes.verify(POOL, "rita", "signup", `wrong-${i}`, NOW + i, STRICT)).outcome,
        ).toBe("mismatch");
      // A reissue replaces the code but not the count: the 5th attempt is allowed and locks.
      await store.codes.issue(code({ codeHash: "hash-222222", maxAttempts: 5 }), NOW + 10);
      expect((await store.codes.verify(POOL, "rita", "signup", "wrong-4", NOW + 11, STRICT)).outcome).toBe(
        "mismatch",
      );
      await store.codes.issue(code({ codeHash: "hash-333333", maxAttempts: 5 }), NOW + 12);
      expect(await store.codes.verify(POOL, "rita", "signup", "hash-333333", NOW + 13, STRICT)).toEqual({
        outcome: "limit",
      });
      // A revocation does not start the count over either.
      await store.codes.revoke(POOL, "rita", "signup");
      await store.codes.issue(
        code({ codeHash: "hash-444444", maxAttempts: 5, expiresAt: NOW + 600 * MINUTE }),
        NOW + 14,
      );
      expect(await store.codes.verify(POOL, "rita", "signup", "hash-444444", NOW + 15, STRICT)).toEqual({
        outcome: "limit",
      });
      expect(await store.codeLimits.get(POOL, "RITA", "signup")).toMatchObject({
        attempts: 5,
        lockedUntil: NOW + 11 + 15 * MINUTE,
      });
      // Another purpose is not locked.
      await store.codes.issue(code({ purpose: "forgot_password", maxAttempts: 5 }), NOW + 16);
      expect(
        (await store.codes.verify(POOL, "rita", "forgot_password", "hash-123456", NOW + 17, STRICT)).outcome,
      ).toBe("ok");
      // After the lock, within the hour: one attempt, which locks again; the right code is allowed that one attempt.
      const after = NOW + 11 + 15 * MINUTE;
      expect((await store.codes.verify(POOL, "rita", "signup", "wrong-5", after, STRICT)).outcome).toBe(
        "mismatch",
      );
      expect(
        (await store.codes.verify(POOL, "rita", "signup", "hash-444444", after + 1, STRICT)).outcome,
      ).toBe("limit");
      expect(
        (await store.codes.verify(POOL, "rita", "signup", "hash-444444", after + 15 * MINUTE, STRICT))
          .outcome,
      ).toBe("ok");
      // A right code forgets the attempts.
      expect(await store.codeLimits.get(POOL, "rita", "signup")).toMatchObject({
        attempts: 0,
        lockedUntil: 0,
      });
    });

    it("forgets attempts older than the window", async () => {
      const { store } = ctx();
      await seedPool(store);
      await seedUser(store, "rita");
      await store.codes.issue(code({ maxAttempts: 50, expiresAt: NOW + 600 * MINUTE }), NOW);
      for (let i = 0; i < 4; i++) await store.codes.verify(POOL, "rita", "signup", "wrong", NOW, STRICT);
      // The hour since the window's first attempt has passed: the count starts over at 1.
      for (let i = 0; i < 4; i++)
        expect(
          (await store.codes.verify(POOL, "rita", "signup", "wrong", NOW + 60 * MINUTE, STRICT)).outcome,
        ).toBe("mismatch");
      expect(await store.codeLimits.get(POOL, "rita", "signup")).toMatchObject({
        attempts: 4,
        attemptWindowAt: NOW + 60 * MINUTE,
        lockedUntil: 0,
      });
      expect(
        (await store.codes.verify(POOL, "rita", "signup", "hash-123456", NOW + 61 * MINUTE, STRICT)).outcome,
      ).toBe("ok");
    });

    it("compares exactly as many of a parallel burst over several reissued codes as the per-user limit allows", async () => {
      const { store } = ctx();
      await seedPool(store);
      await seedUser(store, "rita");
      await store.codes.issue(code({ maxAttempts: 1000 }), NOW);
      const checks = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          store.codes.verify(
            POOL,
            "rita",
            "signup",
            i === 39 ? "hash-123456" : `wrong-${i}`,
            NOW + 1,
            STRICT,
          ),
        ),
      );
      const outcomes = checks.map((c) => c.outcome);
      expect(outcomes.filter((o) => o === "mismatch")).toHaveLength(5);
      expect(outcomes.filter((o) => o === "limit")).toHaveLength(35);
      expect((await store.codes.get(POOL, "rita", "signup"))?.attempts).toBe(5);
      // A burst at an unknown name (no user, no code) is counted the same way.
      const unknown = await Promise.all(
        Array.from({ length: 30 }, () =>
          store.codeLimits.countAttempt(POOL, "Nobody", "signup", NOW, STRICT),
        ),
      );
      expect(unknown.filter(Boolean)).toHaveLength(5);
      expect(await store.codeLimits.get(POOL, "nobody", "signup")).toMatchObject({
        attempts: 5,
        lockedUntil: NOW + 15 * MINUTE,
      });
    });

    it("limits the codes sent per user and purpose in a window, exactly, under a parallel burst", async () => {
      const { store } = ctx();
      await seedPool(store);
      await seedUser(store, "rita");
      const sent = await Promise.all(
        Array.from({ length: 30 }, () =>
          store.codeLimits.countSend(POOL, "rita", "forgot_password", NOW, STRICT),
        ),
      );
      expect(sent.filter(Boolean)).toHaveLength(5);
      expect(
        await store.codeLimits.countSend(POOL, "RITA", "forgot_password", NOW + 59 * MINUTE, STRICT),
      ).toBe(false);
      // Another purpose and another name have their own counts; an unknown name is counted too.
      expect(await store.codeLimits.countSend(POOL, "rita", "signup", NOW, STRICT)).toBe(true);
      const ghost = await Promise.all(
        Array.from({ length: 20 }, () =>
          store.codeLimits.countSend(POOL, "ghost", "forgot_password", NOW, STRICT),
        ),
      );
      expect(ghost.filter(Boolean)).toHaveLength(5);
      // Sends do not touch the attempts, nor attempts the sends.
      expect(await store.codeLimits.get(POOL, "rita", "forgot_password")).toMatchObject({
        attempts: 0,
        lockedUntil: 0,
        sends: 5,
        sendWindowAt: NOW,
      });
      // A new window after the hour.
      expect(
        await store.codeLimits.countSend(POOL, "rita", "forgot_password", NOW + 60 * MINUTE, STRICT),
      ).toBe(true);
      expect(await store.codeLimits.get(POOL, "rita", "forgot_password")).toMatchObject({
        sends: 1,
        sendWindowAt: NOW + 60 * MINUTE,
      });
      // Stale rows go; fresh ones stay.
      expect(await store.codeLimits.purgeStale(NOW + 1, 100)).toBe(2);
      expect(await store.codeLimits.get(POOL, "ghost", "forgot_password")).toBeNull();
      expect(await store.codeLimits.get(POOL, "rita", "forgot_password")).not.toBeNull();
    });
  });
}
