import { describe, expect, it } from "vitest";
import { NOW, POOL, seedPool, type Context } from "./fixtures.js";

const OTHER = "us-east-1_Contract2";
const READ = { name: "read", description: "Read things" };
const WRITE = { name: "write", description: "Write things" };

export function resourceServersContract(ctx: Context): void {
  describe("resource servers", () => {
    it("creates, reads, replaces, lists and deletes resource servers", async () => {
      const { resourceServers } = ctx().store;
      await seedPool(ctx().store);
      const api = await resourceServers.create(
        { poolId: POOL, identifier: "https://api.example.com", name: "API", scopes: [READ, WRITE] },
        NOW,
        25,
      );
      expect(api).toEqual({
        poolId: POOL,
        identifier: "https://api.example.com",
        name: "API",
        scopes: [READ, WRITE],
        createdAt: NOW,
        updatedAt: NOW,
      });
      expect(
        await resourceServers.create(
          { poolId: POOL, identifier: "https://api.example.com", name: "Again", scopes: [] },
          NOW,
          25,
        ),
      ).toBe("exists");
      await resourceServers.create(
        { poolId: POOL, identifier: "billing", name: "Billing", scopes: [] },
        NOW,
        25,
      );
      await resourceServers.create(
        { poolId: POOL, identifier: "admin", name: "Admin", scopes: [WRITE] },
        NOW,
        25,
      );
      // The same identifier in another pool is another server.
      await seedPool(ctx().store, OTHER, "contractclient0000000000002");
      expect(
        await resourceServers.create(
          { poolId: OTHER, identifier: "billing", name: "B", scopes: [] },
          NOW,
          25,
        ),
      ).toMatchObject({ poolId: OTHER });

      expect(await resourceServers.get(POOL, "admin")).toMatchObject({ name: "Admin", scopes: [WRITE] });
      expect(await resourceServers.get(POOL, "nothere")).toBeNull();
      expect(
        await resourceServers.update(POOL, "admin", { name: "Administration", scopes: [READ] }, NOW + 7),
      ).toMatchObject({ name: "Administration", scopes: [READ], createdAt: NOW, updatedAt: NOW + 7 });
      expect(await resourceServers.update(POOL, "nothere", { name: "x", scopes: [] }, NOW)).toBeNull();

      const first = await resourceServers.list(POOL, { limit: 2 });
      expect(first.items.map((s) => s.identifier)).toEqual(["admin", "billing"]);
      const second = await resourceServers.list(POOL, { limit: 2, nextToken: first.nextToken });
      expect(second.items.map((s) => s.identifier)).toEqual(["https://api.example.com"]);
      expect(second.nextToken).toBeUndefined();
      expect((await resourceServers.all(POOL)).map((s) => s.identifier)).toEqual([
        "admin",
        "billing",
        "https://api.example.com",
      ]);

      expect(await resourceServers.delete(POOL, "billing")).toBe(true);
      expect(await resourceServers.delete(POOL, "billing")).toBe(false);
      expect(await resourceServers.get(POOL, "billing")).toBeNull();
      expect(await resourceServers.get(OTHER, "billing")).not.toBeNull();
      // Deleting the pool takes its servers along.
      await ctx().store.pools.delete(POOL);
      expect(await resourceServers.all(POOL)).toEqual([]);
      expect(
        await resourceServers.create({ poolId: POOL, identifier: "late", name: "Late", scopes: [] }, NOW, 25),
      ).toBe("no-pool");
    });

    it("holds the per-pool limit, also against a burst of concurrent creates", async () => {
      const { store } = ctx();
      await seedPool(store);
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          store.resourceServers.create(
            { poolId: POOL, identifier: `rs-${i}`, name: "RS", scopes: [] },
            NOW,
            5,
          ),
        ),
      );
      expect(results.filter((r) => typeof r === "object")).toHaveLength(5);
      expect(results.filter((r) => r === "limit")).toHaveLength(3);
      expect(await store.resourceServers.all(POOL)).toHaveLength(5);
      // A taken identifier is "exists" even at the limit.
      const taken = (results.find((r) => typeof r === "object") as { identifier: string }).identifier;
      expect(
        await store.resourceServers.create(
          { poolId: POOL, identifier: taken, name: "RS", scopes: [] },
          NOW,
          5,
        ),
      ).toBe("exists");
    });
  });
}
