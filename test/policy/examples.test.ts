// The example policies in policies/, through `cognate policy simulate` (in-process here; the
// spawned program is tested in test/node/policy-cli.test.ts).
import { describe, expect, it } from "vitest";
import { policyCli } from "../../src/entry/policy-cli.js";

const ARN = (method: string, path: string) =>
  `arn:aws:execute-api:us-east-1:000000000000:cognate/$default/${method}/${path}`;

function run(...args: string[]): { status: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const status = policyCli(
    ["simulate", "--policies", "policies/", "--action", "execute-api:Invoke", ...args],
    (l) => out.push(l),
    (l) => err.push(l),
  );
  return { status, out: out.join("\n"), err: err.join("\n") };
}

describe("the example policies, simulated", () => {
  it("read-only allows GET anywhere", () => {
    const r = run("--resource", ARN("GET", "orders/1"));
    expect(r.status).toBe(0);
    expect(r.out).toContain(
      'Allow: policies/read-only.json Statement[0] (Sid "ReadAnything") allows execute-api:Invoke on',
    );
  });

  it("own-profile substitutes ${jwt:sub}, and deny-outside-network denies writes from outside", () => {
    const mine = run(
      "--resource",
      ARN("PUT", "users/abc"),
      "--context",
      "jwt:sub=abc",
      "--context",
      "aws:SourceIp=203.0.113.9",
    );
    expect(mine.status).toBe(0);
    expect(mine.out).toContain("policies/own-profile.json Statement[0]");
    expect(
      run(
        "--resource",
        ARN("PUT", "users/xyz"),
        "--context",
        "jwt:sub=abc",
        "--context",
        "aws:SourceIp=203.0.113.9",
      ).status,
    ).toBe(1);
    const outside = run(
      "--resource",
      ARN("PUT", "users/abc"),
      "--context",
      "jwt:sub=abc",
      "--context",
      "aws:SourceIp=198.51.100.1",
    );
    expect(outside.status).toBe(1);
    expect(outside.out).toMatch(
      /^ExplicitDeny: policies\/deny-outside-network\.json Statement\[0\] \(Sid "DenyWritesFromOutside"\) denies/,
    );
  });

  it("admins need the group and recent MFA, and the explanation names the failing condition", () => {
    const base = [
      "--resource",
      ARN("DELETE", "admin/users/7"),
      "--context",
      "jwt:cognito:groups=admins",
      "--context",
      "aws:SourceIp=203.0.113.9",
    ];
    const noMfa = run(...base);
    expect(noMfa.status).toBe(1);
    expect(noMfa.out).toContain("ImplicitDeny: no statement allows");
    expect(noMfa.out).toMatch(
      /admins\.json Statement\[0\] \(Sid "AdminsWithRecentMfa"\) \(Allow\) does not apply: Bool failed: aws:MultiFactorAuthPresent/,
    );
    const fresh = run(
      ...base,
      "--context",
      "aws:MultiFactorAuthPresent=true",
      "--context",
      "aws:MultiFactorAuthAge=60",
    );
    expect(fresh.status).toBe(0);
    expect(
      run(...base, "--context", "aws:MultiFactorAuthPresent=true", "--context", "aws:MultiFactorAuthAge=901")
        .status,
    ).toBe(1);
  });

  it("prints JSON results with --json, one per action and resource", () => {
    const r = run("--resource", ARN("GET", "a"), "--resource", ARN("POST", "a"), "--json");
    const { results } = JSON.parse(r.out);
    expect(results.map((x: { decision: string }) => x.decision)).toEqual(["Allow", "ExplicitDeny"]);
    expect(results[0].matchedStatements).toEqual([
      'policies/read-only.json Statement[0] (Sid "ReadAnything")',
    ]);
  });

  it("answers usage and policy errors with status 2 and a message", () => {
    expect(run().status).toBe(2);
    expect(run("--resource", ARN("GET", "a"), "--context", "novalue").err).toContain(
      'context entry "novalue" must be key=value',
    );
    const missing = policyCli(
      ["simulate", "--policies", "nope/", "--action", "a:b", "--resource", "*"],
      () => {},
      () => {},
    );
    expect(missing).toBe(2);
    expect(
      policyCli(
        ["frobnicate"],
        () => {},
        () => {},
      ),
    ).toBe(2);
  });
});
