import { describe, expect, it } from "vitest";
import { AliasExistsError } from "../../../src/storage/index.js";
import { NOW, POOL, seedPool, seedUser, type Context } from "./fixtures.js";

export function aliasesContract(ctx: Context): void {
  describe("aliases", () => {
    it("claims, finds case-insensitively, replaces and releases a user's alias", async () => {
      const { store } = ctx();
      await seedPool(store);
      const ivan = await seedUser(store, "ivan");
      expect(await store.aliases.claim(POOL, ivan.sub, "email", "Ivan@Example.com", { now: NOW })).toBe(true);
      expect(await store.aliases.holder(POOL, "email", "ivan@example.COM")).toBe(ivan.sub);
      expect((await store.users.getByAlias(POOL, "email", "IVAN@example.com"))?.username).toBe("ivan");
      // Claiming again, or claiming a new value, leaves one alias of that name.
      expect(await store.aliases.claim(POOL, ivan.sub, "email", "ivan@example.com", { now: NOW + 1 })).toBe(
        true,
      );
      await store.aliases.claim(POOL, ivan.sub, "email", "ivan@new.example", { now: NOW + 2 });
      await store.aliases.claim(POOL, ivan.sub, "phone_number", "+15550002222", { now: NOW + 2 });
      expect(await store.aliases.list(POOL, ivan.sub)).toEqual([
        { name: "email", value: "ivan@new.example", createdAt: NOW + 2 },
        { name: "phone_number", value: "+15550002222", createdAt: NOW + 2 },
      ]);
      expect(await store.aliases.holder(POOL, "email", "ivan@example.com")).toBeNull();
      expect(await store.aliases.release(POOL, ivan.sub, "email")).toBe(true);
      expect(await store.aliases.release(POOL, ivan.sub, "email")).toBe(false);
      expect(await store.users.getByAlias(POOL, "email", "ivan@new.example")).toBeNull();
      expect(await store.aliases.claim(POOL, "no-such-sub", "email", "x@example.com", { now: NOW })).toBe(
        false,
      );
    });

    it("refuses an alias another user holds, unless told to move it", async () => {
      const { store } = ctx();
      await seedPool(store);
      const judy = await seedUser(store, "judy");
      const ken = await seedUser(store, "ken");
      await store.aliases.claim(POOL, judy.sub, "email", "shared@example.com", { now: NOW });
      await store.aliases.claim(POOL, ken.sub, "email", "ken@example.com", { now: NOW });
      await expect(
        store.aliases.claim(POOL, ken.sub, "email", "SHARED@example.com", { now: NOW }),
      ).rejects.toBeInstanceOf(AliasExistsError);
      // The failed claim changed nothing, not even ken's own alias.
      expect(await store.aliases.holder(POOL, "email", "ken@example.com")).toBe(ken.sub);
      expect(
        await store.aliases.claim(POOL, ken.sub, "email", "shared@example.com", { now: NOW, steal: true }),
      ).toBe(true);
      expect(await store.aliases.holder(POOL, "email", "shared@example.com")).toBe(ken.sub);
      expect(await store.aliases.list(POOL, judy.sub)).toEqual([]);
    });

    it("gives an alias to exactly one of two users claiming it at once", async () => {
      const { store } = ctx();
      await seedPool(store);
      const users = await Promise.all(["leo", "mia", "ned"].map((name) => seedUser(store, name)));
      const settled = await Promise.allSettled(
        users.map((u) => store.aliases.claim(POOL, u.sub, "phone_number", "+15550003333", { now: NOW })),
      );
      expect(settled.filter((s) => s.status === "fulfilled")).toHaveLength(1);
      expect(
        settled
          .filter((s) => s.status === "rejected")
          .every((s) => (s as PromiseRejectedResult).reason instanceof AliasExistsError),
      ).toBe(true);
      const holder = await store.aliases.holder(POOL, "phone_number", "+15550003333");
      expect(users.map((u) => u.sub)).toContain(holder);
    });
  });
}
