import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

// `npx cognate policy simulate ...` is the package's bin: `node dist/entry/node.js` (built by `npm test`).
const cli = (...args: string[]) =>
  spawnSync("node", ["dist/entry/node.js", "policy", ...args], { encoding: "utf8", timeout: 20_000 });
const ARN = "arn:aws:execute-api:us-east-1:000000000000:cognate/$default";

describe("cognate policy simulate (the program)", () => {
  it("prints the decision and its explanation, with exit status 0 when allowed and 1 when denied", () => {
    const allowed = cli(
      "simulate",
      "--policies",
      "policies/",
      "--action",
      "execute-api:Invoke",
      "--resource",
      `${ARN}/GET/orders`,
    );
    expect(allowed.status).toBe(0);
    expect(allowed.stdout).toContain(
      'Allow: policies/read-only.json Statement[0] (Sid "ReadAnything") allows execute-api:Invoke',
    );
    const denied = cli(
      "simulate",
      "--policies",
      "policies/read-only.json",
      "--action",
      "execute-api:Invoke",
      "--resource",
      `${ARN}/POST/orders`,
      "--context",
      "aws:SourceIp=203.0.113.1",
    );
    expect(denied.status).toBe(1);
    expect(denied.stdout).toContain("ImplicitDeny: no statement allows execute-api:Invoke");
  });

  it("answers a usage error with status 2 and the usage on stderr", () => {
    const bad = cli("simulate", "--policies", "policies/", "--bogus");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("usage: cognate policy simulate");
    expect(bad.stdout).toBe("");
  });
});
