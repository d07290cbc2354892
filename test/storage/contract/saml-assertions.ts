import { describe, expect, it } from "vitest";
import { SAML_ASSERTIONS_PURGED_PER_CALL } from "../../../src/storage/repos/saml-assertions.js";
import { NOW, POOL, seedPool, type Context } from "./fixtures.js";

const MINUTE = 60 * 1000;

export function samlAssertionsContract(ctx: Context): void {
  describe("saml assertions (replay cache)", () => {
    it("accepts an assertion ID once until it expires, per pool and provider", async () => {
      const { store } = ctx();
      await seedPool(store);
      const until = NOW + 10 * MINUTE;
      expect(await store.samlAssertions.accept(POOL, "Okta", "_a1", until, NOW)).toBe(true);
      expect(await store.samlAssertions.accept(POOL, "Okta", "_a1", until, NOW + MINUTE)).toBe(false);
      expect(await store.samlAssertions.seen(POOL, "Okta", "_a1", NOW + MINUTE)).toBe(true);
      // Another provider's assertion may carry the same ID.
      expect(await store.samlAssertions.accept(POOL, "Entra", "_a1", until, NOW)).toBe(true);
      // Once expired, the ID is not live (the verifier refuses the expired assertion anyway), and
      // a record past its time is taken over rather than blocking the ID forever.
      expect(await store.samlAssertions.seen(POOL, "Okta", "_a1", until)).toBe(false);
      expect(await store.samlAssertions.accept(POOL, "Okta", "_a1", until + 10 * MINUTE, until)).toBe(true);
      expect(await store.samlAssertions.accept(POOL, "Okta", "_a1", until + 10 * MINUTE, until + 1)).toBe(
        false,
      );
    });

    it("gives exactly one of many concurrent presentations of one assertion the sign-in", async () => {
      const { store } = ctx();
      await seedPool(store);
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, () =>
          store.samlAssertions.accept(POOL, "Okta", "_race", NOW + MINUTE, NOW),
        ),
      );
      expect(outcomes.filter((won) => won)).toHaveLength(1);
    });

    it("purges expired records a bounded number at a time, and keeps the live ones", async () => {
      const { store } = ctx();
      await seedPool(store);
      const expired = SAML_ASSERTIONS_PURGED_PER_CALL + 20;
      for (let i = 0; i < expired; i++)
        expect(await store.samlAssertions.accept(POOL, "Okta", `_old${i}`, NOW + MINUTE, NOW)).toBe(true);
      expect(await store.samlAssertions.accept(POOL, "Okta", "_live", NOW + 60 * MINUTE, NOW)).toBe(true);
      expect(await store.samlAssertions.count()).toBe(expired + 1);
      // Each acceptance after the expiry deletes at most the bound.
      expect(
        await store.samlAssertions.accept(POOL, "Okta", "_new1", NOW + 60 * MINUTE, NOW + 2 * MINUTE),
      ).toBe(true);
      expect(await store.samlAssertions.count()).toBe(expired + 2 - SAML_ASSERTIONS_PURGED_PER_CALL);
      expect(
        await store.samlAssertions.accept(POOL, "Okta", "_new2", NOW + 60 * MINUTE, NOW + 2 * MINUTE),
      ).toBe(true);
      expect(await store.samlAssertions.count()).toBe(3);
      expect(await store.samlAssertions.seen(POOL, "Okta", "_live", NOW + 2 * MINUTE)).toBe(true);
    });

    it("refuses an assertion for a pool that does not exist, and forgets a deleted pool's", async () => {
      const { store } = ctx();
      expect(await store.samlAssertions.accept("us-east-1_Nowhere1", "Okta", "_a", NOW + MINUTE, NOW)).toBe(
        false,
      );
      await seedPool(store);
      expect(await store.samlAssertions.accept(POOL, "Okta", "_a", NOW + MINUTE, NOW)).toBe(true);
      await store.pools.delete(POOL);
      expect(await store.samlAssertions.count()).toBe(0);
    });
  });
}
