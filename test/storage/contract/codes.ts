import { describe, expect, it } from "vitest";
import type { NewCode } from "../../../src/storage/index.js";
import { NOW, POOL, seedPool, seedUser, type Context } from "./fixtures.js";

const code = (overrides: Partial<NewCode> = {}): NewCode => ({
  poolId: POOL, username: "Rita", purpose: "signup", codeHash: "hash-123456", expiresAt: NOW + 60_000, maxAttempts: 3, ...overrides,
});

export function codesContract(ctx: Context): void {
  describe("codes", () => {
    it("issues a code and consumes it exactly once", async () => {
      const { store } = ctx();
      await seedPool(store);
      await seedUser(store, "rita");
      expect(await store.codes.issue(code(), NOW)).toBe(true);
      expect(await store.codes.get(POOL, "RITA", "signup")).toEqual({
        poolId: POOL, username: "rita", purpose: "signup", createdAt: NOW, expiresAt: NOW + 60_000, attempts: 0, maxAttempts: 3, consumedAt: null,
      });
      expect(await store.codes.consume(POOL, "rita", "signup", "wrong", NOW + 1)).toBeNull();
      expect(await store.codes.consume(POOL, "rita", "forgot_password", "hash-123456", NOW + 1)).toBeNull();
      expect(await store.codes.consume(POOL, "rita", "signup", "hash-123456", NOW + 1)).toMatchObject({ consumedAt: NOW + 1 });
      expect(await store.codes.consume(POOL, "rita", "signup", "hash-123456", NOW + 2)).toBeNull();
    });

    it("gives two concurrent confirmations with one code exactly one success", async () => {
      const { store } = ctx();
      await seedPool(store);
      await seedUser(store, "rita");
      await store.codes.issue(code(), NOW);
      const consumed = await Promise.all([store.codes.consume(POOL, "rita", "signup", "hash-123456", NOW + 1), store.codes.consume(POOL, "RITA", "signup", "hash-123456", NOW + 1)]);
      expect(consumed.filter((c) => c !== null)).toHaveLength(1);
      const checks = await Promise.all([1, 2, 3, 4].map(() => store.codes.verify(POOL, "rita", "signup", "hash-123456", NOW + 2)));
      expect(checks.map((c) => c.outcome)).toEqual(["expired", "expired", "expired", "expired"]);
    });

    it("verifies: ok once, expired after, and never for an expired code", async () => {
      const { store } = ctx();
      await seedPool(store);
      await seedUser(store, "rita");
      await store.codes.issue(code(), NOW);
      const checks = await Promise.all([1, 2, 3].map(() => store.codes.verify(POOL, "rita", "signup", "hash-123456", NOW + 1)));
      expect(checks.map((c) => c.outcome).sort()).toEqual(["expired", "expired", "ok"]);
      await store.codes.issue(code({ purpose: "forgot_password" }), NOW);
      expect(await store.codes.verify(POOL, "rita", "forgot_password", "hash-123456", NOW + 60_000)).toEqual({ outcome: "expired" });
      expect(await store.codes.verify(POOL, "rita", "verify:email", "hash-123456", NOW)).toEqual({ outcome: "expired" });
    });

    it("counts wrong attempts atomically up to the limit, after which even the right code fails", async () => {
      const { store } = ctx();
      await seedPool(store);
      await seedUser(store, "rita");
      await store.codes.issue(code(), NOW);
      expect(await store.codes.verify(POOL, "rita", "signup", "nope", NOW + 1)).toEqual({ outcome: "mismatch", attempts: 1, maxAttempts: 3 });
      const failures = await Promise.all([1, 2, 3, 4, 5].map(() => store.codes.recordFailure(POOL, "rita", "signup", NOW + 2)));
      expect(failures.filter((f) => f !== null).map((f) => f!.attempts).sort()).toEqual([2, 3]);
      expect((await store.codes.get(POOL, "rita", "signup"))?.attempts).toBe(3);
      expect(await store.codes.verify(POOL, "rita", "signup", "hash-123456", NOW + 3)).toEqual({ outcome: "limit" });
      expect(await store.codes.consume(POOL, "rita", "signup", "hash-123456", NOW + 3)).toBeNull();
    });

    it("counts each attempt before comparing: a parallel burst of guesses gets no more comparisons than the limit", async () => {
      const { store } = ctx();
      await seedPool(store);
      await seedUser(store, "rita");
      await store.codes.issue(code(), NOW);
      // 49 wrong guesses and then the right code, all at once: only the first 3 are compared.
      const guesses = [...Array.from({ length: 49 }, (_, i) => `wrong-${i}`), "hash-123456"];
      const checks = await Promise.all(guesses.map((guess) => store.codes.verify(POOL, "rita", "signup", guess, NOW + 1)));
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
      expect(await store.codes.get(POOL, "rita", "signup")).toMatchObject({ attempts: 0, createdAt: NOW + 10, expiresAt: NOW + 120_000 });
      expect(await store.codes.consume(POOL, "rita", "signup", "hash-123456", NOW + 11)).toBeNull();
      expect(await store.codes.consume(POOL, "rita", "signup", "hash-654321", NOW + 11)).not.toBeNull();
      // A used code can be replaced too (a second password reset).
      await store.codes.issue(code({ codeHash: "hash-000000" }), NOW + 20);
      expect(await store.codes.verify(POOL, "rita", "signup", "hash-000000", NOW + 21)).toMatchObject({ outcome: "ok" });
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
  });
}
