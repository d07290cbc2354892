import { describe, expect, it } from "vitest";
import { CODE_TTL_MS, generateCode, maskDestination } from "./codes.js";
import { afterFailure, lockedUntil } from "./lockout.js";
import { DEFAULT_PASSWORD_POLICY, passwordProblem } from "./password-policy.js";

describe("the password policy", () => {
  const prefix = "Password did not conform with policy: ";
  it.each([
    ["Ab1!", "Password not long enough"],
    ["abcdefg1!", "Password must have uppercase characters"],
    ["ABCDEFG1!", "Password must have lowercase characters"],
    ["Abcdefgh!", "Password must have numeric characters"],
    ["Abcdefgh1", "Password must have symbol characters"],
  ])("%s -> %s", (password, message) => {
    expect(passwordProblem(password, DEFAULT_PASSWORD_POLICY)).toBe(prefix + message);
  });

  it("accepts a conforming password, a space as a symbol, and counts characters not bytes", () => {
    expect(passwordProblem("Abcdefg1!")).toBeUndefined();
    expect(passwordProblem("Abcdef g1")).toBeUndefined();
    expect(passwordProblem("Abcdéf1!")).toBeUndefined();
    // Uppercase and lowercase mean A-Z and a-z, as Cognito documents them.
    expect(passwordProblem("Äbcdéf1!")).toBe(`${prefix}Password must have uppercase characters`);
    expect(passwordProblem("😀😀😀😀😀😀aA1!", { MinimumLength: 10 })).toBeUndefined();
    expect(passwordProblem("😀aA1!", { MinimumLength: 6 })).toBe(`${prefix}Password not long enough`);
  });

  it("checks only what the pool requires", () => {
    expect(
      passwordProblem("abcdef", {
        MinimumLength: 6,
        RequireUppercase: false,
        RequireNumbers: false,
        RequireSymbols: false,
      }),
    ).toBeUndefined();
    expect(
      passwordProblem("abcdef", {
        MinimumLength: 6,
        RequireUppercase: false,
        RequireNumbers: false,
        RequireSymbols: false,
        RequireLowercase: true,
      }),
    ).toBeUndefined();
  });
});

describe("lockout after failed sign-ins", () => {
  const t = 1_000_000;
  it("allows 5 failures, then locks for 1 s, 2 s, 4 s ... up to 15 minutes", () => {
    let record: ReturnType<typeof afterFailure> | undefined;
    for (let i = 1; i <= 5; i++) record = afterFailure(record, t);
    expect(record).toEqual({ failures: 5, lastFailureAt: t });
    expect(lockedUntil(record, t)).toBe(t + 1000);
    expect(lockedUntil(record, t + 1000)).toBeUndefined();
    expect(lockedUntil({ failures: 7, lastFailureAt: t }, t + 1)).toBe(t + 4000);
    expect(lockedUntil({ failures: 40, lastFailureAt: t }, t + 1)).toBe(t + 15 * 60 * 1000);
    expect(lockedUntil({ failures: 4, lastFailureAt: t }, t)).toBeUndefined();
  });

  it("starts over after 15 minutes without a failure", () => {
    expect(lockedUntil({ failures: 30, lastFailureAt: t }, t + 15 * 60 * 1000)).toBeUndefined();
    expect(afterFailure({ failures: 30, lastFailureAt: t }, t + 15 * 60 * 1000)).toEqual({
      failures: 1,
      lastFailureAt: t + 15 * 60 * 1000,
    });
    expect(afterFailure({ failures: 3, lastFailureAt: t }, t + 1000)).toEqual({
      failures: 4,
      lastFailureAt: t + 1000,
    });
  });
});

describe("codes", () => {
  it("are six digits, spread over the whole range", () => {
    const codes = Array.from({ length: 2000 }, generateCode);
    for (const code of codes) expect(code).toMatch(/^\d{6}$/);
    expect(new Set(codes).size).toBeGreaterThan(1990);
    expect(codes.some((c) => c.startsWith("0"))).toBe(true);
  });

  it("live 24 h for sign-up and 1 h for password reset", () => {
    expect(CODE_TTL_MS.signUp).toBe(86_400_000);
    expect(CODE_TTL_MS.forgotPassword).toBe(3_600_000);
  });

  it("mask destinations as Cognito shows them", () => {
    expect(maskDestination("jane@example.com")).toBe("j****@e****");
    expect(maskDestination("+15555551234")).toBe("+*******1234");
  });
});
