import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

  it("says which policy variable could not be resolved when a statement did not apply", () => {
    const dir = mkdtempSync(join(tmpdir(), "cognate-policy-"));
    const file = join(dir, "tenants.json");
    writeFileSync(
      file,
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "Tenant",
            Effect: "Allow",
            Action: "execute-api:Invoke",
            NotResource: `${ARN}/GET/tenants/\${jwt:tenant}/*`,
          },
          {
            Sid: "Owner",
            Effect: "Allow",
            Action: "execute-api:Invoke",
            Resource: "*",
            Condition: { StringEquals: { "jwt:sub": "${jwt:owner}" } },
          },
        ],
      }),
    );
    const run = (...context: string[]) =>
      cli(
        "simulate",
        "--policies",
        file,
        "--action",
        "execute-api:Invoke",
        "--resource",
        `${ARN}/GET/tenants/a/x`,
        ...context,
      );
    const denied = run("--context", "jwt:sub=u-1", "--context", "jwt:owner=u-2");
    expect(denied.status).toBe(1);
    expect(denied.stdout).toContain(
      `${file} Statement[0] (Sid "Tenant") (Allow) does not apply: NotResource cannot be decided, a policy variable is unresolved: ${ARN}/GET/tenants/\${jwt:tenant}/* (\${jwt:tenant} cannot be resolved: jwt:tenant is absent)`,
    );
    expect(denied.stdout).toContain(
      `${file} Statement[1] (Sid "Owner") (Allow) does not apply: StringEquals failed: jwt:sub u-1 equals none of \${jwt:owner} (u-2)`,
    );
    const multivalued = run(
      "--context",
      "jwt:sub=u-1",
      "--context",
      "jwt:owner=a",
      "--context",
      "jwt:owner=b",
    );
    expect(multivalued.stdout).toContain(
      "StringEquals failed: jwt:sub u-1 cannot be compared, a policy variable is unresolved: ${jwt:owner} (unresolved: jwt:owner is multivalued)",
    );
    // With the tenant resolved (to another tenant), the NotResource decides and allows.
    expect(run("--context", "jwt:tenant=b").status).toBe(0);
  });

  // Attack 4, finding 05: a value that leaves its path segment is named for NotResource too.
  it("names the variable and its value when a NotResource is decided against the caller", () => {
    const dir = mkdtempSync(join(tmpdir(), "cognate-policy-"));
    const file = join(dir, "sod.json");
    const notResource = `${ARN}/POST/s/expenses/\${aws:username}/approve`;
    writeFileSync(
      file,
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "ApproveOthersOnly",
            Effect: "Allow",
            Action: "execute-api:Invoke",
            NotResource: notResource,
          },
        ],
      }),
    );
    const run = (username: string) =>
      cli(
        "simulate",
        "--policies",
        file,
        "--action",
        "execute-api:Invoke",
        "--resource",
        `${ARN}/POST/s/expenses/bob/x/approve`,
        "--context",
        `aws:username=${username}`,
      );
    const denied = run("bob/x");
    expect(denied.status).toBe(1);
    expect(denied.stdout).toContain(
      `${file} Statement[0] (Sid "ApproveOthersOnly") (Allow) does not apply: NotResource is decided against the caller because of a policy variable: ${notResource} (\${aws:username} is "bob/x", which is no text within one path segment: decided against the caller)`,
    );
    expect(run("alice").status).toBe(0);
  });

  it("refuses a policy with a malformed variable with status 2, naming the statement and the text", () => {
    const dir = mkdtempSync(join(tmpdir(), "cognate-policy-"));
    const file = join(dir, "tenant.json");
    writeFileSync(
      file,
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Sid: "AllowTenants", Effect: "Allow", Action: "execute-api:Invoke", Resource: `${ARN}/*` },
          {
            Sid: "DenyOtherTenants",
            Effect: "Deny",
            Action: "execute-api:Invoke",
            NotResource: `${ARN}/GET/tenants/\${jwt:tenant, "-"}/*`,
          },
        ],
      }),
    );
    const run = cli(
      "simulate",
      "--policies",
      dir,
      "--action",
      "execute-api:Invoke",
      "--resource",
      `${ARN}/GET/tenants/globex/x`,
      "--context",
      "jwt:tenant=acme",
    );
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(
      `cognate policy: ${file}: Statement[1] (Sid "DenyOtherTenants").NotResource: \${jwt:tenant, "-"} is not a well-formed policy variable`,
    );
  });

  it("answers a usage error with status 2 and the usage on stderr", () => {
    const bad = cli("simulate", "--policies", "policies/", "--bogus");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("usage: cognate policy simulate");
    expect(bad.stdout).toBe("");
  });
});
