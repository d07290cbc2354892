import { describe, expect, it } from "vitest";
import { normalizeContext } from "../context.js";
import type { RequestContext } from "../types.js";
import { clause } from "./clause.testing.js";
import { evaluateCondition } from "./index.js";

function evaluate(operator: string, values: readonly string[], request: RequestContext, variables = true) {
  return evaluateCondition(clause(operator, "jwt:groups", values), normalizeContext(request), variables);
}

const ABSENT = {};

describe("a missing key", () => {
  it.each([
    ["StringEquals", ["a"], false],
    ["StringNotEquals", ["a"], true],
    ["StringEqualsIfExists", ["a"], true],
    ["StringNotEqualsIfExists", ["a"], true],
    ["StringNotLike", ["a*"], true],
    ["NumericLessThan", ["5"], false],
    ["NumericLessThanIfExists", ["5"], true],
    ["NumericNotEquals", ["5"], true],
    ["DateNotEquals", ["2024-01-01"], true],
    ["DateGreaterThanIfExists", ["2024-01-01"], true],
    ["Bool", ["true"], false],
    ["BoolIfExists", ["true"], true],
    ["BinaryEquals", ["QQ=="], false],
    ["IpAddress", ["10.0.0.0/8"], false],
    ["NotIpAddress", ["10.0.0.0/8"], true],
    ["ArnLike", ["arn:aws:iam::*:root"], false],
    ["ArnNotEqualsIfExists", ["arn:aws:iam::*:root"], true],
  ])("%s %j -> %s", (operator, values, expected) => {
    const result = evaluate(operator, values, ABSENT);
    expect(result.matched).toBe(expected);
    expect(result.reason).toBe("jwt:groups is absent");
  });

  it("does not make IfExists skip the comparison when the key is present", () => {
    expect(evaluate("StringEqualsIfExists", ["a"], { "jwt:groups": "b" }).matched).toBe(false);
    expect(evaluate("StringEqualsIfExists", ["a"], { "jwt:groups": "a" }).matched).toBe(true);
  });
});

describe("several policy values", () => {
  it.each([
    ["StringEquals", ["a", "b", "c"], "c", true],
    ["StringEquals", ["a", "b", "c"], "d", false],
    ["StringNotEquals", ["a", "b", "c"], "c", false],
    ["StringNotEquals", ["a", "b", "c"], "d", true],
    ["NumericEquals", ["1", "2"], "2", true],
    ["NumericNotEquals", ["1", "2"], "2", false],
    ["DateNotEquals", ["2024-01-01", "2024-01-02"], "2024-01-03", true],
    ["ArnNotLike", ["arn:aws:iam::1:root", "arn:aws:iam::2:*"], "arn:aws:iam::2:user/u", false],
  ])(
    "%s %j vs %s -> %s (OR; none may match for negated operators)",
    (operator, values, request, expected) => {
      expect(evaluate(operator, values, { "jwt:groups": request }).matched).toBe(expected);
    },
  );
});

describe("a multivalued key without a set operator", () => {
  // iam-simulate: a list never satisfies a single-valued operator, negated or IfExists included.
  it.each([
    ["StringEquals", ["a"], ["a"]],
    ["StringLike", ["*"], ["a", "b"]],
    ["StringNotEquals", ["a"], ["b"]],
    ["StringEqualsIfExists", ["a"], ["a"]],
    ["StringNotEqualsIfExists", ["a"], ["b"]],
    ["StringLike", ["*"], []],
    ["NotIpAddress", ["10.0.0.0/8"], ["192.0.2.1"]],
  ])("%s %j vs %j -> false", (operator, values, request) => {
    const result = evaluate(operator, values, { "jwt:groups": request });
    expect(result.matched).toBe(false);
    expect(result.reason).toMatch(
      /^jwt:groups \[.*\] is multivalued: .* needs ForAnyValue: or ForAllValues:$/,
    );
  });
});

