import { describe, expect, it } from "vitest";
import { MAX_PASSWORD_HISTORY } from "../../../src/storage/index.js";
import { NOW, POOL, seedPool, seedUser, type Context } from "./fixtures.js";

export function passwordHistoryContract(ctx: Context): void {
  describe("password history", () => {
    it("keeps a user's earlier passwords newest first, at most the largest history, and drops them with the user", async () => {
      const { store } = ctx();
      await seedPool(store);
      const user = await seedUser(store, "pat");
      const other = await seedUser(store, "quin");
      for (let i = 0; i < MAX_PASSWORD_HISTORY + 3; i++)
        await store.passwordHistory.add(POOL, user.sub, { salt: `s${i}`, verifier: `v${i}` }, NOW + i);
      await store.passwordHistory.add(POOL, other.sub, { salt: "x", verifier: "y" }, NOW);
      await store.passwordHistory.add(
        "us-east-1_NoSuchPool",
        user.sub,
        { salt: "z", verifier: "z" },
        NOW + 100,
      );

      const recent = await store.passwordHistory.recent(user.sub, 2);
      expect(recent).toEqual([
        {
          salt: `s${MAX_PASSWORD_HISTORY + 2}`,
          verifier: `v${MAX_PASSWORD_HISTORY + 2}`,
          createdAt: NOW + MAX_PASSWORD_HISTORY + 2,
        },
        expect.objectContaining({ salt: `s${MAX_PASSWORD_HISTORY + 1}` }),
      ]);
      expect(await store.passwordHistory.recent(user.sub, 100)).toHaveLength(MAX_PASSWORD_HISTORY);
      expect(await store.passwordHistory.recent(user.sub, 0)).toEqual([]);

      await store.users.delete(POOL, "pat");
      expect(await store.passwordHistory.recent(user.sub, 100)).toEqual([]);
      expect(await store.passwordHistory.recent(other.sub, 100)).toHaveLength(1);
    });
  });
}
