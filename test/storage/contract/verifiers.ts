import { describe, expect, it } from "vitest";
import { isSealed } from "../../../src/runtime/sealed.js";
import { NOW, POOL, seedPool, seedUser, type Context } from "./fixtures.js";

const V1 = "7a".repeat(384);
const V2 = "3c".repeat(384);
const V3 = "5e".repeat(384);

export function verifiersContract(ctx: Context): void {
  describe("SRP verifiers at rest", () => {
    const stored = async (table: string, where: string, params: string[]) =>
      (
        await ctx().driver.all<{ srp_verifier: string | null }>(
          `SELECT srp_verifier FROM ${table} WHERE ${where}`,
          params,
        )
      ).map((row) => row.srp_verifier);

    it("seals users' verifiers as they are written, and hands them out opened", async () => {
      const { store } = ctx();
      await seedPool(store);
      const created = await store.users.create(
        {
          poolId: POOL,
          sub: "10000000-0000-4000-8000-000000000001",
          username: "vera",
          status: "CONFIRMED",
          attributes: {},
          srpSalt: "ab",
          srpVerifier: V1,
        },
        NOW,
      );
      expect(created.srpVerifier).toBe(V1);
      const [first] = await stored("users", "sub = ?", [created.sub]);
      expect(isSealed(first!)).toBe(true);
      expect(first).not.toContain(V1);
      expect((await store.users.get(POOL, "vera"))?.srpVerifier).toBe(V1);
      expect((await store.users.getBySub(POOL, created.sub))?.srpVerifier).toBe(V1);

      const changed = await store.users.update(
        POOL,
        "vera",
        { srpSalt: "cd", srpVerifier: V2 },
        { now: NOW + 1, ifRevision: created.revision },
      );
      expect(changed).toMatchObject({ srpSalt: "cd", srpVerifier: V2 });
      const [second] = await stored("users", "sub = ?", [created.sub]);
      expect(isSealed(second!)).toBe(true);
      expect(second).not.toContain(V2);
      expect((await store.users.list(POOL)).items.map((u) => u.srpVerifier)).toEqual([V2]);
      // Other changes leave the sealed verifier as it is.
      expect(
        (await store.users.update(POOL, "vera", { enabled: false }, { now: NOW + 2 }))?.srpVerifier,
      ).toBe(V2);
      expect(await store.users.update(POOL, "nobody", { srpVerifier: V3 }, { now: NOW + 3 })).toBeNull();
    });

    it("does not open a user's sealed verifier moved to another user", async () => {
      const { store, driver } = ctx();
      await seedPool(store);
      const alice = await store.users.create(
        {
          poolId: POOL,
          sub: "10000000-0000-4000-8000-000000000002",
          username: "alice",
          status: "CONFIRMED",
          attributes: {},
          srpSalt: "ab",
          srpVerifier: V1,
        },
        NOW,
      );
      const bob = await seedUser(store, "bob");
      await driver.run(
        "UPDATE users SET srp_salt = (SELECT srp_salt FROM users WHERE sub = ?), srp_verifier = (SELECT srp_verifier FROM users WHERE sub = ?) WHERE sub = ?",
        [alice.sub, alice.sub, bob.sub],
      );
      await expect(store.users.get(POOL, "bob")).rejects.toThrow();
      expect((await store.users.get(POOL, "alice"))?.srpVerifier).toBe(V1);
    });

    it("reads a clear verifier an older version stored, and seals it on that read or by the sweep", async () => {
      const { store, driver } = ctx();
      await seedPool(store);
      const old = await seedUser(store, "olga");
      const older = await seedUser(store, "oleg");
      await driver.run("UPDATE users SET srp_salt = 'ab', srp_verifier = ? WHERE sub = ?", [V1, old.sub]);
      await driver.run("UPDATE users SET srp_salt = 'cd', srp_verifier = ? WHERE sub = ?", [V2, older.sub]);

      expect((await store.users.get(POOL, "olga"))?.srpVerifier).toBe(V1);
      const [sealedOnRead] = await stored("users", "sub = ?", [old.sub]);
      expect(isSealed(sealedOnRead!)).toBe(true);

      expect(await store.users.sealClearVerifiers()).toBe(1);
      const [swept] = await stored("users", "sub = ?", [older.sub]);
      expect(isSealed(swept!)).toBe(true);
      expect((await store.users.get(POOL, "oleg"))?.srpVerifier).toBe(V2);
      expect(await store.users.sealClearVerifiers()).toBe(0);
    });

    it("seals devices' verifiers, bound to the device", async () => {
      const { store, driver } = ctx();
      await seedPool(store);
      const user = await seedUser(store, "dana");
      const [keyA, keyB] = [
        `${POOL}_aaaaaaaa-0000-4000-8000-000000000001`,
        `${POOL}_bbbbbbbb-0000-4000-8000-000000000002`,
      ];
      await store.devices.create({ deviceKey: keyA, poolId: POOL, sub: user.sub, groupKey: "g1" }, NOW);
      await store.devices.create({ deviceKey: keyB, poolId: POOL, sub: user.sub, groupKey: "g2" }, NOW);
      expect(
        await store.devices.confirm(
          POOL,
          user.sub,
          keyA,
          { salt: "ab", verifier: V1, name: null, rememberedStatus: "remembered" },
          NOW + 1,
        ),
      ).toBe(true);
      const [sealed] = await stored("devices", "device_key = ?", [keyA]);
      expect(isSealed(sealed!)).toBe(true);
      expect(sealed).not.toContain(V1);
      expect((await store.devices.get(POOL, user.sub, keyA))?.srpVerifier).toBe(V1);
      // Only the confirmed, remembered device is listed.
      expect((await store.devices.listRemembered(POOL, user.sub)).items.map((d) => d.srpVerifier)).toEqual([
        V1,
      ]);

      // Moved to the other device: it does not open.
      await driver.run(
        "UPDATE devices SET confirmed = 1, srp_salt = 'ab', srp_verifier = ? WHERE device_key = ?",
        [sealed!, keyB],
      );
      await expect(store.devices.get(POOL, user.sub, keyB)).rejects.toThrow();

      // In clear (an older version): read as it is, and sealed by the sweep.
      await driver.run("UPDATE devices SET srp_verifier = ? WHERE device_key = ?", [V2, keyB]);
      expect(await store.devices.sealClearVerifiers()).toBe(1);
      const [swept] = await stored("devices", "device_key = ?", [keyB]);
      expect(isSealed(swept!)).toBe(true);
      expect((await store.devices.get(POOL, user.sub, keyB))?.srpVerifier).toBe(V2);
    });

    it("seals earlier passwords' verifiers, bound to the user", async () => {
      const { store, driver } = ctx();
      await seedPool(store);
      const pat = await seedUser(store, "pat");
      const quin = await seedUser(store, "quin");
      await store.passwordHistory.add(POOL, pat.sub, { salt: "s1", verifier: V1 }, NOW);
      const rows = await stored("password_history", "sub = ?", [pat.sub]);
      expect(rows).toHaveLength(1);
      expect(isSealed(rows[0]!)).toBe(true);
      expect(rows[0]).not.toContain(V1);
      expect(await store.passwordHistory.recent(pat.sub, 5)).toEqual([
        { salt: "s1", verifier: V1, createdAt: NOW },
      ]);

      // Clear (an older version): read as it is, then sealed.
      await driver.run(
        "INSERT INTO password_history (sub, pool_id, srp_salt, srp_verifier, created_at) VALUES (?, ?, 's2', ?, ?)",
        [pat.sub, POOL, V2, NOW + 1],
      );
      await driver.run(
        "INSERT INTO password_history (sub, pool_id, srp_salt, srp_verifier, created_at) VALUES (?, ?, 's3', ?, ?)",
        [quin.sub, POOL, V3, NOW + 1],
      );
      expect((await store.passwordHistory.recent(pat.sub, 5)).map((e) => e.verifier)).toEqual([V2, V1]);
      expect((await stored("password_history", "sub = ?", [pat.sub])).every((v) => isSealed(v!))).toBe(true);
      expect(await store.passwordHistory.sealClearVerifiers()).toBe(1);
      expect(isSealed((await stored("password_history", "sub = ?", [quin.sub]))[0]!)).toBe(true);

      // Moved to another user: it does not open.
      await driver.run("UPDATE password_history SET srp_verifier = ? WHERE sub = ?", [rows[0]!, quin.sub]);
      await expect(store.passwordHistory.recent(quin.sub, 5)).rejects.toThrow();
    });
  });
}
