import { describe, expect, it } from "vitest";
import { migrate } from "../storage/index.js";
import { openSqliteDatabase, sqliteDriver } from "../storage/sqlite.node.js";
import { InternalErrorException, ResourceNotFoundException } from "../protocol/json/index.js";
import { requireClient, requirePool, userPoolContext } from "./context.js";
import { generateMasterKey } from "../runtime/master-key.js";

const storage = () => sqliteDriver(openSqliteDatabase(":memory:"));

describe("the user-pool context", () => {
  it("answers InternalErrorException naming COGNATE_MASTER_KEY, never its value, when it is absent or malformed", async () => {
    await expect(
      userPoolContext({ storage: storage(), region: "us-east-1" }).masterKey(),
    ).rejects.toMatchObject({
      type: "InternalErrorException",
      status: 500,
      message: "COGNATE_MASTER_KEY is not configured",
    });
    const bad = userPoolContext({
      storage: storage(),
      region: "us-east-1",
      masterKey: "short-secret",
    }).masterKey();
    await expect(bad).rejects.toBeInstanceOf(InternalErrorException);
    await expect(bad).rejects.not.toThrow(/short-secret/);
    await expect(
      userPoolContext({
        storage: storage(),
        region: "us-east-1",
        masterKey: generateMasterKey(),
      }).masterKey(),
    ).resolves.toBeDefined();
  });

  it("migrates on first use and names missing pools and clients as Cognito does", async () => {
    const ctx = userPoolContext({ storage: storage(), region: "eu-west-1" });
    await expect(requirePool(ctx, "eu-west-1_Nope")).rejects.toThrow(
      new ResourceNotFoundException("User pool eu-west-1_Nope does not exist."),
    );
    const store = await ctx.store();
    await store.pools.create({ id: "eu-west-1_Pool", name: "p", config: {} }, 1);
    await expect(requireClient(ctx, "eu-west-1_Pool", "c1")).rejects.toThrow(
      "User pool client c1 does not exist.",
    );
  });

  it("seals, on first use, the client secrets an older version stored in clear, before anything reads them", async () => {
    const driver = storage();
    await migrate(driver);
    await driver.run(
      "INSERT INTO user_pools (id, name, config, revision, created_at, updated_at) VALUES ('us-east-1_Old', 'old', '{}', 'r', 1, 1)",
    );
    await driver.run(
      "INSERT INTO user_pool_clients (id, pool_id, name, secret, config, revision, created_at, updated_at) VALUES ('oldclient', 'us-east-1_Old', 'c', 'cleartextsecret', '{}', 'r', 1, 1)",
    );
    const ctx = userPoolContext({ storage: driver, region: "us-east-1", masterKey: generateMasterKey() });
    const store = await ctx.store();
    const raw = await driver.first<{ secret: string }>(
      "SELECT secret FROM user_pool_clients WHERE id = 'oldclient'",
    );
    expect(raw?.secret).toMatch(/^v1\./);
    expect((await store.clients.get("us-east-1_Old", "oldclient"))?.secret).toBe("cleartextsecret");
  });
});
