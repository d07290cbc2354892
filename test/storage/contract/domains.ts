import { describe, expect, it } from "vitest";
import { NOW, POOL, seedPool, type Context } from "./fixtures.js";

const OTHER = "us-east-1_Contract2";

export function domainsContract(ctx: Context): void {
  describe("domains", () => {
    it("finds a pool as hosted only while it holds a domain of either kind", async () => {
      const { domains, pools } = ctx().store;
      await seedPool(ctx().store);
      expect(await pools.getHosted(POOL)).toBeNull();
      await domains.create({ domain: "my-app", poolId: POOL, kind: "prefix", config: {} }, NOW);
      expect((await pools.getHosted(POOL))?.id).toBe(POOL);
      expect(await pools.getHosted(OTHER)).toBeNull();
      await domains.delete("my-app", POOL);
      expect(await pools.getHosted(POOL)).toBeNull();
      await domains.create({ domain: "auth.example.com", poolId: POOL, kind: "custom", config: {} }, NOW);
      expect(await pools.getHosted(POOL)).toEqual(await pools.get(POOL));
    });

    it("claims a prefix and a custom domain per pool, reads, updates and releases them", async () => {
      const { domains } = ctx().store;
      await seedPool(ctx().store);
      const prefix = await domains.create(
        { domain: "my-app", poolId: POOL, kind: "prefix", config: { ManagedLoginVersion: 1 } },
        NOW,
      );
      expect(prefix).toEqual({
        domain: "my-app",
        poolId: POOL,
        kind: "prefix",
        config: { ManagedLoginVersion: 1 },
        createdAt: NOW,
        updatedAt: NOW,
      });
      // A second prefix for the same pool: the kind is taken; the same name again: the name is.
      expect(
        await domains.create({ domain: "my-app-2", poolId: POOL, kind: "prefix", config: {} }, NOW),
      ).toBe("kind-taken");
      expect(await domains.create({ domain: "my-app", poolId: POOL, kind: "custom", config: {} }, NOW)).toBe(
        "taken",
      );
      await domains.create(
        { domain: "auth.example.com", poolId: POOL, kind: "custom", config: { CertificateArn: "arn" } },
        NOW,
      );
      expect((await domains.ofPool(POOL)).map((d) => [d.kind, d.domain])).toEqual([
        ["prefix", "my-app"],
        ["custom", "auth.example.com"],
      ]);
      expect(await domains.get("auth.example.com")).toMatchObject({ poolId: POOL, kind: "custom" });
      expect(await domains.get("nothere")).toBeNull();

      expect(await domains.update("my-app", POOL, { ManagedLoginVersion: 2 }, NOW + 5)).toMatchObject({
        config: { ManagedLoginVersion: 2 },
        createdAt: NOW,
        updatedAt: NOW + 5,
      });
      // Only the pool that holds a domain changes or releases it.
      await seedPool(ctx().store, OTHER, "contractclient0000000000002");
      expect(await domains.update("my-app", OTHER, {}, NOW)).toBeNull();
      expect(await domains.delete("my-app", OTHER)).toBe(false);
      expect(await domains.delete("my-app", POOL)).toBe(true);
      expect(await domains.delete("my-app", POOL)).toBe(false);
      expect(await domains.get("my-app")).toBeNull();
      // Released, the name is free for anyone.
      expect(
        await domains.create({ domain: "my-app", poolId: OTHER, kind: "prefix", config: {} }, NOW),
      ).toMatchObject({ poolId: OTHER });
    });

    it("gives a prefix two pools race for to exactly one of them", async () => {
      const { store } = ctx();
      await seedPool(store);
      await seedPool(store, OTHER, "contractclient0000000000002");
      const results = await Promise.all(
        [POOL, OTHER, POOL, OTHER].map((poolId) =>
          store.domains.create({ domain: "contested", poolId, kind: "prefix", config: {} }, NOW),
        ),
      );
      const winners = results.filter((r) => typeof r === "object");
      expect(winners).toHaveLength(1);
      expect(results.filter((r) => r === "taken")).toHaveLength(3);
      expect((await store.domains.get("contested"))?.poolId).toBe((winners[0] as { poolId: string }).poolId);
    });

    it("gives a pool racing for two prefixes exactly one of them", async () => {
      const { store } = ctx();
      await seedPool(store);
      const results = await Promise.all(
        ["first-name", "second-name"].map((domain) =>
          store.domains.create({ domain, poolId: POOL, kind: "prefix", config: {} }, NOW),
        ),
      );
      expect(results.filter((r) => typeof r === "object")).toHaveLength(1);
      expect(results.filter((r) => r === "kind-taken")).toHaveLength(1);
      expect(await store.domains.ofPool(POOL)).toHaveLength(1);
    });

    it("frees a pool's domains when the pool is deleted", async () => {
      const { store } = ctx();
      await seedPool(store);
      await store.domains.create({ domain: "gone-soon", poolId: POOL, kind: "prefix", config: {} }, NOW);
      await store.domains.create(
        { domain: "auth.gone.example", poolId: POOL, kind: "custom", config: {} },
        NOW,
      );
      expect(await store.pools.delete(POOL)).toBe(true);
      expect(await store.domains.get("gone-soon")).toBeNull();
      expect(await store.domains.ofPool(POOL)).toEqual([]);
      await seedPool(store, OTHER, "contractclient0000000000002");
      expect(
        await store.domains.create({ domain: "gone-soon", poolId: OTHER, kind: "prefix", config: {} }, NOW),
      ).toMatchObject({ poolId: OTHER });
    });
  });
}
