import { describe, expect, it } from "vitest";
import {
  BROWSER_DEVICES_KEPT,
  MIGRATIONS,
  sql,
  UNCONFIRMED_DEVICE_MS,
  UNCONFIRMED_DEVICES_KEPT,
} from "../../../src/storage/index.js";
import { CLIENT, NOW, POOL, seedPool, seedUser, type Context } from "./fixtures.js";

const KEY_A = "us-east-1_0000000a-0000-4000-8000-000000000000";
const KEY_B = "us-east-1_0000000b-0000-4000-8000-000000000000";
const KEY_C = "us-east-1_0000000c-0000-4000-8000-000000000000";
const KEY_D = "us-east-1_0000000d-0000-4000-8000-000000000000";

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

    it("lists a user's remembered devices a page at a time, and drops them with the user", async () => {
      const { store } = ctx();
      await seedPool(store);
      const user = await seedUser(store, "lia");
      const proof = { salt: "ab", verifier: "cd", name: null, rememberedStatus: "remembered" as const };
      for (const deviceKey of [KEY_B, KEY_A, KEY_C, KEY_D])
        await store.devices.create({ deviceKey, poolId: POOL, sub: user.sub, groupKey: "-g" }, NOW);
      for (const deviceKey of [KEY_B, KEY_A])
        await store.devices.confirm(POOL, user.sub, deviceKey, proof, NOW);
      // Confirmed but not remembered (a User opt-in pool), and never confirmed: neither is listed.
      await store.devices.confirm(
        POOL,
        user.sub,
        KEY_C,
        { ...proof, rememberedStatus: "not_remembered" },
        NOW,
      );
      const first = await store.devices.listRemembered(POOL, user.sub, { limit: 1 });
      expect(first.items.map((d) => d.deviceKey)).toEqual([KEY_A]);
      const second = await store.devices.listRemembered(POOL, user.sub, {
        limit: 1,
        nextToken: first.nextToken,
      });
      expect([second.items.map((d) => d.deviceKey), second.nextToken]).toEqual([[KEY_B], undefined]);
      await store.devices.setStatus(POOL, user.sub, KEY_C, "remembered", NOW + 1);
      await store.devices.setStatus(POOL, user.sub, KEY_A, "not_remembered", NOW + 1);
      expect((await store.devices.listRemembered(POOL, user.sub)).items.map((d) => d.deviceKey)).toEqual([
        KEY_B,
        KEY_C,
      ]);
      await expect(
        store.devices.listRemembered(POOL, user.sub, { nextToken: "bm90LW91cnM" }),
      ).rejects.toThrow();
      await store.users.delete(POOL, "lia");
      expect(await store.devices.exists(POOL, KEY_A)).toBe(false);
    });

    it("keeps a user's newest ten unconfirmed devices for a day, and every confirmed one", async () => {
      const { store } = ctx();
      await seedPool(store);
      const user = await seedUser(store, "max");
      const other = await seedUser(store, "ned");
      const key = (n: number) => `us-east-1_${String(n).padStart(8, "0")}-0000-4000-8000-000000000000`;
      const make = (n: number, sub: string, at: number) =>
        store.devices.create({ deviceKey: key(n), poolId: POOL, sub, groupKey: "-g" }, at);
      const keys = async (sub: string) =>
        (
          await store.driver.all("SELECT device_key FROM devices WHERE sub = ? ORDER BY device_key", [sub])
        ).map((row) => Number(String(row.device_key).slice(10, 18)));
      await make(100, other.sub, NOW);
      await make(1, user.sub, NOW);
      const proof = { salt: "ab", verifier: "cd", name: null, rememberedStatus: "remembered" as const };
      expect(await store.devices.confirm(POOL, user.sub, key(1), proof, NOW)).toBe(true);
      // Twelve sign-ins that never confirm, the first three in the same millisecond: the first two go.
      for (let n = 2; n <= 13; n++) await make(n, user.sub, NOW + Math.max(n, 4));
      expect(await keys(user.sub)).toEqual([1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
      expect(await keys(other.sub)).toEqual([100]);
      // A day later, the next sign-in drops the unconfirmed ones that waited a day.
      await make(14, user.sub, NOW + 4 + UNCONFIRMED_DEVICE_MS);
      expect(await keys(user.sub)).toEqual([1, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
      expect(UNCONFIRMED_DEVICES_KEPT).toBe(10);
    });

    it("migration 11 drops the unconfirmed devices an earlier version stored more than a day ago", async () => {
      const { store, driver } = ctx();
      await seedPool(store);
      const user = await seedUser(store, "oli");
      const day = 24 * 60 * 60 * 1000;
      const insert = (deviceKey: string, at: number, confirmed: number) =>
        driver.run(
          "INSERT INTO devices (device_key, pool_id, sub, group_key, confirmed, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
          [deviceKey, POOL, user.sub, "-g", confirmed, at, at],
        );
      await insert(KEY_A, Date.now() - 2 * day, 0);
      await insert(KEY_B, Date.now() - 2 * day, 1);
      await insert(KEY_C, Date.now() - day / 24, 0);
      const migration = MIGRATIONS.find((m) => m.id === 11)!;
      await driver.batch(migration.statements.map((text) => sql(text)));
      const left = await driver.all("SELECT device_key FROM devices ORDER BY device_key");
      expect(left.map((row) => row.device_key)).toEqual([KEY_B, KEY_C]);
    });

    it("remembers a browser's device by its cookie's hash: confirmed, remembered, listed, for its user only", async () => {
      const { store } = ctx();
      await seedPool(store);
      const user = await seedUser(store, "bea");
      const other = await seedUser(store, "cal");
      const remembered = await store.devices.rememberBrowser(
        {
          deviceKey: KEY_A,
          poolId: POOL,
          sub: user.sub,
          groupKey: "-g",
          name: "Firefox on Linux",
          browserKeyHash: "hash-a",
        },
        NOW,
      );
      expect(remembered).toMatchObject({
        deviceKey: KEY_A,
        confirmed: true,
        rememberedStatus: "remembered",
        name: "Firefox on Linux",
        srpSalt: null,
        srpVerifier: null,
        browserBound: true,
        lastAuthenticatedAt: NOW,
      });
      expect(await store.devices.ofBrowser(POOL, user.sub, "hash-a")).toMatchObject({ deviceKey: KEY_A });
      expect(await store.devices.ofBrowser(POOL, other.sub, "hash-a")).toBeNull();
      expect(await store.devices.ofBrowser("us-east-1_Other0001", user.sub, "hash-a")).toBeNull();
      expect(await store.devices.ofBrowser(POOL, user.sub, "hash-b")).toBeNull();
      expect((await store.devices.listRemembered(POOL, user.sub)).items.map((d) => d.deviceKey)).toEqual([
        KEY_A,
      ]);
      // An API device is not bound to a browser, and ConfirmDevice cannot give a browser's one a verifier.
      await store.devices.create({ deviceKey: KEY_B, poolId: POOL, sub: user.sub, groupKey: "-g" }, NOW);
      expect((await store.devices.get(POOL, user.sub, KEY_B))?.browserBound).toBe(false);
      const proof = { salt: "ab", verifier: "cd", name: null, rememberedStatus: "remembered" as const };
      expect(await store.devices.confirm(POOL, user.sub, KEY_A, proof, NOW)).toBe(false);
      // A hash binds one device.
      await expect(
        store.devices.rememberBrowser(
          {
            deviceKey: KEY_C,
            poolId: POOL,
            sub: other.sub,
            groupKey: "-g",
            name: null,
            browserKeyHash: "hash-a",
          },
          NOW,
        ),
      ).rejects.toThrow();
      expect(await store.devices.forget(POOL, user.sub, KEY_A)).toBe(true);
      expect(await store.devices.ofBrowser(POOL, user.sub, "hash-a")).toBeNull();
    });

    it("keeps a user's last BROWSER_DEVICES_KEPT browsers: one more drops the one used longest ago", async () => {
      const { store } = ctx();
      await seedPool(store);
      const user = await seedUser(store, "dee");
      const other = await seedUser(store, "eve");
      const key = (i: number) => `us-east-1_${String(i).padStart(8, "0")}-0000-4000-8000-000000000000`;
      const remember = (i: number, sub: string, at: number) =>
        store.devices.rememberBrowser(
          { deviceKey: key(i), poolId: POOL, sub, groupKey: "-g", name: null, browserKeyHash: `hash-${i}` },
          at,
        );
      await store.devices.create({ deviceKey: KEY_A, poolId: POOL, sub: user.sub, groupKey: "-g" }, NOW);
      await remember(900, other.sub, NOW);
      for (let i = 0; i < BROWSER_DEVICES_KEPT + 2; i++) await remember(i, user.sub, NOW + i * 1000);
      const browsers = (
        await store.driver.all(
          "SELECT device_key FROM devices WHERE sub = ? AND browser_key_hash IS NOT NULL ORDER BY device_key",
          [user.sub],
        )
      ).map((row) => String(row.device_key));
      expect(browsers).toHaveLength(BROWSER_DEVICES_KEPT);
      expect(browsers).not.toContain(key(0));
      expect(browsers).not.toContain(key(1));
      expect(browsers).toContain(key(BROWSER_DEVICES_KEPT + 1));
      // The API's devices and another user's browsers are not counted.
      expect(await store.devices.get(POOL, user.sub, KEY_A)).not.toBeNull();
      expect(await store.devices.ofBrowser(POOL, other.sub, "hash-900")).not.toBeNull();
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
