import { describe, expect, it } from "vitest";
import type { PoolRecord } from "../storage/index.js";
import { computeVerifier } from "./srp/index.js";
import { foldsCase, nameKey, olderForm, passwordMatches, srpName, userVerifier } from "./srp-name.js";

const pool = (config: Record<string, unknown> = {}) =>
  ({ id: "us-east-1_AbCdEfGhI", config }) as unknown as PoolRecord;
const folding = pool();
const sensitive = pool({ UsernameConfiguration: { CaseSensitive: true } });

describe("srp-name", () => {
  it("keys names as the pool compares them", () => {
    expect([foldsCase(folding), foldsCase(sensitive)]).toEqual([true, false]);
    expect([nameKey(folding, "Dora"), nameKey(sensitive, "Dora")]).toEqual(["dora", "Dora"]);
  });

  it("makes marked salts (a zero byte then 16 random bytes) whose verifier is over the pool's key", async () => {
    const made = await userVerifier(folding, "Dora", "Pass-word-1");
    expect(made.salt).toMatch(/^00[0-9a-f]{32}$/);
    expect(srpName(folding, "Dora", made.salt)).toBe("dora");
    expect(srpName(sensitive, "Dora", made.salt)).toBe("Dora");
    expect(made.verifier).toBe(
      (await computeVerifier("AbCdEfGhI", "dora", "Pass-word-1", made.salt)).verifier,
    );
    expect(await passwordMatches(folding, "Dora", made, "Pass-word-1")).toBe(true);
    expect(await passwordMatches(folding, "Dora", made, "Pass-word-2")).toBe(false);
    expect(olderForm(folding, "Dora", made.salt)).toBe(false);
  });

  it("reads an older salt (16 bytes) as a verifier over the stored spelling", async () => {
    const older = await computeVerifier("AbCdEfGhI", "Dora", "Pass-word-1");
    expect(older.salt).toMatch(/^[0-9a-f]{32}$/);
    expect(srpName(folding, "Dora", older.salt)).toBe("Dora");
    expect(await passwordMatches(folding, "Dora", older, "Pass-word-1")).toBe(true);
    expect([
      olderForm(folding, "Dora", older.salt),
      olderForm(folding, "dora", older.salt),
      olderForm(sensitive, "Dora", older.salt),
    ]).toEqual([true, false, false]);
  });
});
