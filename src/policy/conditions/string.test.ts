import { describe, expect, it } from "vitest";
import { normalizeContext } from "../context.js";
import type { ConditionClause, RequestContext } from "../types.js";
import { evaluateCondition } from "./index.js";

const clause = (base: string, values: readonly string[]): ConditionClause => ({
  operator: base,
  base,
  family: "String",
  negated: base.includes("Not"),
  ifExists: false,
  set: undefined,
  key: "jwt:Sub",
  keyLower: "jwt:sub",
  values,
});

function check(
  base: string,
  values: readonly string[],
  request: string,
  context: RequestContext = {},
  variables = true,
) {
  return evaluateCondition(
    clause(base, values),
    normalizeContext({ ...context, "jwt:sub": request }),
    variables,
  );
}

describe("String operators", () => {
  it.each([
    ["StringEquals", ["a"], "a", true],
    ["StringEquals", ["a"], "A", false],
    ["StringEquals", ["a"], "a ", false],
    ["StringEquals", ["a", "b"], "b", true],
    ["StringEquals", ["a"], "", false],
    ["StringEquals", ["", "x"], "", true],
    ["StringEquals", ["a*"], "abc", false],
    ["StringEquals", ["a*"], "a*", true],
    ["StringNotEquals", ["a", "b"], "c", true],
    ["StringNotEquals", ["a", "b"], "b", false],
    ["StringNotEquals", ["a"], "A", true],
    ["StringEqualsIgnoreCase", ["Admin"], "aDMIN", true],
    ["StringEqualsIgnoreCase", ["Admin"], "admins", false],
    ["StringEqualsIgnoreCase", ["ÉTÉ"], "été", true],
    ["StringNotEqualsIgnoreCase", ["Admin"], "ADMIN", false],
    ["StringNotEqualsIgnoreCase", ["Admin"], "root", true],
    ["StringLike", ["adm*"], "admins", true],
    ["StringLike", ["adm*"], "adm", true],
    ["StringLike", ["adm*"], "xadm", false],
    ["StringLike", ["a?c"], "abc", true],
    ["StringLike", ["a?c"], "abbc", false],
    ["StringLike", ["*"], "", true],
    ["StringLike", ["orders/*"], "Orders/read", false],
    ["StringLike", ["*/read"], "orders/read", true],
    ["StringLike", ["a.c"], "abc", false],
    ["StringLike", ["(a|b)"], "a", false],
    ["StringLike", ["x", "*/write"], "orders/write", true],
    ["StringNotLike", ["adm*", "root"], "ops", true],
    ["StringNotLike", ["adm*", "root"], "admin", false],
    ["StringNotLike", ["adm*", "root"], "root", false],
  ])("%s %j vs %j -> %s", (base, values, request, expected) => {
    expect(check(base, values, request).matched).toBe(expected);
  });
});

describe("String operators with policy variables", () => {
  const context = { "aws:username": "Bob*", "jwt:groups": ["a"] };

  it.each([
    ["StringEquals", ["u-${aws:username}"], "u-Bob*", true],
    ["StringEquals", ["u-${AWS:UserName}"], "u-Bob*", true],
    ["StringLike", ["home/${aws:username}/*"], "home/Bob*/x", true],
    ["StringLike", ["home/${aws:username}/*"], "home/Bobby/x", false],
    ["StringEqualsIgnoreCase", ["${aws:username}"], "BOB*", true],
    ["StringEquals", ["${aws:missing, 'dflt'}"], "dflt", true],
    ["StringEquals", ["${aws:username, 'dflt'}"], "Bob*", true],
    ["StringLike", ["a${*}"], "a*", true],
    ["StringLike", ["a${*}"], "ab", false],
    ["StringEquals", ["${$}{x}"], "${x}", true],
    // Multivalued keys cannot be variables.
    ["StringEquals", ["${jwt:groups}"], "a", false],
    ["StringEquals", ["${aws:missing}"], "", false],
    // An unresolved variable fails negated operators too (issue 17); a default resolves it.
    ["StringNotEquals", ["${aws:missing}"], "x", false],
    ["StringNotEquals", ["a", "${aws:missing}"], "a", false],
    ["StringNotEquals", ["a", "${aws:missing}"], "x", false],
    ["StringNotEquals", ["${aws:missing, 'y'}"], "x", true],
    ["StringNotEquals", ["${jwt:groups}"], "x", false],
    ["StringNotLike", ["${aws:missing}*"], "x", false],
    ["StringNotEqualsIgnoreCase", ["${aws:missing}"], "x", false],
    ["StringEquals", ["${aws:missing}", "x"], "x", true],
  ])("%s %j vs %j -> %s", (base, values, request, expected) => {
    expect(check(base, values, request, context).matched).toBe(expected);
  });

  it.each([
    ["StringEquals", ["${aws:username}"], "${aws:username}", true],
    ["StringEquals", ["${aws:username}"], "Bob*", false],
    ["StringLike", ["${aws:username}*"], "${aws:username}-x", true],
    ["StringLike", ["a${*}"], "a${*}", true],
  ])("without variables (Version 2008-10-17): %s %j vs %j -> %s", (base, values, request, expected) => {
    expect(check(base, values, request, context, false).matched).toBe(expected);
  });
});

describe("String reasons", () => {
  it.each([
    ["StringLike", ["adm*"], "ops", "jwt:Sub ops is like none of adm*"],
    ["StringLike", ["x", "adm*"], "admin", "jwt:Sub admin is like adm*"],
    ["StringNotEquals", ["a", "b"], "c", "jwt:Sub c equals none of a, b"],
    ["StringEqualsIgnoreCase", ["A"], "a", "jwt:Sub a equals (ignoring case) A"],
  ])("%s %j vs %j: %s", (base, values, request, reason) => {
    expect(check(base, values, request).reason).toBe(reason);
  });
});
