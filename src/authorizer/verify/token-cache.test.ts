import { describe, expect, it } from "vitest";
import { buildPrincipal, type Principal } from "../principal.js";
import { VerifiedTokenCache } from "./token-cache.js";

const principal = (sub: string): Principal =>
  buildPrincipal({ sub, iss: "https://idp.example.com" }, { username: sub, groups: [], tokenUse: "access" });

describe("VerifiedTokenCache", () => {
  it("returns what was stored under a digest, the same object, before validUntil", () => {
    const cache = new VerifiedTokenCache(10);
    const alice = principal("alice");
    cache.set("d-alice", alice, 2_000);
    expect(cache.get("d-alice", 1_000)).toBe(alice);
    expect(cache.get("d-alice", 1_999)).toBe(alice);
    expect(cache.get("d-bob", 1_000)).toBeUndefined();
  });

  it("never returns an entry at validUntil, and deletes it then", () => {
    const cache = new VerifiedTokenCache(10);
    cache.set("d", principal("alice"), 2_000);
    expect(cache.size).toBe(1);
    expect(cache.get("d", 2_000)).toBeUndefined();
    expect(cache.size).toBe(0);
    // Gone for good: an earlier clock reading does not bring it back.
    expect(cache.get("d", 1_000)).toBeUndefined();
  });

  it("never returns an entry after validUntil, and deletes it then", () => {
    const cache = new VerifiedTokenCache(10);
    cache.set("d", principal("alice"), 2_000);
    cache.set("e", principal("bob"), 9_000);
    expect(cache.get("d", 5_000)).toBeUndefined();
    expect(cache.size).toBe(1);
    expect(cache.get("e", 5_000)?.sub).toBe("bob");
  });

  it("replaces an entry stored again under the same digest", () => {
    const cache = new VerifiedTokenCache(10);
    cache.set("d", principal("alice"), 2_000);
    cache.set("d", principal("alice2"), 5_000);
    expect(cache.size).toBe(1);
    expect(cache.get("d", 3_000)?.sub).toBe("alice2");
  });

  it("holds at most max entries, evicting the least recently set", () => {
    const cache = new VerifiedTokenCache(3);
    for (const sub of ["a", "b", "c", "d", "e"]) cache.set(sub, principal(sub), 10_000);
    expect(cache.size).toBe(3);
    expect(cache.get("a", 0)).toBeUndefined();
    expect(cache.get("b", 0)).toBeUndefined();
    expect(["c", "d", "e"].map((d) => cache.get(d, 0)?.sub)).toEqual(["c", "d", "e"]);
  });

  it("evicts the least recently used: a read keeps an entry alive", () => {
    const cache = new VerifiedTokenCache(2);
    cache.set("a", principal("a"), 10_000);
    cache.set("b", principal("b"), 10_000);
    expect(cache.get("a", 0)?.sub).toBe("a"); // a is now more recent than b
    cache.set("c", principal("c"), 10_000);
    expect(cache.size).toBe(2);
    expect(cache.get("b", 0)).toBeUndefined();
    expect(cache.get("a", 0)?.sub).toBe("a");
    expect(cache.get("c", 0)?.sub).toBe("c");
  });

  it("stays bounded under many distinct digests", () => {
    const cache = new VerifiedTokenCache(100);
    for (let i = 0; i < 5_000; i++) cache.set(`d${i}`, principal(`u${i}`), 10_000);
    expect(cache.size).toBe(100);
    expect(cache.get("d4999", 0)?.sub).toBe("u4999");
    expect(cache.get("d4899", 0)).toBeUndefined();
    expect(cache.get("d4900", 0)?.sub).toBe("u4900");
  });
});
