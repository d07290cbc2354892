import { describe, expect, it } from "vitest";
import { ResourceNotFoundException } from "../protocol/json/index.js";
import { openSqliteDatabase, sqliteDriver } from "../storage/sqlite.node.js";
import { migrate, repositories } from "../storage/index.js";
import { inPool } from "./context.js";

describe("inPool", () => {
  it("answers a pool deleted under a write ResourceNotFoundException, in Cognito's words", async () => {
    const driver = sqliteDriver(openSqliteDatabase(":memory:"));
    await migrate(driver);
    const store = repositories(driver);
    const gone = "us-east-1:00000000-0000-4000-8000-000000000000";
    const error = await inPool(gone, () =>
      store.identities.create(gone, "us-east-1:00000000-0000-4000-8000-000000000001", 1),
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect((error as Error).message).toBe(`IdentityPool '${gone}' not found.`);
    expect(await store.identities.get("us-east-1:00000000-0000-4000-8000-000000000001")).toBeNull();
  });

  it("lets any other failure through as it is", async () => {
    const failure = new Error("disk full");
    await expect(inPool("us-east-1:x", () => Promise.reject(failure))).rejects.toBe(failure);
  });
});
