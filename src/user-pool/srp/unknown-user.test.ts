import { describe, expect, it } from "vitest";
import { N } from "./constants.js";
import { utf8 } from "./encoding.js";
import { startServerSession } from "./session.js";
import { simulatedSrpUser, simulatedVerifier } from "./unknown-user.js";

const secret = utf8("a per-deployment secret of at least 32 bytes!");

describe("simulatedSrpUser", () => {
  it("is stable per (pool, username) in what shows (salt, id); the verifier, hidden under SRP_B, is fresh", async () => {
    const first = await simulatedSrpUser(secret, "us-east-1_AbCdEfGhI", "nobody");
    const second = await simulatedSrpUser(secret, "us-east-1_AbCdEfGhI", "nobody");
    expect({ salt: second.salt, id: second.userIdForSrp }).toEqual({
      salt: first.salt,
      id: first.userIdForSrp,
    });
    expect(second.verifier).not.toBe(first.verifier);
  });

  it("looks like a real user: 16-byte hex salt, UUID v4 user id, verifier in (0, N)", async () => {
    const fake = await simulatedSrpUser(secret, "us-east-1_AbCdEfGhI", "nobody");
    expect(fake.salt).toMatch(/^[0-9a-f]{32}$/);
    expect(fake.userIdForSrp).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(fake.verifier > 1n && fake.verifier < N).toBe(true);
    expect(fake.verifier.toString(16).length).toBeGreaterThan(760);
    expect(startServerSession(fake.verifier).B).toBeGreaterThan(0n);
  });

  it("differs across usernames, pools and secrets, and keeps (pool, username) pairs apart", async () => {
    const base = await simulatedSrpUser(secret, "us-east-1_AbC", "nobody");
    const others = [
      await simulatedSrpUser(secret, "us-east-1_AbC", "nobody2"),
      await simulatedSrpUser(secret, "us-east-1_AbD", "nobody"),
      await simulatedSrpUser(utf8("another secret of at least 32 bytes, too"), "us-east-1_AbC", "nobody"),
      await simulatedSrpUser(secret, "us-east-1_Ab", "Cnobody"),
    ];
    for (const other of others) {
      expect(other.salt).not.toBe(base.salt);
      expect(other.userIdForSrp).not.toBe(base.userIdForSrp);
      expect(other.verifier).not.toBe(base.verifier);
    }
  });
});

describe("simulatedVerifier", () => {
  it("is the salt of the simulated user whose id it is given, stable per (pool, id)", async () => {
    const fake = await simulatedSrpUser(secret, "us-east-1_AbC", "nobody@example.com");
    expect((await simulatedVerifier(secret, "us-east-1_AbC", fake.userIdForSrp)).salt).toBe(fake.salt);
    expect((await simulatedVerifier(secret, "us-east-1_AbC", "nobody")).salt).toBe(
      (await simulatedVerifier(secret, "us-east-1_AbC", "nobody")).salt,
    );
    expect((await simulatedVerifier(secret, "us-east-1_AbC", "nobody")).salt).not.toBe(
      (await simulatedVerifier(secret, "us-east-1_AbC", "Nobody")).salt,
    );
  });
});
