import { describe, expect, it } from "vitest";
import { normalizeContext } from "./context.js";
import { compilePattern, expandText, matchArn, matchPattern } from "./pattern.js";

const glob = (source: string, variables = true) => compilePattern(source, { glob: true, variables });
const ctx = normalizeContext({
  "aws:username": "Bob*",
  "jwt:sub": "u-1",
  "jwt:groups": ["a", "b"],
  "aws:PrincipalTag/team": "blue",
});

describe("glob matching", () => {
  it.each([
    ["*", "", true],
    ["*", "anything/at:all", true],
    ["a?c", "abc", true],
    ["a?c", "ac", false],
    ["a*c", "abbbc", true],
    ["a*c", "abbbd", false],
    ["*a*b*c*", "xaybzc", true],
    ["*a*b*c*", "xaybz", false],
    ["abc", "ABC", false],
    ["a*", "a", true],
    ["**", "", true],
  ])("%s vs %s -> %s", (pattern, subject, expected) => {
    expect(matchPattern(glob(pattern), subject, ctx)).toBe(expected);
  });

  it("does not backtrack catastrophically on a hostile subject", () => {
    const p = glob("*a*a*a*a*a*a*a*a*b");
    expect(matchPattern(p, "a".repeat(5000), ctx)).toBe(false);
  });

  it("reports the literal prefix for indexing", () => {
    expect(glob("arn:aws:execute-api:us-east-1:1:api/prod/*").prefix).toBe(
      "arn:aws:execute-api:us-east-1:1:api/prod/",
    );
    expect(glob("arn:aws:s3:::b/${aws:username}/x").prefix).toBe("arn:aws:s3:::b/");
    expect(glob("*").prefix).toBe("");
  });
});

describe("policy variables", () => {
  it("substitutes literally: a value's * is not a wildcard", () => {
    const p = glob("home/${aws:username}/*");
    expect(matchPattern(p, "home/Bob*/file", ctx)).toBe(true);
    expect(matchPattern(p, "home/Bobby/file", ctx)).toBe(false);
  });

  it("resolves key names case-insensitively", () => {
    expect(matchPattern(glob("u/${JWT:SUB}"), "u/u-1", ctx)).toBe(true);
  });

  it("uses the default when the key is absent, and is unresolved without one", () => {
    expect(matchPattern(glob("t/${aws:PrincipalTag/dept, 'all'}"), "t/all", ctx)).toBe(true);
    expect(matchPattern(glob("t/${aws:PrincipalTag/team, 'all'}"), "t/blue", ctx)).toBe(true);
    expect(matchPattern(glob("t/${aws:PrincipalTag/dept}"), "t/", ctx)).toBeUndefined();
  });

  it("leaves multivalued keys unresolved", () => {
    expect(matchPattern(glob("g/${jwt:groups}"), "g/a", ctx)).toBeUndefined();
  });

  it("treats the escapes as literal characters", () => {
    const p = glob("a${*}b${?}c${$}");
    expect(matchPattern(p, "a*b?c$", ctx)).toBe(true);
    expect(matchPattern(p, "axbycz$", ctx)).toBe(false);
  });

  it("reads malformed ${...} as a variable that never resolves, never as literal text", () => {
    const c = normalizeContext({ "jwt:sub": "u-1", constructor: "x" });
    for (const source of [
      "u/${jwt:su b}",
      "u/${jwt:sub, x}",
      "u/${jwt:sub, 'a''b'}",
      "u/${}",
      "u/${jwt:${jwt:sub}}",
    ]) {
      const p = glob(source);
      expect(p.hasVariables, source).toBe(true);
      expect(matchPattern(p, source, c), source).toBeUndefined();
      expect(p.variables[0]!.key, source).toBeUndefined();
    }
    // A well-formed key named like an Object.prototype property is a variable, not an escape.
    expect(matchPattern(glob("u/${constructor}"), "u/x", c)).toBe(true);
    expect(matchPattern(glob("u/${toString}"), "u/", c)).toBeUndefined();
  });

  it("keeps ${...} literal when variables are off (Version 2008-10-17)", () => {
    const p = glob("u/${jwt:sub}", false);
    expect(matchPattern(p, "u/${jwt:sub}", ctx)).toBe(true);
    expect(matchPattern(p, "u/u-1", ctx)).toBe(false);
  });

  it("expands text for the equality operators", () => {
    const p = compilePattern("${jwt:sub}*", { glob: false, variables: true });
    expect(expandText(p, ctx)).toBe("u-1*");
  });
});

describe("ARN matching", () => {
  const arn = "arn:aws:execute-api:us-east-1:123456789012:api1/prod/GET/users/a:b";
  it.each([
    ["arn:aws:execute-api:*:*:*", true],
    ["arn:aws:execute-api:us-east-1:123456789012:api1/*/GET/*", true],
    ["arn:aws:execute-api:us-east-1:123456789012:api1/*/get/*", false],
    ["arn:aws:execute-api:us-*:*:api1/prod/GET/users/*", true],
    ["arn:aws:execute-api:*:123456789012:api1/prod/GET/users/a?b", true],
    // `*` in the region segment does not run into the account segment
    ["arn:aws:execute-api:*:api1/prod/GET/*", false],
    ["arn:aws:s3:*:*:*", false],
  ])("%s -> %s", (pattern, expected) => {
    expect(matchArn(glob(pattern), arn, ctx)).toBe(expected);
  });

  it("pads short patterns with * segments in identity policies, not in resource policies", () => {
    expect(matchArn(glob("arn:aws:execute-api:*"), arn, ctx)).toBe(true);
    expect(matchArn(glob("arn:aws:execute-api:*"), arn, ctx, "noMatch")).toBe(false);
  });

  it("never treats a substituted colon as a segment separator", () => {
    const c = normalizeContext({ "jwt:x": "us-east-1:123456789012" });
    expect(matchArn(glob("arn:aws:execute-api:${jwt:x}:api1/*"), arn, c)).toBe(false);
  });

  it("does not match a subject that is not an ARN", () => {
    expect(matchArn(glob("arn:aws:execute-api:*:*:*"), "not-an-arn", ctx)).toBe(false);
  });
});
