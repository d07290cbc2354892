import { describe, expect, it } from "vitest";
import { normalizeContext } from "../context.js";
import type { ConditionClause } from "../types.js";
import { evaluateCondition } from "./index.js";
import { compareDecimal, parseDecimal } from "./numeric.js";

const clause = (base: string, values: readonly string[]): ConditionClause => ({
  operator: base,
  base,
  family: "Numeric",
  negated: base.includes("Not"),
  ifExists: false,
  set: undefined,
  key: "aws:MultiFactorAuthAge",
  keyLower: "aws:multifactorauthage",
  values,
});

const check = (base: string, values: readonly string[], request: string) =>
  evaluateCondition(clause(base, values), normalizeContext({ "aws:MultiFactorAuthAge": request }), true)
    .matched;

describe("Numeric operators", () => {
  it.each([
    ["NumericEquals", ["5"], "5", true],
    ["NumericEquals", ["5"], "5.0", true],
    ["NumericEquals", ["5"], "05", true],
    ["NumericEquals", ["5"], "+5", true],
    ["NumericEquals", ["5"], "5.", true],
    ["NumericEquals", ["0.5"], ".5", true],
    ["NumericEquals", ["0"], "-0", true],
    ["NumericEquals", ["0"], "-0.000", true],
    ["NumericEquals", ["5"], "5.1", false],
    ["NumericEquals", ["-5"], "5", false],
    ["NumericEquals", ["1", "2"], "2", true],
    // Exact, not float: these are equal as doubles.
    ["NumericEquals", ["9007199254740992"], "9007199254740993", false],
    ["NumericEquals", ["0.1"], "0.10000000000000001", false],
    ["NumericNotEquals", ["5"], "6", true],
    ["NumericNotEquals", ["5"], "5.00", false],
    ["NumericNotEquals", ["5", "6"], "6", false],
    ["NumericNotEquals", ["5", "6"], "7", true],
    ["NumericLessThan", ["300"], "299", true],
    ["NumericLessThan", ["300"], "300", false],
    ["NumericLessThan", ["300"], "-1", true],
    ["NumericLessThan", ["300"], "299.9999", true],
    ["NumericLessThan", ["300"], "300.0001", false],
    ["NumericLessThan", ["-2"], "-10", true],
    ["NumericLessThan", ["-2.5"], "-2.25", false],
    ["NumericLessThan", ["10", "100"], "50", true],
    ["NumericLessThanEquals", ["300"], "300", true],
    ["NumericLessThanEquals", ["300"], "301", false],
    ["NumericGreaterThan", ["0.1"], "0.10000000000000001", true],
    ["NumericGreaterThan", ["99"], "100", true],
    ["NumericGreaterThan", ["100"], "99", false],
    ["NumericGreaterThan", ["-1"], "0", true],
    ["NumericGreaterThanEquals", ["-2.5"], "-2.5", true],
    ["NumericGreaterThanEquals", ["-2.5"], "-3", false],
  ])("%s %j vs %j -> %s", (base, values, request, expected) => {
    expect(check(base, values, request)).toBe(expected);
  });

  // Not a number: fails positive and negated operators alike (iam-simulate; its parseInt would
  // read "5abc" as 5, we do not).
  it.each(["abc", "5abc", "1e1", "", " 5", "5 ", "0x10", "NaN", "Infinity", ".", "-", "1.2.3", "1,000"])(
    "%j is not a number",
    (request) => {
      expect(check("NumericEquals", ["5"], request)).toBe(false);
      expect(check("NumericNotEquals", ["5"], request)).toBe(false);
      expect(check("NumericLessThan", ["1e9"], request)).toBe(false);
    },
  );
});

describe("parseDecimal and compareDecimal", () => {
  it.each([
    ["1", "2", -1],
    ["10", "9", 1],
    ["007", "7.000", 0],
    ["1.5", "1.45", 1],
    ["-1.5", "-1.45", -1],
    ["-0", "0", 0],
    ["123456789012345678901234567890", "123456789012345678901234567891", -1],
  ])("%s vs %s -> %i", (a, b, order) => {
    expect(Math.sign(compareDecimal(parseDecimal(a)!, parseDecimal(b)!))).toBe(order);
  });
});
