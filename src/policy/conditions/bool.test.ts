import { describe, expect, it } from "vitest";
import { normalizeContext } from "../context.js";
import type { ConditionClause, ContextValue } from "../types.js";
import { evaluateCondition } from "./index.js";

const clause = (values: readonly string[]): ConditionClause => ({
  operator: "Bool",
  base: "Bool",
  family: "Bool",
  negated: false,
  ifExists: false,
  set: undefined,
  key: "aws:SecureTransport",
  keyLower: "aws:securetransport",
  values,
});

const check = (values: readonly string[], request: ContextValue) =>
  evaluateCondition(clause(values), normalizeContext({ "aws:SecureTransport": request }), true);

describe("Bool", () => {
  it.each([
    [["true"], "true", true],
    [["true"], "TRUE", true],
    [["TRUE"], "true", true],
    [["true"], true, true],
    [["true"], "false", false],
    [["false"], "False", true],
    [["false"], false, true],
    [["true", "false"], "false", true],
    [["true"], "yes", false],
    [["true"], "1", false],
    [["true"], "", false],
    [["true"], " true", false],
  ])("%j vs %j -> %s", (values, request, expected) => {
    expect(check(values, request).matched).toBe(expected);
  });

  it("explains", () => {
    expect(check(["true"], "false").reason).toBe("aws:SecureTransport false is not true");
    expect(check(["true"], "yes").reason).toBe("aws:SecureTransport yes is not a boolean");
    expect(check(["true"], "true").reason).toBe("aws:SecureTransport true is true");
  });
});
