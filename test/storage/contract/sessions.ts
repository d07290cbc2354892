import { describe, expect, it } from "vitest";
import { CLIENT, NOW, POOL, seedPool, seedUser, type Context } from "./fixtures.js";

export function sessionsContract(ctx: Context): void {
  describe("auth sessions", () => {
    it("stores a session and consumes it exactly once, even when two answers race", async () => {
      const { store } = ctx();
      await seedPool(store);
      const sam = await seedUser(store, "sam");
      await store.sessions.create(
        {
          idHash: "sess-1",
          poolId: POOL,
          clientId: CLIENT,
          username: "sam",
          sub: sam.sub,
          challenge: "PASSWORD_VERIFIER",
          data: { b: "ff01", srpB: "0a" },
          expiresAt: NOW + 180_000,
        },
        NOW,
      );
      expect(await store.sessions.get("sess-1")).toEqual({
        idHash: "sess-1",
        poolId: POOL,
        clientId: CLIENT,
        username: "sam",
        sub: sam.sub,
        challenge: "PASSWORD_VERIFIER",
        data: { b: "ff01", srpB: "0a" },
        createdAt: NOW,
        expiresAt: NOW + 180_000,
        consumedAt: null,
      });
      const results = await Promise.all([
        store.sessions.consume("sess-1", NOW + 1),
        store.sessions.consume("sess-1", NOW + 1),
      ]);
      expect(results.filter((r) => r !== null)).toEqual([
        expect.objectContaining({ idHash: "sess-1", consumedAt: NOW + 1, data: { b: "ff01", srpB: "0a" } }),
      ]);
      expect(await store.sessions.consume("sess-1", NOW + 2)).toBeNull();
      expect(await store.sessions.consume("nothing", NOW)).toBeNull();
    });

    it("leaves a session of another challenge or client unused", async () => {
      const { store } = ctx();
      await seedPool(store);
      const sam = await seedUser(store, "sam");
      await store.sessions.create(
        {
          idHash: "mfa-1",
          poolId: POOL,
          clientId: CLIENT,
          username: "sam",
          sub: sam.sub,
          challenge: "SMS_MFA",
          data: {},
          expiresAt: NOW + 180_000,
        },
        NOW,
      );
      expect(
        await store.sessions.consume("mfa-1", NOW + 1, { challenge: "SOFTWARE_TOKEN_MFA", clientId: CLIENT }),
      ).toBeNull();
      expect(
        await store.sessions.consume("mfa-1", NOW + 1, { challenge: "SMS_MFA", clientId: "another-client" }),
      ).toBeNull();
      expect((await store.sessions.get("mfa-1"))?.consumedAt).toBeNull();
      expect(await store.sessions.consume("mfa-1", NOW + 2, { challenge: "SMS_MFA" })).toMatchObject({
        idHash: "mfa-1",
        consumedAt: NOW + 2,
      });
    });

    it("refuses an expired session, keeps a simulated one without a user, and purges", async () => {
      const { store } = ctx();
      await seedPool(store);
      await store.sessions.create(
        {
          idHash: "ghost",
          poolId: POOL,
          clientId: CLIENT,
          username: "nobody",
          sub: null,
          challenge: "PASSWORD_VERIFIER",
          data: {},
          expiresAt: NOW + 100,
        },
        NOW,
      );
      await store.sessions.create(
        {
          idHash: "live",
          poolId: POOL,
          clientId: CLIENT,
          username: "nobody",
          sub: null,
          challenge: "PASSWORD_VERIFIER",
          data: {},
          expiresAt: NOW + 500,
        },
        NOW,
      );
      expect((await store.sessions.get("ghost"))?.sub).toBeNull();
      expect(await store.sessions.consume("ghost", NOW + 100)).toBeNull();
      expect(await store.sessions.purgeExpired(NOW + 100, 100)).toBe(1);
      expect(await store.sessions.get("ghost")).toBeNull();
      expect(await store.sessions.get("live")).not.toBeNull();
    });
  });
}