describe("ForAnyValue:", () => {
  it.each([
    ["absent", ABSENT, false],
    ["empty", { "jwt:groups": [] }, false],
    ["single-valued, matching", { "jwt:groups": "admins" }, true],
    ["single-valued, not matching", { "jwt:groups": "users" }, false],
    ["one value, matching", { "jwt:groups": ["admins"] }, true],
    ["several, one matching", { "jwt:groups": ["users", "admins"] }, true],
    ["several, none matching", { "jwt:groups": ["users", "ops"] }, false],
  ])("StringLike adm*: %s -> %s", (_, request, expected) => {
    expect(evaluate("ForAnyValue:StringLike", ["adm*"], request).matched).toBe(expected);
  });

  // iam-simulate ignores IfExists on set operators; AWS does too (an absent aws:TagKeys fails
  // ForAnyValue:StringEqualsIfExists on a real account).
  it("stays false for an absent key with IfExists", () => {
    expect(evaluate("ForAnyValue:StringEqualsIfExists", ["a"], ABSENT).matched).toBe(false);
    expect(evaluate("ForAnyValue:StringNotEqualsIfExists", ["a"], ABSENT).matched).toBe(false);
  });

  it.each([
    ["absent", ABSENT, false],
    ["empty", { "jwt:groups": [] }, false],
    ["one value not listed", { "jwt:groups": ["a", "c"] }, true],
    ["every value listed", { "jwt:groups": ["a", "b"] }, false],
    ["single-valued, listed", { "jwt:groups": "a" }, false],
    ["single-valued, not listed", { "jwt:groups": "z" }, true],
  ])("negated base StringNotEquals [a, b]: %s -> %s", (_, request, expected) => {
    expect(evaluate("ForAnyValue:StringNotEquals", ["a", "b"], request).matched).toBe(expected);
  });

  it("skips request values of the wrong shape", () => {
    expect(evaluate("ForAnyValue:NumericGreaterThan", ["5"], { "jwt:groups": ["abc", "6"] }).matched).toBe(
      true,
    );
    expect(evaluate("ForAnyValue:NumericGreaterThan", ["5"], { "jwt:groups": ["abc"] }).matched).toBe(false);
    expect(evaluate("ForAnyValue:NumericNotEquals", ["5"], { "jwt:groups": ["abc"] }).matched).toBe(false);
  });
});

describe("ForAllValues:", () => {
  it.each([
    ["absent", ABSENT, true],
    ["empty", { "jwt:groups": [] }, true],
    ["single-valued, listed", { "jwt:groups": "a" }, true],
    ["single-valued, not listed", { "jwt:groups": "z" }, false],
    ["all listed", { "jwt:groups": ["a", "c"] }, true],
    ["one not listed", { "jwt:groups": ["a", "z"] }, false],
  ])("StringEquals [a, b, c]: %s -> %s", (_, request, expected) => {
    expect(evaluate("ForAllValues:StringEquals", ["a", "b", "c"], request).matched).toBe(expected);
  });

  it("is true for an absent key, IfExists or not", () => {
    expect(evaluate("ForAllValues:StringEqualsIfExists", ["a"], ABSENT).matched).toBe(true);
  });

  it.each([
    ["absent", ABSENT, true],
    ["empty", { "jwt:groups": [] }, true],
    ["none listed", { "jwt:groups": ["c", "d"] }, true],
    ["one listed", { "jwt:groups": ["c", "a"] }, false],
  ])("negated base StringNotEquals [a, b]: %s -> %s", (_, request, expected) => {
    expect(evaluate("ForAllValues:StringNotEquals", ["a", "b"], request).matched).toBe(expected);
  });

  it("fails on a request value of the wrong shape, negated base included", () => {
    expect(evaluate("ForAllValues:NumericGreaterThan", ["5"], { "jwt:groups": ["6", "abc"] }).matched).toBe(
      false,
    );
    expect(evaluate("ForAllValues:NumericNotEquals", ["5"], { "jwt:groups": ["6", "abc"] }).matched).toBe(
      false,
    );
    expect(
      evaluate("ForAllValues:IpAddress", ["10.0.0.0/8"], { "jwt:groups": ["10.1.1.1", "10.2.2.2"] }).matched,
    ).toBe(true);
  });
});

