import { describe, expect, it } from "vitest";
import { NOW, POOL, seedPool, type Context } from "./fixtures.js";

const OTHER = "us-east-1_Contract2";
const GOOGLE = {
  poolId: POOL,
  name: "Google",
  type: "Google",
  details: { client_id: "cid", client_secret: "s3cret-google", authorize_scopes: "openid email" },
  attributeMapping: { username: "sub", email: "email" },
  identifiers: [],
};
const oidc = (name: string, identifiers: string[] = []) => ({
  poolId: POOL,
  name,
  type: "OIDC",
  details: {
    client_id: "c",
    client_secret: `secret-${name}`,
    authorize_scopes: "openid",
    oidc_issuer: "https://idp.example.com",
  },
  attributeMapping: { username: "sub" },
  identifiers,
});

export function identityProvidersContract(ctx: Context): void {
  describe("identity providers", () => {
    it("creates, reads, replaces, lists and deletes providers; secrets sealed at rest", async () => {
      const { store, driver } = ctx();
      await seedPool(store);
      const google = await store.identityProviders.create(GOOGLE, NOW, 300);
      expect(google).toEqual({ ...GOOGLE, createdAt: NOW, updatedAt: NOW });
      expect(await store.identityProviders.create(GOOGLE, NOW, 300)).toBe("exists");
      expect(await store.identityProviders.get(POOL, "Google")).toEqual(google);

      // The secret is not in the row as given.
      const row = await driver.first<{ details: string }>(
        "SELECT details FROM identity_providers WHERE pool_id = ? AND provider_name = ?",
        [POOL, "Google"],
      );
      expect(row?.details).not.toContain("s3cret-google");
      expect(JSON.parse(row!.details).client_id).toBe("cid");

      const corp = await store.identityProviders.create(
        oidc("Corp", ["example.com", "corp.example"]),
        NOW,
        300,
      );
      expect(corp).toMatchObject({ identifiers: ["corp.example", "example.com"] });
      expect(await store.identityProviders.get(POOL, "Corp")).not.toHaveProperty("acrMapping");
      // An identifier another provider holds refuses the whole create.
      expect(
        await store.identityProviders.create(oidc("Other", ["fresh.example", "example.com"]), NOW, 300),
      ).toEqual({
        identifierTaken: "example.com",
      });
      expect(await store.identityProviders.get(POOL, "Other")).toBeNull();
      expect(await store.identityProviders.byIdentifier(POOL, "fresh.example")).toBeNull();
      expect((await store.identityProviders.byIdentifier(POOL, "example.com"))?.name).toBe("Corp");

      // Update replaces details, mapping and identifiers whole.
      const updated = await store.identityProviders.update(
        POOL,
        "Corp",
        {
          details: { client_id: "c2", client_secret: "new" },
          attributeMapping: { username: "sub", email: "mail" },
          acrMapping: { Level1: "urn:low" },
          identifiers: ["new.example"],
        },
        NOW + 5,
      );
      expect(updated).toMatchObject({
        details: { client_id: "c2", client_secret: "new" },
        attributeMapping: { username: "sub", email: "mail" },
        acrMapping: { Level1: "urn:low" },
        identifiers: ["new.example"],
        createdAt: NOW,
        updatedAt: NOW + 5,
      });
      expect(await store.identityProviders.byIdentifier(POOL, "example.com")).toBeNull();
      // Without identifiers, they stay.
      expect(
        await store.identityProviders.update(
          POOL,
          "Corp",
          { details: { client_id: "c3" }, attributeMapping: {} },
          NOW + 6,
        ),
      ).toMatchObject({ identifiers: ["new.example"], details: { client_id: "c3" } });
      // A taken identifier refuses the whole update.
      await store.identityProviders.create(oidc("Third", ["third.example"]), NOW, 300);
      expect(
        await store.identityProviders.update(
          POOL,
          "Corp",
          { details: { client_id: "x" }, attributeMapping: {}, identifiers: ["third.example"] },
          NOW + 7,
        ),
      ).toEqual({ identifierTaken: "third.example" });
      expect((await store.identityProviders.get(POOL, "Corp"))?.details).toEqual({ client_id: "c3" });
      expect(
        await store.identityProviders.update(POOL, "Nope", { details: {}, attributeMapping: {} }, NOW),
      ).toBeNull();

      const first = await store.identityProviders.list(POOL, { limit: 2 });
      expect(first.items.map((p) => p.name)).toEqual(["Corp", "Google"]);
      const second = await store.identityProviders.list(POOL, { limit: 2, nextToken: first.nextToken });
      expect(second.items.map((p) => p.name)).toEqual(["Third"]);
      expect(second.nextToken).toBeUndefined();
      expect(await store.identityProviders.names(POOL)).toEqual(new Set(["Corp", "Google", "Third"]));

      expect(await store.identityProviders.delete(POOL, "Third")).toBe(true);
      expect(await store.identityProviders.delete(POOL, "Third")).toBe(false);
      // Its identifier is free again.
      expect(await store.identityProviders.create(oidc("Fourth", ["third.example"]), NOW, 300)).toMatchObject(
        { name: "Fourth" },
      );

      // The same name in another pool is another provider; deleting a pool takes its providers.
      await seedPool(store, OTHER, "contractclient0000000000002");
      expect(await store.identityProviders.create({ ...GOOGLE, poolId: OTHER }, NOW, 300)).toMatchObject({
        poolId: OTHER,
      });
      await store.pools.delete(POOL);
      expect((await store.identityProviders.list(POOL)).items).toEqual([]);
      expect(await store.identityProviders.byIdentifier(POOL, "new.example")).toBeNull();
      expect(await store.identityProviders.get(OTHER, "Google")).not.toBeNull();
      expect(await store.identityProviders.create(GOOGLE, NOW, 300)).toBe("no-pool");
    });

    it("holds the per-pool limit, also against a burst of concurrent creates", async () => {
      const { store } = ctx();
      await seedPool(store);
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          store.identityProviders.create(oidc(`idp-${i}`, [`d${i}.example`]), NOW, 5),
        ),
      );
      expect(results.filter((r) => typeof r === "object" && "name" in r)).toHaveLength(5);
      expect(results.filter((r) => r === "limit")).toHaveLength(3);
      expect((await store.identityProviders.list(POOL)).items).toHaveLength(5);
      // A taken name is "exists" even at the limit (which burst winner took it varies: ask for a
      // kept one); no identifier of a refused one was kept.
      const kept = (await store.identityProviders.list(POOL)).items.map((p) => p.name);
      expect(await store.identityProviders.create(oidc(kept[0]!), NOW, 5)).toBe("exists");
      for (let i = 0; i < 8; i++) {
        const owner = await store.identityProviders.byIdentifier(POOL, `d${i}.example`);
        expect(owner === null ? null : owner.name).toBe(kept.includes(`idp-${i}`) ? `idp-${i}` : null);
      }
    });
  });
}
