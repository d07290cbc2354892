import { describe, expect, it } from "vitest";
import { NOW, POOL, seedPool, seedUser, type Context } from "./fixtures.js";

const HOUR = 3_600_000;

export function browserSessionsContract(ctx: Context): void {
  describe("browser sessions", () => {
    it("stores a session by hash and finds it live until it expires, in its own pool only", async () => {
      const { store } = ctx();
      await seedPool(store);
      const sam = await seedUser(store, "sam");
      await store.browserSessions.create(
        {
          idHash: "bs-1",
          poolId: POOL,
          sub: sam.sub,
          data: { username: "sam", amr: ["pwd"] },
          createdAt: NOW,
          expiresAt: NOW + HOUR,
        },
        NOW,
      );
      const expected = {
        idHash: "bs-1",
        poolId: POOL,
        sub: sam.sub,
        data: { username: "sam", amr: ["pwd"] },
        createdAt: NOW,
        expiresAt: NOW + HOUR,
        endedAt: null,
      };
      expect(await store.browserSessions.get("bs-1")).toEqual(expected);
      expect(await store.browserSessions.live("bs-1", POOL, NOW + HOUR - 1)).toEqual(expected);
      expect(await store.browserSessions.live("bs-1", POOL, NOW + HOUR)).toBeNull();
      expect(await store.browserSessions.live("bs-1", "us-east-1_Other0001", NOW)).toBeNull();
      expect(await store.browserSessions.live("nothing", POOL, NOW)).toBeNull();
    });

    it("ends a session once, and ends every session of a user", async () => {
      const { store } = ctx();
      await seedPool(store);
      const sam = await seedUser(store, "sam");
      const kim = await seedUser(store, "kim");
      for (const [idHash, sub] of [
        ["a", sam.sub],
        ["b", sam.sub],
        ["c", kim.sub],
      ] as const)
        await store.browserSessions.create(
          { idHash, poolId: POOL, sub, data: {}, createdAt: NOW, expiresAt: NOW + HOUR },
          NOW,
        );
      expect(await store.browserSessions.end("a", NOW + 5)).toBe(true);
      expect(await store.browserSessions.end("a", NOW + 6)).toBe(false);
      expect((await store.browserSessions.get("a"))?.endedAt).toBe(NOW + 5);
      expect(await store.browserSessions.live("a", POOL, NOW + 10)).toBeNull();
      expect(await store.browserSessions.endUser(POOL, sam.sub, NOW + 7)).toBe(1);
      expect(await store.browserSessions.live("b", POOL, NOW + 10)).toBeNull();
      expect(await store.browserSessions.live("c", POOL, NOW + 10)).not.toBeNull();
    });

    it("drops a user's spent sessions at their next sign-in, and purges spent ones", async () => {
      const { store } = ctx();
      await seedPool(store);
      const sam = await seedUser(store, "sam");
      const kim = await seedUser(store, "kim");
      const start = (idHash: string, sub: string, at: number) =>
        store.browserSessions.create(
          { idHash, poolId: POOL, sub, data: {}, createdAt: at, expiresAt: at + HOUR },
          at,
        );
      await start("old", sam.sub, NOW);
      await start("ended", sam.sub, NOW);
      await store.browserSessions.end("ended", NOW + 1);
      await start("kim-old", kim.sub, NOW);
      await start("new", sam.sub, NOW + HOUR);
      expect(await store.browserSessions.get("old")).toBeNull();
      expect(await store.browserSessions.get("ended")).toBeNull();
      expect(await store.browserSessions.get("kim-old")).not.toBeNull();
      expect(await store.browserSessions.purge(NOW + HOUR, 100)).toBe(1);
      expect(await store.browserSessions.get("kim-old")).toBeNull();
      expect(await store.browserSessions.get("new")).not.toBeNull();
    });

    it("deletes a user's sessions with the user", async () => {
      const { store } = ctx();
      await seedPool(store);
      const sam = await seedUser(store, "sam");
      await store.browserSessions.create(
        { idHash: "gone", poolId: POOL, sub: sam.sub, data: {}, createdAt: NOW, expiresAt: NOW + HOUR },
        NOW,
      );
      expect(await store.users.delete(POOL, "sam")).toBe(true);
      expect(await store.browserSessions.get("gone")).toBeNull();
    });
  });
}
