import { describe, expect, it } from "vitest";
import { CLIENT, NOW, outcomes, POOL, seedPool, type Context } from "./fixtures.js";

const ID = "0d3b9c1e-5b8a-4d2c-9f1e-2a3b4c5d6e7f";
const OTHER = "1e4cad2f-6c9b-4e3d-8a2f-3b4c5d6e7f80";
const LOGO = { Category: "FORM_LOGO", ColorMode: "LIGHT", Extension: "PNG", Bytes: "iVBORw0KGgo=" };

export function brandingsContract(ctx: Context): void {
  describe("managed login brandings", () => {
    it("creates one style per client, reads it by id and by client, updates and deletes it", async () => {
      const { store } = ctx();
      await seedPool(store);
      const created = await store.brandings.create(
        {
          id: ID,
          poolId: POOL,
          clientId: CLIENT,
          useCognitoProvidedValues: false,
          settings: { components: { pageBackground: { lightMode: { color: "ffffffff" } } } },
          assets: [LOGO],
        },
        NOW,
      );
      expect(created).toEqual({
        id: ID,
        poolId: POOL,
        clientId: CLIENT,
        useCognitoProvidedValues: false,
        settings: { components: { pageBackground: { lightMode: { color: "ffffffff" } } } },
        assets: [LOGO],
        createdAt: NOW,
        updatedAt: NOW,
      });
      expect(
        await store.brandings.create(
          {
            id: OTHER,
            poolId: POOL,
            clientId: CLIENT,
            useCognitoProvidedValues: true,
            settings: null,
            assets: [],
          },
          NOW,
        ),
      ).toBe("exists");
      expect(await store.brandings.get(POOL, ID)).toEqual(created);
      expect(await store.brandings.get("us-east-1_Other", ID)).toBeNull();
      expect(await store.brandings.ofClient(POOL, CLIENT)).toEqual(created);
      if (created === "exists") throw new Error("not created");
      const updated = await store.brandings.update(
        created,
        { useCognitoProvidedValues: true, settings: null, assets: [] },
        NOW,
      );
      // The last change moves on even within one millisecond.
      expect(updated).toMatchObject({
        useCognitoProvidedValues: true,
        settings: null,
        assets: [],
        updatedAt: NOW + 1,
      });
      // What was read is stale now: the compare-and-set refuses it.
      expect(
        await store.brandings.update(
          created,
          { useCognitoProvidedValues: false, settings: {}, assets: [] },
          NOW + 5,
        ),
      ).toBeNull();
      expect(await store.brandings.delete("us-east-1_Other", ID)).toBe(false);
      expect(await store.brandings.delete(POOL, ID)).toBe(true);
      expect(await store.brandings.get(POOL, ID)).toBeNull();
      expect(await store.brandings.delete(POOL, ID)).toBe(false);
    });

    it("makes one style of two concurrent creates, and lets one of two updates of one read land", async () => {
      const { store } = ctx();
      await seedPool(store);
      const make = (id: string) =>
        store.brandings.create(
          { id, poolId: POOL, clientId: CLIENT, useCognitoProvidedValues: true, settings: null, assets: [] },
          NOW,
        );
      const created = await outcomes([make(ID), make(OTHER)]);
      expect(created.won.filter((w) => w === "exists")).toHaveLength(1);
      const style = (await store.brandings.ofClient(POOL, CLIENT))!;
      const updates = await outcomes([
        store.brandings.update(
          style,
          { useCognitoProvidedValues: false, settings: { a: 1 }, assets: [] },
          NOW + 1,
        ),
        store.brandings.update(
          style,
          { useCognitoProvidedValues: false, settings: null, assets: [LOGO] },
          NOW + 1,
        ),
      ]);
      expect(updates.won.filter((w) => w === null)).toHaveLength(1);
    });

    it("goes with its client", async () => {
      const { driver, store } = ctx();
      await seedPool(store);
      await store.brandings.create(
        {
          id: ID,
          poolId: POOL,
          clientId: CLIENT,
          useCognitoProvidedValues: true,
          settings: null,
          assets: [],
        },
        NOW,
      );
      await store.clients.delete(POOL, CLIENT);
      expect(await driver.first("SELECT id FROM managed_login_brandings")).toBeNull();
    });
  });
}