describe("policy variables", () => {
  const context = { "aws:username": "Bob*", "jwt:groups": "home/Bob*" };

  it("are substituted literally under Version 2012-10-17", () => {
    expect(evaluate("StringLike", ["home/${aws:username}"], context).matched).toBe(true);
    expect(
      evaluate("StringLike", ["home/${aws:username}"], { ...context, "jwt:groups": "home/Bobby" }).matched,
    ).toBe(false);
  });

  it("are plain text otherwise", () => {
    expect(evaluate("StringEquals", ["${aws:username}"], { "jwt:groups": "Bob*" }, false).matched).toBe(
      false,
    );
    expect(
      evaluate("StringEquals", ["${aws:username}"], { "jwt:groups": "${aws:username}" }, false).matched,
    ).toBe(true);
  });

  it("resolve per request, though the clause compiles once", () => {
    const c = clause("StringEquals", "jwt:sub", ["${aws:username}"]);
    expect(
      evaluateCondition(c, normalizeContext({ "aws:username": "a", "jwt:sub": "a" }), true).matched,
    ).toBe(true);
    expect(
      evaluateCondition(c, normalizeContext({ "aws:username": "b", "jwt:sub": "a" }), true).matched,
    ).toBe(false);
    expect(evaluateCondition(c, normalizeContext({ "jwt:sub": "${aws:username}" }), false).matched).toBe(
      true,
    );
  });

  it.each([
    ["StringEquals", false],
    ["StringLike", false],
    ["StringEqualsIgnoreCase", false],
    // Issue 17: an unresolved variable never counts towards a statement applying.
    ["StringNotEquals", false],
    ["StringNotLike", false],
    ["StringNotEqualsIgnoreCase", false],
    ["ForAnyValue:StringEquals", false],
    ["ForAnyValue:StringNotEquals", false],
    ["ForAllValues:StringEquals", false],
    ["ForAllValues:StringNotEquals", false],
    ["StringNotEqualsIfExists", false],
  ])("unresolved: %s -> %s", (operator, expected) => {
    const result = evaluate(operator, ["${aws:PrincipalTag/dept}"], { "jwt:groups": "x" });
    expect(result.matched).toBe(expected);
  });

  it("keeps the absent key's semantics, whatever the values' variables", () => {
    expect(evaluate("StringNotEquals", ["${aws:username}"], ABSENT).matched).toBe(true);
    expect(evaluate("StringEqualsIfExists", ["${aws:username}"], ABSENT).matched).toBe(true);
    expect(evaluate("ForAllValues:StringEquals", ["${aws:username}"], ABSENT).matched).toBe(true);
    expect(evaluate("ForAnyValue:StringNotEquals", ["${aws:username}"], ABSENT).matched).toBe(false);
    expect(evaluate("StringEquals", ["${aws:username}"], ABSENT).matched).toBe(false);
    // Present and empty: ForAllValues holds vacuously, there is nothing to compare.
    expect(evaluate("ForAllValues:StringNotEquals", ["${aws:username}"], { "jwt:groups": [] }).matched).toBe(
      true,
    );
  });

  it("unresolved never matches, but other values still do", () => {
    expect(evaluate("StringEquals", ["${aws:PrincipalTag/dept}", "x"], { "jwt:groups": "x" }).matched).toBe(
      true,
    );
    expect(
      evaluate("StringNotEquals", ["${aws:PrincipalTag/dept}", "x"], { "jwt:groups": "x" }).matched,
    ).toBe(false);
  });

  it("name the variable and its value in reasons", () => {
    expect(evaluate("StringEquals", ["${aws:PrincipalTag/dept}"], { "jwt:groups": "x" }).reason).toBe(
      "jwt:groups x cannot be compared, a policy variable is unresolved: ${aws:PrincipalTag/dept} (unresolved: aws:PrincipalTag/dept is absent)",
    );
    expect(evaluate("StringNotEquals", ["${jwt:groups}"], { "jwt:groups": ["x"] }).reason).toBe(
      "jwt:groups [x] is multivalued: StringNotEquals needs ForAnyValue: or ForAllValues:",
    );
    expect(
      evaluate("ForAnyValue:StringNotEquals", ["${aws:username}"], { "jwt:groups": ["x", "y"] }).reason,
    ).toBe(
      "jwt:groups value x cannot be compared, a policy variable is unresolved: ${aws:username} (unresolved: aws:username is absent)",
    );
    expect(
      evaluate("ForAllValues:StringNotLike", ["a/${jwt:sub}"], { "jwt:groups": ["x"], "jwt:sub": ["1", "2"] })
        .reason,
    ).toBe(
      "jwt:groups value x cannot be compared, a policy variable is unresolved: a/${jwt:sub} (unresolved: jwt:sub is multivalued)",
    );
    expect(evaluate("StringEquals", ["${aws:username}"], context).reason).toBe(
      "jwt:groups home/Bob* equals none of ${aws:username} (Bob*)",
    );
  });
});

describe("key names", () => {
  it("are case-insensitive: the clause's keyLower finds the normalized context key", () => {
    const c = clause("IpAddress", "AWS:SourceIP", ["203.0.113.0/24"]);
    const result = evaluateCondition(c, normalizeContext({ "aws:sourceip": "203.0.113.9" }), true);
    expect(result).toMatchObject({ matched: true, reason: "AWS:SourceIP 203.0.113.9 is in 203.0.113.0/24" });
    expect(evaluateCondition(c, normalizeContext({ "Aws:SourceIp": "203.0.113.9" }), true).matched).toBe(
      true,
    );
  });
});
