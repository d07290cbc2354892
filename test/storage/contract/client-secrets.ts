import { describe, expect, it } from "vitest";
import { clientSecretId } from "../../../src/storage/index.js";
import { NOW, outcomes, POOL, type Context } from "./fixtures.js";

const ORIGINAL = "original-secret-0123456789abcdefghijklmnopq";
const SECOND = "second-secret-0123456789abcdef";
const THIRD = "third-secret-0123456789abcdefg";

async function confidentialClient(ctx: Context, id = "secretive") {
  const { pools, clients } = ctx().store;
  if ((await pools.get(POOL)) === null) await pools.create({ id: POOL, name: "app", config: {} }, NOW);
  return (await clients.create({ id, poolId: POOL, name: "server", secret: ORIGINAL, config: {} }, NOW))!;
}

export function clientSecretsContract(ctx: Context): void {
  describe("client secrets", () => {
    it("adds a second secret, sealed and bound to its row, that the client then accepts too", async () => {
      const { driver, store } = ctx();
      await confidentialClient(ctx);
      const added = await store.clientSecrets.add(POOL, "secretive", SECOND, NOW + 5);
      expect(added).toEqual({ id: "secretive--1750000000005", createdAt: NOW + 5, original: false });
      const client = await store.clients.get(POOL, "secretive");
      expect(client).toMatchObject({
        secret: ORIGINAL,
        originalSecret: ORIGINAL,
        secrets: [ORIGINAL, SECOND],
      });
      expect((await store.clients.find("secretive"))?.secrets).toEqual([ORIGINAL, SECOND]);
      expect((await store.clients.list(POOL)).items[0]?.secrets).toEqual([ORIGINAL, SECOND]);
      const raw = await driver.first<{ secret: string }>("SELECT secret FROM client_secrets");
      expect(String(raw!.secret)).toMatch(/^v1\./);
      expect(String(raw!.secret)).not.toContain(SECOND);
      expect(await store.clientSecrets.list(POOL, "secretive")).toEqual([
        { id: clientSecretId("secretive", NOW), createdAt: NOW, original: true },
        { id: "secretive--1750000000005", createdAt: NOW + 5, original: false },
      ]);
      // A sealed value moved to another row does not open.
      await driver.run("UPDATE client_secrets SET id = ?", ["secretive--1750000000006"]);
      await expect(store.clients.get(POOL, "secretive")).rejects.toThrow();
    });

    it("holds two secrets at most, and an id taken in the same millisecond moves on", async () => {
      const { store } = ctx();
      await confidentialClient(ctx);
      // The same millisecond as the client's creation: the original's id is taken.
      const added = await store.clientSecrets.add(POOL, "secretive", SECOND, NOW);
      expect(added).toMatchObject({ id: "secretive--1750000000001" });
      expect(await store.clientSecrets.add(POOL, "secretive", THIRD, NOW)).toBe("limit");
      expect(await store.clientSecrets.add(POOL, "nothere", THIRD, NOW)).toBeNull();
      expect(await store.clientSecrets.add("us-east-1_Other", "secretive", THIRD, NOW)).toBeNull();
      await store.clients.create({ id: "public", poolId: POOL, name: "spa", secret: null, config: {} }, NOW);
      expect(await store.clientSecrets.add(POOL, "public", THIRD, NOW)).toBe("public");
      expect(await store.clients.get(POOL, "public")).toMatchObject({
        secret: null,
        originalSecret: null,
        secrets: [],
      });
    });

    it("lets only one of two concurrent adds past the limit", async () => {
      const { store } = ctx();
      await confidentialClient(ctx);
      const { won } = await outcomes([
        store.clientSecrets.add(POOL, "secretive", SECOND, NOW + 10),
        store.clientSecrets.add(POOL, "secretive", THIRD, NOW + 20),
      ]);
      expect(won.filter((w) => typeof w === "object" && w !== null)).toHaveLength(1);
      expect(won.filter((w) => w === "limit")).toHaveLength(1);
      expect((await store.clients.get(POOL, "secretive"))?.secrets).toHaveLength(2);
    });

    it("deletes either secret but never the last, and the original is gone for good", async () => {
      const { store } = ctx();
      await confidentialClient(ctx);
      const original = clientSecretId("secretive", NOW);
      expect(await store.clientSecrets.delete(POOL, "secretive", original, NOW)).toBe("last");
      expect(await store.clientSecrets.delete(POOL, "secretive", "secretive--1", NOW)).toBe("not-found");
      expect(await store.clientSecrets.delete(POOL, "nothere", original, NOW)).toBeNull();
      const second = await store.clientSecrets.add(POOL, "secretive", SECOND, NOW + 1);
      if (typeof second !== "object" || second === null) throw new Error("not added");
      expect(await store.clientSecrets.delete(POOL, "secretive", original, NOW + 2)).toBe("deleted");
      // Still confidential: `secret` is the one left; the original is gone for good.
      expect(await store.clients.get(POOL, "secretive")).toMatchObject({
        secret: SECOND,
        originalSecret: null,
        secrets: [SECOND],
        updatedAt: NOW + 2,
      });
      expect(await store.clientSecrets.list(POOL, "secretive")).toEqual([second]);
      expect(await store.clientSecrets.delete(POOL, "secretive", original, NOW)).toBe("not-found");
      expect(await store.clientSecrets.delete(POOL, "secretive", second.id, NOW)).toBe("last");
      // A new one, then the second goes: the client keeps the newest.
      const third = await store.clientSecrets.add(POOL, "secretive", THIRD, NOW + 3);
      expect(third).toMatchObject({ original: false });
      expect(await store.clientSecrets.delete(POOL, "secretive", second.id, NOW)).toBe("deleted");
      expect((await store.clients.get(POOL, "secretive"))?.secrets).toEqual([THIRD]);
    });

    it("never deletes both of two secrets when two deletes race", async () => {
      const { store } = ctx();
      await confidentialClient(ctx);
      const second = await store.clientSecrets.add(POOL, "secretive", SECOND, NOW + 1);
      if (typeof second !== "object" || second === null) throw new Error("not added");
      const { won } = await outcomes([
        store.clientSecrets.delete(POOL, "secretive", clientSecretId("secretive", NOW), NOW + 2),
        store.clientSecrets.delete(POOL, "secretive", second.id, NOW + 2),
      ]);
      expect([...won].sort()).toEqual(["deleted", "last"]);
      expect((await store.clients.get(POOL, "secretive"))?.secrets).toHaveLength(1);
    });

    it("goes with its client", async () => {
      const { driver, store } = ctx();
      await confidentialClient(ctx);
      await store.clientSecrets.add(POOL, "secretive", SECOND, NOW + 1);
      await store.clients.delete(POOL, "secretive");
      expect(await driver.first("SELECT id FROM client_secrets")).toBeNull();
    });
  });
}
