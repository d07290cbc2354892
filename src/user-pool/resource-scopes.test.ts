import { describe, expect, it } from "vitest";
import { openSqliteDatabase, sqliteDriver } from "../storage/sqlite.node.js";
import { userPoolContext } from "./context.js";
import { existingScopes } from "./resource-scopes.js";

const NOW = 1_750_000_000_000;

describe("existingScopes", () => {
  it("names every scope of the pool's resource servers, and only those that still exist", async () => {
    const ctx = userPoolContext({
      storage: sqliteDriver(openSqliteDatabase(":memory:")),
      region: "us-east-1",
    });
    const store = await ctx.store();
    for (const id of ["us-east-1_Scopes1", "us-east-1_Scopes2"])
      await store.pools.create({ id, name: id, config: {} }, NOW);
    expect(await existingScopes(ctx, "us-east-1_Scopes1")).toEqual(new Set());
    const scope = (name: string) => ({ name, description: name });
    await store.resourceServers.create(
      {
        poolId: "us-east-1_Scopes1",
        identifier: "https://api.example.com",
        name: "API",
        scopes: [scope("read"), scope("write")],
      },
      NOW,
      25,
    );
    await store.resourceServers.create(
      { poolId: "us-east-1_Scopes1", identifier: "billing", name: "Billing", scopes: [scope("pay")] },
      NOW,
      25,
    );
    await store.resourceServers.create(
      { poolId: "us-east-1_Scopes2", identifier: "other", name: "Other", scopes: [scope("x")] },
      NOW,
      25,
    );
    expect(await existingScopes(ctx, "us-east-1_Scopes1")).toEqual(
      new Set(["https://api.example.com/read", "https://api.example.com/write", "billing/pay"]),
    );
    await store.resourceServers.update(
      "us-east-1_Scopes1",
      "https://api.example.com",
      { name: "API", scopes: [scope("read")] },
      NOW,
    );
    await store.resourceServers.delete("us-east-1_Scopes1", "billing");
    expect(await existingScopes(ctx, "us-east-1_Scopes1")).toEqual(new Set(["https://api.example.com/read"]));
  });
});
