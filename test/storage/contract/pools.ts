import { describe, expect, it } from "vitest";
import {
  clientRepository,
  InvalidPaginationTokenError,
  SqlConstraintError,
} from "../../../src/storage/index.js";
import { NOW, POOL, seedPool, type Context } from "./fixtures.js";

export function poolsContract(ctx: Context): void {
  describe("pools", () => {
    it("creates, reads, and refuses a second pool with the same id", async () => {
      const { pools } = ctx().store;
      const created = await pools.create(
        {
          id: POOL,
          name: "app",
          config: { MfaConfiguration: "OFF", Policies: { PasswordPolicy: { MinimumLength: 8 } } },
        },
        NOW,
      );
      expect(created).toMatchObject({ id: POOL, name: "app", createdAt: NOW, updatedAt: NOW });
      expect(await pools.get(POOL)).toEqual(created);
      expect(await pools.create({ id: POOL, name: "other", config: {} }, NOW)).toBeNull();
      expect((await pools.get(POOL))?.name).toBe("app");
      expect(await pools.get("us-east-1_nothere")).toBeNull();
    });

    it("updates name and config, and compare-and-sets on the revision", async () => {
      const { pools } = ctx().store;
      const created = (await pools.create({ id: POOL, name: "app", config: { a: 1 } }, NOW))!;
      const renamed = await pools.update(POOL, { name: "renamed" }, { now: NOW + 1 });
      expect(renamed).toMatchObject({
        name: "renamed",
        config: { a: 1 },
        updatedAt: NOW + 1,
        createdAt: NOW,
      });
      expect(renamed!.revision).not.toBe(created.revision);
      // A writer holding the old revision loses; one holding the current one wins.
      expect(
        await pools.update(POOL, { config: { a: 2 } }, { now: NOW + 2, ifRevision: created.revision }),
      ).toBeNull();
      const reconfigured = await pools.update(
        POOL,
        { config: { a: 3 } },
        { now: NOW + 3, ifRevision: renamed!.revision },
      );
      expect(reconfigured).toMatchObject({ name: "renamed", config: { a: 3 } });
      expect(await pools.update("us-east-1_nothere", { name: "x" }, { now: NOW })).toBeNull();
    });

    it("gives exactly one of two concurrent compare-and-set updates", async () => {
      const { pools } = ctx().store;
      const created = (await pools.create({ id: POOL, name: "app", config: { attributes: [] } }, NOW))!;
      const results = await Promise.all(
        ["custom:a", "custom:b"].map((name) =>
          pools.update(
            POOL,
            { config: { attributes: [name] } },
            { now: NOW + 1, ifRevision: created.revision },
          ),
        ),
      );
      expect(results.filter((r) => r !== null)).toHaveLength(1);
    });

    it("deletes a pool with everything in it", async () => {
      const { store, driver } = ctx();
      await seedPool(store);
      await store.users.create(
        {
          poolId: POOL,
          sub: "11111111-1111-4111-8111-111111111111",
          username: "alice",
          status: "CONFIRMED",
          attributes: { email: "a@example.com" },
        },
        NOW,
      );
      expect(await store.pools.delete(POOL)).toBe(true);
      expect(await store.pools.delete(POOL)).toBe(false);
      expect(await store.users.get(POOL, "alice")).toBeNull();
      expect(await driver.first("SELECT COUNT(*) AS n FROM user_search")).toEqual({ n: 0 });
      expect(await driver.first("SELECT COUNT(*) AS n FROM user_pool_clients")).toEqual({ n: 0 });
    });

    it("lists pools in id order, a page at a time, with an opaque token", async () => {
      const { pools, clients } = ctx().store;
      const ids = ["us-east-1_e", "us-east-1_a", "us-east-1_d", "us-east-1_b", "us-east-1_c"];
      for (const id of ids) await pools.create({ id, name: id, config: {} }, NOW);
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await pools.list({ limit: 2, nextToken: token });
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((p) => p.id));
        token = page.nextToken;
        pages += 1;
      } while (token !== undefined);
      expect(seen).toEqual([...ids].sort());
      expect(pages).toBe(3);
      expect((await pools.list()).items).toHaveLength(5);
      expect((await pools.list({ limit: 5 })).nextToken).toBeUndefined();
      await expect(pools.list({ nextToken: "not-a-token" })).rejects.toBeInstanceOf(
        InvalidPaginationTokenError,
      );
      // A token from another listing is refused, not misread.
      const poolsToken = (await pools.list({ limit: 1 })).nextToken!;
      await expect(clients.list("us-east-1_a", { nextToken: poolsToken })).rejects.toBeInstanceOf(
        InvalidPaginationTokenError,
      );
    });
  });

  describe("app clients", () => {
    it("creates, reads by pool and by id, updates, lists and deletes", async () => {
      const { pools, clients } = ctx().store;
      await pools.create({ id: POOL, name: "app", config: {} }, NOW);
      await pools.create({ id: "us-east-1_Other", name: "other", config: {} }, NOW);
      const web = await clients.create(
        {
          id: "client1",
          poolId: POOL,
          name: "web",
          secret: null,
          config: { ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH"] },
        },
        NOW,
      );
      expect(web).toMatchObject({
        id: "client1",
        poolId: POOL,
        secret: null,
        config: { ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH"] },
      });
      await clients.create(
        { id: "client2", poolId: POOL, name: "server", secret: "s3cr3t", config: {} },
        NOW,
      );
      await clients.create({ id: "client3", poolId: POOL, name: "cli", secret: null, config: {} }, NOW);
      expect(
        await clients.create({ id: "client1", poolId: POOL, name: "dup", secret: null, config: {} }, NOW),
      ).toBeNull();
      expect((await clients.get(POOL, "client2"))?.secret).toBe("s3cr3t");
      expect(await clients.get("us-east-1_Other", "client2")).toBeNull();
      expect((await clients.find("client2"))?.poolId).toBe(POOL);
      expect(await clients.update(POOL, "client1", { name: "web2" }, { now: NOW + 1 })).toMatchObject({
        name: "web2",
        config: { ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH"] },
      });
      expect(
        await clients.update(POOL, "client1", { name: "web3" }, { now: NOW + 2, ifRevision: web!.revision }),
      ).toBeNull();
      const first = await clients.list(POOL, { limit: 2 });
      expect(first.items.map((c) => c.id)).toEqual(["client1", "client2"]);
      const second = await clients.list(POOL, { limit: 2, nextToken: first.nextToken });
      expect(second).toEqual({ items: [expect.objectContaining({ id: "client3" })] });
      expect((await clients.list("us-east-1_Other")).items).toEqual([]);
      expect(await clients.delete("us-east-1_Other", "client1")).toBe(false);
      expect(await clients.delete(POOL, "client1")).toBe(true);
      expect(await clients.find("client1")).toBeNull();
    });

    it("keeps a client secret sealed at rest, bound to its client, and seals one an older version stored in clear", async () => {
      const { driver, store } = ctx();
      const { pools, clients } = store;
      await pools.create({ id: POOL, name: "app", config: {} }, NOW);
      const secret = "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmno";
      expect(
        (await clients.create({ id: "sealed1", poolId: POOL, name: "server", secret, config: {} }, NOW))
          ?.secret,
      ).toBe(secret);
      await clients.create(
        { id: "sealed2", poolId: POOL, name: "other", secret: "another-secret", config: {} },
        NOW,
      );
      const raw = async (id: string) =>
        String(
          (await driver.first<{ secret: string }>("SELECT secret FROM user_pool_clients WHERE id = ?", [id]))!
            .secret,
        );
      expect(await raw("sealed1")).toMatch(/^v1\./);
      expect(await raw("sealed1")).not.toContain(secret);
      expect((await clients.get(POOL, "sealed1"))?.secret).toBe(secret);
      expect((await clients.find("sealed1"))?.secret).toBe(secret);
      expect((await clients.list(POOL)).items.map((c) => c.secret)).toEqual([secret, "another-secret"]);
      // A sealed value moved to another client does not open.
      await driver.run("UPDATE user_pool_clients SET secret = ? WHERE id = ?", [
        await raw("sealed1"),
        "sealed2",
      ]);
      await expect(clients.get(POOL, "sealed2")).rejects.toThrow();
      // Clear secrets from before: the first read seals one; the sweep seals the rest.
      await driver.run("UPDATE user_pool_clients SET secret = ? WHERE id = ?", [
        "legacy-clear-secret-1",
        "sealed1",
      ]);
      await driver.run("UPDATE user_pool_clients SET secret = ? WHERE id = ?", [
        "legacy-clear-secret-2",
        "sealed2",
      ]);
      expect((await clients.get(POOL, "sealed1"))?.secret).toBe("legacy-clear-secret-1");
      expect(await raw("sealed1")).toMatch(/^v1\./);
      expect(await raw("sealed2")).toBe("legacy-clear-secret-2");
      expect(await clients.sealClearSecrets()).toBe(1);
      expect(await raw("sealed2")).toMatch(/^v1\./);
      expect((await clients.get(POOL, "sealed2"))?.secret).toBe("legacy-clear-secret-2");
      expect(await clients.sealClearSecrets()).toBe(0);
      // Without the master key's box, a secret is neither stored nor opened, never kept in clear.
      const bare = clientRepository(driver);
      await expect(
        bare.create({ id: "bare1", poolId: POOL, name: "x", secret: "s", config: {} }, NOW),
      ).rejects.toThrow(/master key/);
      await expect(bare.get(POOL, "sealed1")).rejects.toThrow(/master key/);
      expect(
        await bare.create({ id: "bare2", poolId: POOL, name: "public", secret: null, config: {} }, NOW),
      ).toMatchObject({ secret: null });
    });

    it("refuses a client of a pool that does not exist", async () => {
      const { clients } = ctx().store;
      await expect(
        clients.create(
          { id: "orphan", poolId: "us-east-1_nothere", name: "x", secret: null, config: {} },
          NOW,
        ),
      ).rejects.toMatchObject({
        kind: "foreign_key",
      });
      await expect(
        clients.create(
          { id: "orphan", poolId: "us-east-1_nothere", name: "x", secret: null, config: {} },
          NOW,
        ),
      ).rejects.toBeInstanceOf(SqlConstraintError);
    });
  });
}
