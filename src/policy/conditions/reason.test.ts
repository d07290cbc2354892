import { describe, expect, it } from "vitest";
import { normalizeContext } from "../context.js";
import type { RequestContext } from "../types.js";
import { clause } from "./clause.testing.js";
import { evaluateCondition } from "./index.js";

describe("reasons", () => {
  const on = (operator: string, key: string, values: string[], request: RequestContext) =>
    evaluateCondition(clause(operator, key, values), normalizeContext(request), true);

  it.each([
    [
      "IpAddress",
      "aws:SourceIp",
      ["203.0.113.0/24"],
      { "aws:SourceIp": "198.51.100.7" },
      "aws:SourceIp 198.51.100.7 is in none of 203.0.113.0/24",
    ],
    ["Bool", "aws:MultiFactorAuthPresent", ["true"], {}, "aws:MultiFactorAuthPresent is absent"],
    [
      "ForAnyValue:StringLike",
      "jwt:scope",
      ["admin/*"],
      { "jwt:scope": ["orders/read"] },
      "jwt:scope [orders/read] has no value like admin/*",
    ],
    [
      "NumericLessThan",
      "aws:MultiFactorAuthAge",
      ["300"],
      { "aws:MultiFactorAuthAge": "900" },
      "aws:MultiFactorAuthAge 900 is not less than 300",
    ],
    [
      "NumericLessThan",
      "aws:MultiFactorAuthAge",
      ["300", "600"],
      { "aws:MultiFactorAuthAge": "900" },
      "aws:MultiFactorAuthAge 900 is not less than any of 300, 600",
    ],
    [
      "NumericLessThan",
      "aws:MultiFactorAuthAge",
      ["300"],
      { "aws:MultiFactorAuthAge": "soon" },
      "aws:MultiFactorAuthAge soon is not a number",
    ],
    [
      "ForAnyValue:StringLike",
      "jwt:scope",
      ["admin/*"],
      { "jwt:scope": ["x", "admin/all"] },
      "jwt:scope value admin/all is like admin/*",
    ],
    [
      "ForAnyValue:StringNotEquals",
      "jwt:scope",
      ["a", "b"],
      { "jwt:scope": ["a"] },
      "every jwt:scope value in [a] equals one of a, b",
    ],
    [
      "ForAllValues:StringEquals",
      "jwt:scope",
      ["a", "b"],
      { "jwt:scope": ["a", "c"] },
      "jwt:scope value c equals none of a, b",
    ],
    [
      "ForAllValues:StringEquals",
      "jwt:scope",
      ["a", "b"],
      { "jwt:scope": ["b", "a"] },
      "every jwt:scope value in [b, a] equals one of a, b",
    ],
    [
      "ForAllValues:StringNotLike",
      "jwt:scope",
      ["adm*"],
      { "jwt:scope": ["a", "admin"] },
      "jwt:scope value admin is like adm*",
    ],
    ["ForAllValues:StringNotLike", "jwt:scope", ["adm*"], { "jwt:scope": [] }, "jwt:scope has no values"],
    [
      "NotIpAddress",
      "aws:SourceIp",
      ["10.0.0.0/8"],
      { "aws:SourceIp": "10.1.2.3" },
      "aws:SourceIp 10.1.2.3 is in 10.0.0.0/8",
    ],
  ])("%s %s %j -> %s", (operator, key, values, request, reason) => {
    expect(on(operator, key, values, request).reason).toBe(reason);
  });

  it("clip long request values", () => {
    const result = on("StringEquals", "jwt:sub", ["a"], { "jwt:sub": "x".repeat(5000) });
    expect(result.reason.length).toBeLessThan(120);
    expect(result.reason).toContain("…");
  });

  it("list at most five request values", () => {
    const values = Array.from({ length: 20 }, (_, i) => `v${i}`);
    expect(on("ForAnyValue:StringEquals", "jwt:groups", ["a"], { "jwt:groups": values }).reason).toBe(
      "jwt:groups [v0, v1, v2, v3, v4, … (15 more)] has no value equal to a",
    );
  });

  it("are plain enumerable strings on the result", () => {
    const result = on("StringEquals", "jwt:sub", ["a"], { "jwt:sub": "a" });
    expect(JSON.parse(JSON.stringify(result))).toMatchObject({ matched: true, reason: "jwt:sub a equals a" });
    expect(result.reason).toBe(result.reason);
  });
});
