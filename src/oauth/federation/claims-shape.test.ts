import { describe, expect, it } from "vitest";
import { claimsShapeProblem, MAX_CLAIM_DEPTH, MAX_CLAIM_VALUES } from "./claims-shape.js";

const nestedArrays = (depth: number) => JSON.parse(`${"[".repeat(depth)}${"]".repeat(depth)}`) as unknown;
const nestedObjects = (depth: number) =>
  JSON.parse(`${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`) as unknown;

describe("claimsShapeProblem", () => {
  it("takes what IdPs send: flat claims, Google's names, an OIDC address, __proto__ as a key", () => {
    expect(claimsShapeProblem({ sub: "1", email_verified: true, groups: ["a", "b"] })).toBeUndefined();
    expect(
      claimsShapeProblem({
        names: [{ metadata: { primary: true, source: { type: "PROFILE", id: "1" } }, displayName: "Ann" }],
        address: { street_address: "1 Main St", country: "NZ" },
      }),
    ).toBeUndefined();
    expect(claimsShapeProblem(JSON.parse('{"__proto__":{"a":[1]},"constructor":"c"}'))).toBeUndefined();
  });

  it("takes a profile exactly as deep and as large as the bounds, refuses one level or value more", () => {
    // The profile object is level 1.
    expect(claimsShapeProblem({ name: nestedArrays(MAX_CLAIM_DEPTH - 1) })).toBeUndefined();
    expect(claimsShapeProblem({ name: nestedArrays(MAX_CLAIM_DEPTH) })).toBe(
      `nested deeper than ${MAX_CLAIM_DEPTH} levels`,
    );
    expect(claimsShapeProblem({ name: nestedObjects(MAX_CLAIM_DEPTH) })).toBe(
      `nested deeper than ${MAX_CLAIM_DEPTH} levels`,
    );
    expect(claimsShapeProblem({ list: new Array(MAX_CLAIM_VALUES - 2).fill(0) })).toBeUndefined();
    expect(claimsShapeProblem({ list: new Array(MAX_CLAIM_VALUES).fill(0) })).toBe(
      `more than ${MAX_CLAIM_VALUES} values`,
    );
  });

  it("refuses 100,000 levels (what JSON.stringify overflows on) without recursing", () => {
    const deep = nestedArrays(100_000);
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    expect(claimsShapeProblem({ sub: "x", name: deep })).toBe(`nested deeper than ${MAX_CLAIM_DEPTH} levels`);
  });
});
