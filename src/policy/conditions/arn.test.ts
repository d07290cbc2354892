import { describe, expect, it } from "vitest";
import { normalizeContext } from "../context.js";
import type { ConditionClause } from "../types.js";
import { evaluateCondition } from "./index.js";

const clause = (base: string, values: readonly string[]): ConditionClause => ({
  operator: base,
  base,
  family: "Arn",
  negated: base.includes("Not"),
  ifExists: false,
  set: undefined,
  key: "aws:SourceArn",
  keyLower: "aws:sourcearn",
  values,
});

const context = { "aws:PrincipalAccount": "123456789012", "aws:username": "a*", "jwt:path": "x:y" };

const check = (base: string, values: readonly string[], request: string, variables = true) =>
  evaluateCondition(
    clause(base, values),
    normalizeContext({ ...context, "aws:SourceArn": request }),
    variables,
  );

describe("ARN operators", () => {
  it.each([
    ["ArnLike", ["arn:aws:s3:::bucket/*"], "arn:aws:s3:::bucket/a/b", true],
    ["ArnLike", ["arn:aws:s3:::bucket/*"], "arn:aws:s3:::other/a", false],
    ["ArnLike", ["arn:aws:iam::*:role/admin-*"], "arn:aws:iam::123456789012:role/admin-x", true],
    ["ArnEquals", ["arn:aws:iam::*:role/admin-*"], "arn:aws:iam::123456789012:role/admin-x", true],
    ["ArnEquals", ["arn:aws:iam::123456789012:root"], "arn:aws:iam::123456789012:root", true],
    ["ArnLike", ["arn:aws:*:us-east-1:*:*"], "arn:aws:sqs:us-east-1:1:q", true],
    ["ArnLike", ["arn:aws:*:us-east-1:*:*"], "arn:aws:sqs:us-west-2:1:q", false],
    // `*` stays within its segment; the resource may hold colons.
    ["ArnLike", ["arn:aws:sqs:*:*:q"], "arn:aws:sqs:us-east-1:123:q", true],
    ["ArnLike", ["arn:aws:sqs:*:*:q"], "arn:aws:sqs:us-east-1:123:x:q", false],
    ["ArnLike", ["arn:aws:sqs:*:*:*"], "arn:aws:sqs:us-east-1:123:x:q", true],
    ["ArnLike", ["arn:aws:iam::1:role/Admin"], "arn:aws:iam::1:role/admin", false],
    ["ArnLike", ["arn:aws:iam::12345678901?:root"], "arn:aws:iam::123456789012:root", true],
    ["ArnLike", ["arn:aws:iam::12345678901?:root"], "arn:aws:iam::1234567890123:root", false],
    ["ArnLike", ["*"], "arn:aws:s3:::b", false],
    ["ArnLike", ["arn:aws:s3"], "arn:aws:s3:::b", false],
    ["ArnLike", ["arn:*:*:*:*:*"], "arn:aws:s3:::b", true],
    ["ArnLike", ["arn:*:*:*:*:*"], "urn:aws:s3:::b", false],
    ["ArnNotLike", ["arn:aws:iam::*:role/admin-*"], "arn:aws:iam::1:role/dev", true],
    ["ArnNotLike", ["arn:aws:iam::*:role/admin-*"], "arn:aws:iam::1:role/admin-1", false],
    ["ArnNotEquals", ["arn:aws:iam::*:role/admin-*"], "arn:aws:iam::1:role/admin-1", false],
    ["ArnNotLike", ["arn:aws:iam::1:root", "arn:aws:iam::2:root"], "arn:aws:iam::3:root", true],
    // Cannot compare (not an ARN, or a policy value of fewer than six segments): false, negated too (iam-simulate).
    ["ArnLike", ["arn:aws:s3:::b"], "not-an-arn", false],
    ["ArnNotLike", ["arn:aws:s3:::b"], "not-an-arn", false],
    ["ArnNotLike", ["arn:aws:s3:::b"], "arn:aws:s3", false],
    ["ArnNotLike", ["arn:aws:s3"], "arn:aws:s3:::b", false],
  ])("%s %j vs %j -> %s", (base, values, request, expected) => {
    expect(check(base, values, request).matched).toBe(expected);
  });

  it.each([
    ["ArnLike", ["arn:aws:iam::${aws:PrincipalAccount}:role/*"], "arn:aws:iam::123456789012:role/r", true],
    ["ArnLike", ["arn:aws:iam::${aws:PrincipalAccount}:role/*"], "arn:aws:iam::210987654321:role/r", false],
    ["ArnLike", ["arn:aws:s3:::b/${aws:username}"], "arn:aws:s3:::b/a*", true],
    ["ArnLike", ["arn:aws:s3:::b/${aws:username}"], "arn:aws:s3:::b/ab", false],
    // A substituted colon is text, not a separator.
    ["ArnLike", ["arn:aws:s3:::b/${jwt:path}"], "arn:aws:s3:::b/x:y", true],
    ["ArnLike", ["arn:aws:s3:::b/${aws:missing}"], "arn:aws:s3:::b/", false],
    // An unresolved variable fails the negated operator too (issue 17), even where the other
    // segments already differ.
    ["ArnNotLike", ["arn:aws:s3:::b/${aws:missing}"], "arn:aws:s3:::b/x", false],
    ["ArnNotLike", ["arn:aws:s3:::b/${aws:missing}"], "arn:aws:iam::123456789012:user/x", false],
    ["ArnNotLike", ["arn:aws:s3:::b/${aws:missing, 'y'}"], "arn:aws:s3:::b/x", true],
    ["ArnNotLike", ["arn:aws:s3:::b/${aws:missing, 'x'}"], "arn:aws:s3:::b/x", false],
    ["ArnLike", ["arn:aws:s3:::b/${aws:missing}", "arn:aws:s3:::b/*"], "arn:aws:s3:::b/x", true],
  ])("with variables: %s %j vs %j -> %s", (base, values, request, expected) => {
    expect(check(base, values, request).matched).toBe(expected);
  });

  it("reads variables as text under Version 2008-10-17", () => {
    expect(
      check("ArnLike", ["arn:aws:s3:::b/${aws:username}"], "arn:aws:s3:::b/${aws:username}", false).matched,
    ).toBe(true);
    expect(check("ArnLike", ["arn:aws:s3:::b/${aws:username}"], "arn:aws:s3:::b/a*", false).matched).toBe(
      false,
    );
  });

  it("explains", () => {
    expect(check("ArnLike", ["arn:aws:s3:::b/*"], "arn:aws:s3:::c/k").reason).toBe(
      "aws:SourceArn arn:aws:s3:::c/k matches none of arn:aws:s3:::b/*",
    );
    expect(check("ArnNotLike", ["arn:aws:s3:::b/*"], "nope").reason).toBe("aws:SourceArn nope is not an ARN");
    expect(
      check("ArnLike", ["arn:aws:iam::${aws:PrincipalAccount}:root"], "arn:aws:iam::1:root").reason,
    ).toBe(
      "aws:SourceArn arn:aws:iam::1:root matches none of arn:aws:iam::${aws:PrincipalAccount}:root (arn:aws:iam::123456789012:root)",
    );
  });
});
