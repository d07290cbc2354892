import { describe, expect, it } from "vitest";
import type { ClientRecord } from "../storage/index.js";
import { clientSecretMatches, isConfidential } from "./app-client.js";
import { secretHash, secretHashMatches } from "./secret-hash.js";

const OLD = "old-secret-0123456789abcdefghijklmnop";
const NEW = "new-secret-0123456789abcdefghijklmnop";
const client = (originalSecret: string | null, secrets: string[]) =>
  ({
    id: "client1",
    poolId: "us-east-1_X",
    name: "app",
    secret: secrets[0] ?? null,
    originalSecret,
    secrets,
    config: {},
  }) as unknown as ClientRecord;

describe("the secrets of a rotation", () => {
  it("accept either of two secrets, and nothing for a public client", () => {
    const rotating = client(OLD, [OLD, NEW]);
    expect(isConfidential(rotating)).toBe(true);
    expect(clientSecretMatches(rotating, OLD)).toBe(true);
    expect(clientSecretMatches(rotating, NEW)).toBe(true);
    expect(clientSecretMatches(rotating, `${NEW}x`)).toBe(false);
    expect(clientSecretMatches(rotating, "")).toBe(false);
    // The original deleted: the legacy field is gone, the added secret still makes it confidential.
    const rotated = client(null, [NEW]);
    expect(isConfidential(rotated)).toBe(true);
    expect(clientSecretMatches(rotated, OLD)).toBe(false);
    expect(clientSecretMatches(rotated, NEW)).toBe(true);
    const open = client(null, []);
    expect(isConfidential(open)).toBe(false);
    expect(clientSecretMatches(open, "")).toBe(false);
  });

  it("take a SECRET_HASH under either secret, over any of the usernames", async () => {
    const underNew = await secretHash("alice", "client1", NEW);
    expect(await secretHashMatches(underNew, ["Alice", "alice"], "client1", [OLD, NEW])).toBe(true);
    expect(await secretHashMatches(underNew, ["alice"], "client1", [OLD])).toBe(false);
    expect(await secretHashMatches(underNew, ["alice"], "client2", [OLD, NEW])).toBe(false);
    expect(await secretHashMatches(underNew, ["alice"], "client1", [])).toBe(false);
    expect(await secretHashMatches(underNew, ["alice"], "client1", NEW)).toBe(true);
  });
});
