import { describe, expect, it } from "vitest";
import { NOW, POOL, type Context } from "./fixtures.js";

export function federationStatesContract(ctx: Context): void {
  describe("federation states", () => {
    it("spends a state once", async () => {
      const { store } = ctx();
      expect(await store.federationStates.spend("s-1", POOL, NOW + 300_000, NOW)).toBe(true);
      expect(await store.federationStates.spend("s-1", POOL, NOW + 300_000, NOW + 1)).toBe(false);
      expect(await store.federationStates.spend("s-2", POOL, NOW + 300_000, NOW + 1)).toBe(true);
    });

    it("gives concurrent spends of one state exactly one winner", async () => {
      const { store } = ctx();
      const results = await Promise.all(
        Array.from({ length: 5 }, () => store.federationStates.spend("s-race", POOL, NOW + 300_000, NOW)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it("forgets spent states once they have expired (they could not pass the age check)", async () => {
      const { store, driver } = ctx();
      await store.federationStates.spend("s-old", POOL, NOW + 10, NOW);
      await store.federationStates.spend("s-new", POOL, NOW + 300_000, NOW + 20);
      const rows = await driver.all<{ state_hash: string }>("SELECT state_hash FROM federation_states");
      expect(rows.map((r) => r.state_hash)).toEqual(["s-new"]);
    });
  });
}
