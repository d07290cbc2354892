import { describe, expect, it } from "vitest";
import { CLIENT, NOW, POOL, seedPool, seedUser, type Context } from "./fixtures.js";

const DAY = 24 * 60 * 60 * 1000;

export function revocationsContract(ctx: Context): void {
  describe("revocation feed", () => {
    it("lists revoked sign-ins and signed-out users after a time, oldest first, per pool", async () => {
      const { store } = ctx();
      await seedPool(store);
      await seedPool(store, "us-east-1_Contract2", "contractclient0000000000002");
      const ann = await seedUser(store, "ann");
      const bob = await seedUser(store, "bob");
      await seedUser(store, "cat", {}, "us-east-1_Contract2");
      for (const [hash, family] of [
        ["rt-a", "jti-a"],
        ["rt-b", "jti-b"],
        ["rt-b2", "jti-b"],
        ["rt-c", "jti-c"],
      ] as const) {
        await store.refreshTokens.issue(
          {
            tokenHash: hash,
            poolId: POOL,
            clientId: CLIENT,
            sub: ann.sub,
            familyId: family,
            authTime: NOW,
            expiresAt: NOW + DAY,
          },
          NOW,
        );
      }
      await store.refreshTokens.revokeFamily("jti-b", NOW + 20);
      await store.refreshTokens.revokeFamily("jti-a", NOW + 30);
      await store.users.update(POOL, "bob", { signedOutAt: NOW + 25 }, { now: NOW + 25 });
      await store.users.update("us-east-1_Contract2", "cat", { signedOutAt: NOW + 26 }, { now: NOW + 26 });

      expect(await store.revocations.since(POOL, NOW, 100)).toEqual({
        families: [
          { id: "jti-b", at: NOW + 20 },
          { id: "jti-a", at: NOW + 30 },
        ],
        users: [{ sub: bob.sub, at: NOW + 25 }],
        truncated: false,
      });
      expect(await store.revocations.since(POOL, NOW + 20, 100)).toMatchObject({
        families: [{ id: "jti-a" }],
        users: [{ sub: bob.sub }],
      });
      expect(await store.revocations.since(POOL, NOW, 1)).toMatchObject({
        families: [{ id: "jti-b" }],
        truncated: true,
      });
      expect(await store.revocations.since(POOL, NOW + 30, 100)).toEqual({
        families: [],
        users: [],
        truncated: false,
      });
    });
  });
}
