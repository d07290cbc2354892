import { describe, expect, it } from "vitest";
import { buildPrincipal } from "./principal.js";
import { mfaPresent, policyRequest, resourceArn } from "./request-context.js";

const API = { region: "eu-west-1", accountId: "123456789012", apiId: "shop", stage: "live" };
const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);

describe("the policy request of an authenticated request", () => {
  it("names the execute-api ARN of the method and path", () => {
    expect(resourceArn(API, "get", "/orders/7")).toBe(
      "arn:aws:execute-api:eu-west-1:123456789012:shop/live/GET/orders/7",
    );
    expect(resourceArn(API, "GET", "/")).toBe("arn:aws:execute-api:eu-west-1:123456789012:shop/live/GET/");
  });

  it.each([
    [undefined, undefined],
    [["pwd"], false],
    [["mfa"], true],
    [["pwd", "otp"], true],
    [["pwd", "sms"], true],
    [["otp"], false],
    [["hwk", "user"], false],
    [["pin", "hwk"], true],
  ])("amr %j -> aws:MultiFactorAuthPresent %s", (amr, expected) => {
    expect(mfaPresent(amr === undefined ? {} : { amr })).toBe(expected);
  });

  it("carries the aws: keys and every claim as jwt:<claim>", () => {
    const claims = {
      sub: "u-1",
      iss: "https://idp",
      iat: NOW / 1000 - 60,
      auth_time: NOW / 1000 - 120,
      amr: ["pwd", "otp"],
      scope: "a b",
      "cognito:groups": ["x", "y"],
      n: 5,
      ok: true,
      nested: { a: 1 },
    };
    const principal = buildPrincipal(claims, { username: "alice", groups: ["x", "y"], tokenUse: "access" });
    const { action, resource, context } = policyRequest(
      principal,
      { method: "POST", path: "/a", secure: true, sourceIp: "203.0.113.9", now: NOW },
      API,
    );
    expect(action).toBe("execute-api:Invoke");
    expect(resource).toBe("arn:aws:execute-api:eu-west-1:123456789012:shop/live/POST/a");
    expect(context).toMatchObject({
      "aws:SourceIp": "203.0.113.9",
      "aws:CurrentTime": "2026-11-26T12:00:00Z",
      "aws:EpochTime": String(NOW / 1000),
      "aws:SecureTransport": "true",
      "aws:TokenIssueTime": "2026-11-26T11:59:00Z",
      "aws:MultiFactorAuthPresent": "true",
      "aws:MultiFactorAuthAge": "120",
      "aws:userid": "u-1",
      "aws:username": "alice",
      "jwt:sub": "u-1",
      "jwt:scope": ["a", "b"],
      "jwt:cognito:groups": ["x", "y"],
      "jwt:n": 5,
      "jwt:ok": true,
    });
    expect(context!["jwt:nested"]).toBeUndefined();
  });

  it("measures MFA age from auth_time only (a refreshed token's iat is no new authentication), and unmaps IPv4-mapped addresses", () => {
    const refreshed = buildPrincipal(
      { sub: "u", iss: "i", iat: NOW / 1000 - 5, amr: ["pwd", "otp"] },
      { username: undefined, groups: [], tokenUse: undefined },
    );
    const facts = { method: "GET", path: "/", secure: true, sourceIp: "::ffff:198.51.100.7", now: NOW };
    const context = policyRequest(refreshed, facts, API).context!;
    expect(context["aws:MultiFactorAuthPresent"]).toBe("true");
    expect(context).not.toHaveProperty("aws:MultiFactorAuthAge");
    expect(context["aws:SourceIp"]).toBe("198.51.100.7");
    expect(
      policyRequest(refreshed, { ...facts, sourceIp: "2001:db8::1" }, API).context!["aws:SourceIp"],
    ).toBe("2001:db8::1");
  });

  it("leaves MFA keys absent when the token says nothing of MFA, and the age absent without MFA", () => {
    const bare = buildPrincipal(
      { sub: "u", iss: "i", iat: 1 },
      { username: undefined, groups: [], tokenUse: undefined },
    );
    const facts = { method: "GET", path: "/", secure: false, sourceIp: undefined, now: NOW };
    expect(policyRequest(bare, facts, API).context).not.toHaveProperty("aws:MultiFactorAuthPresent");
    const pwd = buildPrincipal(
      { sub: "u", iss: "i", iat: 1, amr: ["pwd"] },
      { username: undefined, groups: [], tokenUse: undefined },
    );
    const context = policyRequest(pwd, facts, API).context!;
    expect(context["aws:MultiFactorAuthPresent"]).toBe("false");
    expect(context).not.toHaveProperty("aws:MultiFactorAuthAge");
    expect(context["aws:SecureTransport"]).toBe("false");
  });
});
