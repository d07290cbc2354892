import { describe, expect, it } from "vitest";
import { ALL_CLIENTS } from "../../../src/storage/index.js";
import { CLIENT, NOW, POOL, seedPool, type Context } from "./fixtures.js";

export function uiCustomizationsContract(ctx: Context): void {
  describe("UI customizations", () => {
    it("sets CSS and logo together per client or ALL, keeps the creation date, and deletes", async () => {
      const { store } = ctx();
      await seedPool(store);
      const ui = store.uiCustomizations;
      expect(await ui.get(POOL, ALL_CLIENTS)).toBeNull();
      const first = await ui.put(
        {
          poolId: POOL,
          clientId: ALL_CLIENTS,
          css: ".banner-customizable { color: red; }",
          image: { base64: "iVBORw0KGgo=", type: "image/png" },
          cssVersion: "20250101000000",
        },
        NOW,
      );
      expect(first).toEqual({
        poolId: POOL,
        clientId: "ALL",
        css: ".banner-customizable { color: red; }",
        image: { base64: "iVBORw0KGgo=", type: "image/png" },
        cssVersion: "20250101000000",
        createdAt: NOW,
        updatedAt: NOW,
      });
      // Set replaces both parts: the logo left out is gone.
      expect(
        await ui.put(
          { poolId: POOL, clientId: ALL_CLIENTS, css: null, image: null, cssVersion: "20250101000001" },
          NOW + 1000,
        ),
      ).toMatchObject({
        css: null,
        image: null,
        cssVersion: "20250101000001",
        createdAt: NOW,
        updatedAt: NOW + 1000,
      });
      await ui.put(
        { poolId: POOL, clientId: CLIENT, css: "x", image: null, cssVersion: "20250101000002" },
        NOW,
      );
      expect((await ui.get(POOL, CLIENT))?.css).toBe("x");
      expect(await ui.get("us-east-1_Other", CLIENT)).toBeNull();
      expect(await ui.delete(POOL, CLIENT)).toBe(true);
      expect(await ui.delete(POOL, CLIENT)).toBe(false);
      expect(await ui.get(POOL, CLIENT)).toBeNull();
      expect(await ui.get(POOL, ALL_CLIENTS)).not.toBeNull();
    });

    it("goes with its pool", async () => {
      const { driver, store } = ctx();
      await seedPool(store);
      await store.uiCustomizations.put(
        { poolId: POOL, clientId: ALL_CLIENTS, css: "x", image: null, cssVersion: "20250101000000" },
        NOW,
      );
      await store.pools.delete(POOL);
      expect(await driver.first("SELECT pool_id FROM ui_customizations")).toBeNull();
    });
  });
}
