import { describe, expect, it } from "vitest";
import type { PoolRecord } from "../../storage/index.js";
import { shownNames } from "./shown-name-hash.js";

const pool = (caseSensitive: boolean) =>
  ({
    id: "us-east-1_Shown1",
    config: caseSensitive ? { UsernameConfiguration: { CaseSensitive: true } } : {},
  }) as unknown as PoolRecord;

describe("shownNames", () => {
  it("takes the name shown and the name typed, with or without a USERNAME", () => {
    expect(shownNames(pool(false), "alice", "ALICE", undefined)).toEqual(["alice", "ALICE"]);
    expect(shownNames(pool(false), "alice", undefined, undefined)).toEqual(["alice"]);
  });

  it("adds a USERNAME that is the name shown or typed in another spelling (the pool's key)", () => {
    expect(shownNames(pool(false), "alice", "alice", "Alice")).toEqual(["alice", "alice", "Alice"]);
    expect(shownNames(pool(false), "alice", "alice", "ＡＬＩＣＥ")).toEqual(["alice", "alice", "ＡＬＩＣＥ"]);
    expect(shownNames(pool(false), "3f0c", "ann@example.com", "Ann@Example.com")).toContain(
      "Ann@Example.com",
    );
  });

  it("never adds another name, whoever holds it, nor another case in a case-sensitive pool", () => {
    expect(shownNames(pool(false), "alice", "alice", "zed")).toEqual(["alice", "alice"]);
    expect(shownNames(pool(true), "Alice", "Alice", "ALICE")).toEqual(["Alice", "Alice"]);
  });
});
