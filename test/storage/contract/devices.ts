import { describe, expect, it } from "vitest";
import { CLIENT, NOW, POOL, seedPool, seedUser, type Context } from "./fixtures.js";

const KEY_A = "us-east-1_0000000a-0000-4000-8000-000000000000";
const KEY_B = "us-east-1_0000000b-0000-4000-8000-000000000000";

export function devicesContract(ctx: Context): void {
  describe("devices", () => {
    it("stores a device per user, confirms it once, and keeps users apart", async () => {
      const { store } = ctx();
      await seedPool(store);
      const user = await seedUser(store, "dev");
      const other = await seedUser(store, "eve");
      const created = await store.devices.create(
        { deviceKey: KEY_A, poolId: POOL, sub: user.sub, groupKey: "-group" },
        NOW,
      );
      expect(created).toMatchObject({
        deviceKey: KEY_A,
        confirmed: false,
        rememberedStatus: "not_remembered",
        srpVerifier: null,
        lastAuthenticatedAt: NOW,
      });
      expect(await store.devices.exists(POOL, KEY_A)).toBe(true);
      expect(await store.devices.exists("us-east-1_Other0001", KEY_A)).toBe(false);
      expect(await store.devices.get(POOL, other.sub, KEY_A)).toBeNull();

      const proof = { salt: "ab", verifier: "cd", name: "phone", rememberedStatus: "remembered" as const };
      expect(await store.devices.confirm(POOL, other.sub, KEY_A, proof, NOW + 1)).toBe(false);
      expect(await store.devices.confirm(POOL, user.sub, KEY_A, proof, NOW + 1)).toBe(true);
      expect(await store.devices.confirm(POOL, user.sub, KEY_A, { ...proof, verifier: "ee" }, NOW + 2)).toBe(
        false,
      );
      expect(await store.devices.get(POOL, user.sub, KEY_A)).toMatchObject({
        confirmed: true,
        srpSalt: "ab",
        srpVerifier: "cd",
        name: "phone",
        rememberedStatus: "remembered",
        updatedAt: NOW + 1,
      });

      expect(await store.devices.setStatus(POOL, other.sub, KEY_A, "not_remembered", NOW + 3)).toBe(false);
      expect(await store.devices.setStatus(POOL, user.sub, KEY_A, "not_remembered", NOW + 3)).toBe(true);
      await store.devices.touch(KEY_A, NOW + 4);
      expect(await store.devices.get(POOL, user.sub, KEY_A)).toMatchObject({
        rememberedStatus: "not_remembered",
        lastAuthenticatedAt: NOW + 4,
      });
    });

    it("lists a user's devices a page at a time, and drops them with the user", async () => {
      const { store } = ctx();
      await seedPool(store);
      const user = await seedUser(store, "lia");
      for (const deviceKey of [KEY_B, KEY_A])
        await store.devices.create({ deviceKey, poolId: POOL, sub: user.sub, groupKey: "-g" }, NOW);
      const first = await store.devices.list(POOL, user.sub, { limit: 1 });
      expect(first.items.map((d) => d.deviceKey)).toEqual([KEY_A]);
      const second = await store.devices.list(POOL, user.sub, { limit: 1, nextToken: first.nextToken });
      expect([second.items.map((d) => d.deviceKey), second.nextToken]).toEqual([[KEY_B], undefined]);
      await expect(store.devices.list(POOL, user.sub, { nextToken: "bm90LW91cnM" })).rejects.toThrow();
      await store.users.delete(POOL, "lia");
      expect(await store.devices.exists(POOL, KEY_A)).toBe(false);
    });

    it("forgets a device and unbinds, without revoking, the refresh tokens issued with it", async () => {
      const { store } = ctx();
      await seedPool(store);
      const user = await seedUser(store, "fay");
      await store.devices.create({ deviceKey: KEY_A, poolId: POOL, sub: user.sub, groupKey: "-g" }, NOW);
      await store.refreshTokens.issue(
        {
          tokenHash: "h1",
          poolId: POOL,
          clientId: CLIENT,
          sub: user.sub,
          familyId: "f1",
          authTime: NOW,
          deviceKey: KEY_A,
          expiresAt: NOW + 1000,
        },
        NOW,
      );
      expect(await store.devices.forget(POOL, user.sub, KEY_A)).toBe(true);
      expect(await store.devices.forget(POOL, user.sub, KEY_A)).toBe(false);
      expect(await store.devices.get(POOL, user.sub, KEY_A)).toBeNull();
      expect(await store.refreshTokens.find("h1")).toMatchObject({ deviceKey: null, revokedAt: null });
    });
  });
}
