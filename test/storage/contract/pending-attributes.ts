import { describe, expect, it } from "vitest";
import { NOW, POOL, seedPool, seedUser, type Context } from "./fixtures.js";

export function pendingAttributesContract(ctx: Context): void {
  describe("pending attributes", () => {
    it("keeps one value per user and attribute, replaced by a newer one, taken exactly once, and dropped with the user", async () => {
      const { store } = ctx();
      await seedPool(store);
      const user = await seedUser(store, "pia");
      const other = await seedUser(store, "quin");
      expect(await store.pendingAttributes.get(POOL, user.sub, "email")).toBeNull();
      expect(await store.pendingAttributes.set(POOL, user.sub, "email", "first@example.com", NOW)).toBe(true);
      expect(await store.pendingAttributes.set(POOL, user.sub, "email", "second@example.com", NOW + 1)).toBe(
        true,
      );
      expect(await store.pendingAttributes.set(POOL, user.sub, "phone_number", "+15555550100", NOW)).toBe(
        true,
      );
      expect(await store.pendingAttributes.set(POOL, other.sub, "email", "other@example.com", NOW)).toBe(
        true,
      );
      // Not a user of that pool, or no user at all: nothing is stored.
      expect(
        await store.pendingAttributes.set("us-east-1_NoSuchPool", user.sub, "email", "x@example.com", NOW),
      ).toBe(false);
      expect(
        await store.pendingAttributes.set(POOL, crypto.randomUUID(), "email", "x@example.com", NOW),
      ).toBe(false);
      expect(await store.pendingAttributes.get(POOL, user.sub, "email")).toEqual({
        name: "email",
        value: "second@example.com",
        createdAt: NOW + 1,
      });
      expect(await store.pendingAttributes.get("us-east-1_NoSuchPool", user.sub, "email")).toBeNull();

      // A take names the value it saw: a replaced value is not taken, and of two takes one wins.
      expect(await store.pendingAttributes.take(POOL, user.sub, "email", "first@example.com")).toBe(false);
      const takes = await Promise.all(
        [0, 1].map(() => store.pendingAttributes.take(POOL, user.sub, "email", "second@example.com")),
      );
      expect(takes.filter(Boolean)).toHaveLength(1);
      expect(await store.pendingAttributes.get(POOL, user.sub, "email")).toBeNull();
      expect(await store.pendingAttributes.clear(POOL, user.sub, "phone_number")).toBe(true);
      expect(await store.pendingAttributes.clear(POOL, user.sub, "phone_number")).toBe(false);

      await store.users.delete(POOL, "quin");
      expect(await store.pendingAttributes.get(POOL, other.sub, "email")).toBeNull();
    });
  });
}
