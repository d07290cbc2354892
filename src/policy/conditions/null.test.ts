import { describe, expect, it } from "vitest";
import { normalizeContext } from "../context.js";
import type { ConditionClause, RequestContext } from "../types.js";
import { evaluateCondition } from "./index.js";

const clause = (values: readonly string[], set?: "ForAnyValue" | "ForAllValues"): ConditionClause => ({
  operator: set === undefined ? "Null" : `${set}:Null`,
  base: "Null",
  family: "Null",
  negated: false,
  ifExists: false,
  set,
  key: "aws:TokenIssueTime",
  keyLower: "aws:tokenissuetime",
  values,
});

const check = (values: readonly string[], request: RequestContext, set?: "ForAnyValue" | "ForAllValues") =>
  evaluateCondition(clause(values, set), normalizeContext(request), true);

const PRESENT = { "aws:TokenIssueTime": "2024-01-01T00:00:00Z" };

describe("Null", () => {
  it.each([
    [["true"], {}, true],
    [["true"], PRESENT, false],
    [["false"], {}, false],
    [["false"], PRESENT, true],
    [["TRUE"], {}, true],
    [["False"], PRESENT, true],
    [["true", "false"], {}, true],
    [["true", "false"], PRESENT, true],
    [["false"], { "aws:TokenIssueTime": "" }, true],
    // An empty list is present (iam-simulate).
    [["false"], { "aws:TokenIssueTime": [] }, true],
    [["true"], { "AWS:tokenIssueTime": "x" }, false],
  ])("%j with %j -> %s", (values, request, expected) => {
    expect(check(values, request).matched).toBe(expected);
  });

  it("ignores set operators (iam-simulate)", () => {
    expect(check(["true"], {}, "ForAnyValue").matched).toBe(true);
    expect(check(["true"], PRESENT, "ForAllValues").matched).toBe(false);
  });

  it("explains", () => {
    expect(check(["false"], {}).reason).toBe("aws:TokenIssueTime is absent");
    expect(check(["true"], PRESENT).reason).toBe("aws:TokenIssueTime is present (2024-01-01T00:00:00Z)");
    expect(check(["true"], { "aws:TokenIssueTime": ["a", "b"] }).reason).toBe(
      "aws:TokenIssueTime is present ([a, b])",
    );
  });
});
