import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { newClientId, newClientSecret, newUserPoolId, regionOfPool, USER_POOL_ID } from "./ids.js";
import { secretHash, secretHashMatches } from "./secret-hash.js";

describe("identifiers", () => {
  it("are shaped as Cognito's, and distinct", () => {
    const pool = newUserPoolId("eu-west-1");
    expect(pool).toMatch(/^eu-west-1_[A-Za-z0-9]{9}$/);
    expect(USER_POOL_ID.test(pool)).toBe(true);
    expect(regionOfPool(pool)).toBe("eu-west-1");
    expect(newClientId()).toMatch(/^[a-z0-9]{26}$/);
    expect(newClientSecret()).toMatch(/^[a-z0-9]{51}$/);
    expect(new Set(Array.from({ length: 500 }, newClientId)).size).toBe(500);
  });
});

describe("SECRET_HASH", () => {
  it("is base64 HMAC-SHA256(secret, username + clientId), as the AWS docs compute it", async () => {
    const expected = createHmac("sha256", "secret123")
      .update("alice" + "client1")
      .digest("base64");
    expect(await secretHash("alice", "client1", "secret123")).toBe(expected);
  });

  it("matches any of the candidate usernames, and nothing else", async () => {
    const hash = await secretHash("8f1e-uuid", "client1", "secret123");
    expect(await secretHashMatches(hash, ["alice@example.com", "8f1e-uuid"], "client1", "secret123")).toBe(
      true,
    );
    expect(await secretHashMatches(hash, ["alice@example.com"], "client1", "secret123")).toBe(false);
    expect(await secretHashMatches(hash, ["8f1e-uuid"], "client1", "other")).toBe(false);
    expect(await secretHashMatches("", ["8f1e-uuid"], "client1", "secret123")).toBe(false);
    expect(await secretHashMatches(hash.slice(0, -1), ["8f1e-uuid"], "client1", "secret123")).toBe(false);
  });
});
