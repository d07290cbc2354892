import { describe, expect, it } from "vitest";
import type { PoolRecord } from "../../storage/index.js";
import { openSqliteDatabase, sqliteDriver } from "../../storage/sqlite.node.js";
import { userPoolContext } from "../context.js";
import { generateMasterKey } from "../../runtime/master-key.js";
import { refuseProviderPrefix } from "./provider-prefix.js";

const NOW = 1_750_000_000_000;

async function poolWithGoogle(config: Record<string, unknown>) {
  const ctx = userPoolContext({
    storage: sqliteDriver(openSqliteDatabase(":memory:")),
    masterKey: generateMasterKey(),
    region: "us-east-1",
    now: () => NOW,
  });
  const store = await ctx.store();
  const pool = (await store.pools.create({ id: "us-east-1_Prefix1", name: "p", config }, NOW)) as PoolRecord;
  await store.identityProviders.create(
    {
      poolId: pool.id,
      name: "Google",
      type: "Google",
      details: { client_id: "c", client_secret: "s", authorize_scopes: "openid" },
      attributeMapping: {},
      identifiers: [],
    },
    NOW,
    300,
  );
  const check = (username: string) =>
    refuseProviderPrefix(ctx, pool, username).then(
      () => "free",
      (e: Error) => e.name,
    );
  return check;
}

describe("refuseProviderPrefix", () => {
  it("refuses {ProviderName}_… as a case-insensitive pool compares names (case, NFKC)", async () => {
    const check = await poolWithGoogle({});
    for (const name of ["Google_1", "google_1", "GOOGLE_x", "\uff27oogle_1"])
      expect(await check(name), name).toBe("InvalidParameterException");
    for (const name of ["Google", "Googlex_1", "Google-1", "my_Google_1", "alice"])
      expect(await check(name), name).toBe("free");
  });

  it("in a case-sensitive pool, refuses only the spelling federated users get", async () => {
    const check = await poolWithGoogle({ UsernameConfiguration: { CaseSensitive: true } });
    expect(await check("Google_1")).toBe("InvalidParameterException");
    expect(await check("google_1")).toBe("free");
  });
});
