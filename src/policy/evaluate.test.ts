import { describe, expect, it } from "vitest";
import { evaluate } from "./evaluate.js";
import { explain } from "./explain.js";
import { parsePolicy } from "./parse.js";

const ARN = "arn:aws:execute-api:us-east-1:123456789012:api/prod";
const doc = (statements: unknown[], version = "2012-10-17") => ({ Version: version, Statement: statements });
const allow = (resource: unknown, extra: Record<string, unknown> = {}) => ({
  Effect: "Allow",
  Action: "execute-api:Invoke",
  Resource: resource,
  ...extra,
});
const deny = (resource: unknown, extra: Record<string, unknown> = {}) => ({
  Effect: "Deny",
  Action: "execute-api:Invoke",
  Resource: resource,
  ...extra,
});
const request = (path: string, context = {}) => ({
  action: "execute-api:Invoke",
  resource: `${ARN}/${path}`,
  context,
});

describe("evaluate: the decision", () => {
  it("is ImplicitDeny without a matching Allow, Allow with one, ExplicitDeny when any Deny matches", () => {
    const p = parsePolicy(doc([allow(`${ARN}/GET/*`), deny(`${ARN}/GET/secret`)]), "p.json");
    expect(evaluate([p], request("POST/x")).decision).toBe("ImplicitDeny");
    expect(evaluate([p], request("GET/x")).decision).toBe("Allow");
    const denied = evaluate([p], request("GET/secret"));
    expect(denied.decision).toBe("ExplicitDeny");
    expect(denied.statements.map((s) => s.index)).toEqual([1]);
  });

  it("lets a Deny in one policy override an Allow in another", () => {
    const a = parsePolicy(doc([allow("*")]), "a.json");
    const d = parsePolicy(
      doc([deny("*", { Condition: { Bool: { "aws:SecureTransport": "false" } } })]),
      "d.json",
    );
    expect(evaluate([a, d], request("GET/x", { "aws:SecureTransport": "false" })).decision).toBe(
      "ExplicitDeny",
    );
    expect(evaluate([a, d], request("GET/x", { "aws:SecureTransport": "true" })).decision).toBe("Allow");
  });

  it("matches actions case-insensitively and resources case-sensitively", () => {
    const p = parsePolicy(
      doc([{ Effect: "Allow", Action: "EXECUTE-API:invoke", Resource: `${ARN}/GET/Orders` }]),
      "p.json",
    );
    expect(evaluate([p], request("GET/Orders")).decision).toBe("Allow");
    expect(evaluate([p], request("GET/orders")).decision).toBe("ImplicitDeny");
  });

  it("applies NotAction and NotResource as 'anything but'", () => {
    const p = parsePolicy(
      doc([{ Effect: "Allow", NotAction: "s3:*", NotResource: `${ARN}/DELETE/*` }]),
      "p.json",
    );
    expect(evaluate([p], request("GET/x")).decision).toBe("Allow");
    expect(evaluate([p], request("DELETE/x")).decision).toBe("ImplicitDeny");
    expect(evaluate([p], { action: "s3:GetObject", resource: "arn:aws:s3:::b/k" }).decision).toBe(
      "ImplicitDeny",
    );
  });

  it("allows through a resource policy that names the caller, and lets its Deny win over an identity Allow", () => {
    const identity = [parsePolicy(doc([allow(`${ARN}/GET/*`)]), "identity.json")];
    const resource = parsePolicy(
      doc([
        allow(`${ARN}/POST/*`, { Principal: { Federated: "https://idp.example.com" } }),
        deny(`${ARN}/GET/private`, { NotPrincipal: { Federated: "https://admin.example.com" } }),
      ]),
      "resource.json",
    );
    const caller = { Federated: ["https://idp.example.com"] };
    expect(evaluate({ identity, resource }, { ...request("POST/x"), principal: caller }).decision).toBe(
      "Allow",
    );
    expect(
      evaluate(
        { identity, resource },
        { ...request("POST/x"), principal: { Federated: ["https://other.example.com"] } },
      ).decision,
    ).toBe("ImplicitDeny");
    expect(evaluate({ identity, resource }, { ...request("GET/private"), principal: caller }).decision).toBe(
      "ExplicitDeny",
    );
    expect(
      evaluate(
        { identity, resource },
        { ...request("GET/private"), principal: { Federated: ["https://admin.example.com"] } },
      ).decision,
    ).toBe("Allow");
  });

  it("treats an account id in Principal as that account's root", () => {
    const resource = parsePolicy(doc([allow("*", { Principal: { AWS: "123456789012" } })]), "r.json");
    expect(
      evaluate(
        { identity: [], resource },
        { ...request("GET/x"), principal: { AWS: ["arn:aws:iam::123456789012:root"] } },
      ).decision,
    ).toBe("Allow");
    expect(
      evaluate(
        { identity: [], resource },
        { ...request("GET/x"), principal: { AWS: ["arn:aws:iam::999999999999:root"] } },
      ).decision,
    ).toBe("ImplicitDeny");
  });

  it("ANDs operators and keys, ORs values", () => {
    const p = parsePolicy(
      doc([
        allow("*", {
          Condition: {
            StringEquals: { "jwt:team": ["red", "blue"], "jwt:tier": "gold" },
            Bool: { "aws:SecureTransport": "true" },
          },
        }),
      ]),
      "p.json",
    );
    const ctx = { "jwt:team": "blue", "jwt:tier": "gold", "aws:SecureTransport": "true" };
    expect(evaluate([p], request("GET/x", ctx)).decision).toBe("Allow");
    expect(evaluate([p], request("GET/x", { ...ctx, "jwt:team": "green" })).decision).toBe("ImplicitDeny");
    expect(evaluate([p], request("GET/x", { ...ctx, "jwt:tier": "silver" })).decision).toBe("ImplicitDeny");
    expect(evaluate([p], request("GET/x", { ...ctx, "aws:SecureTransport": "false" })).decision).toBe(
      "ImplicitDeny",
    );
  });

  it("substitutes variables only under Version 2012-10-17", () => {
    const v2012 = parsePolicy(doc([allow(`${ARN}/GET/users/\${jwt:sub}`)]), "new.json");
    const v2008 = parsePolicy(doc([allow(`${ARN}/GET/users/\${jwt:sub}`)], "2008-10-17"), "old.json");
    expect(evaluate([v2012], request("GET/users/u1", { "jwt:sub": "u1" })).decision).toBe("Allow");
    expect(evaluate([v2008], request("GET/users/u1", { "jwt:sub": "u1" })).decision).toBe("ImplicitDeny");
    expect(evaluate([v2008], request("GET/users/${jwt:sub}", { "jwt:sub": "u1" })).decision).toBe("Allow");
  });

  it("drops a statement whose NotResource variable is unresolved, Deny or Allow (issue 17)", () => {
    const tenants = `${ARN}/GET/tenants/\${jwt:tenant}/*`;
    const p = parsePolicy(
      doc([allow("*"), deny(`${ARN}/GET/*`, { Resource: undefined, NotResource: tenants })]),
      "p.json",
    );
    expect(evaluate([p], request("GET/tenants/a/x", { "jwt:tenant": "a" })).decision).toBe("Allow");
    expect(evaluate([p], request("GET/tenants/b/x", { "jwt:tenant": "a" })).decision).toBe("ExplicitDeny");
    // AWS: the statement is invalid, so this Deny does not apply (guard it with a Null condition).
    expect(evaluate([p], request("GET/tenants/a/x")).decision).toBe("Allow");
    expect(evaluate([p], request("GET/tenants/a/x", { "jwt:tenant": ["a"] })).decision).toBe("Allow");
    const onlyAllow = parsePolicy(
      doc([{ Effect: "Allow", Action: "execute-api:Invoke", NotResource: tenants }]),
      "q.json",
    );
    expect(evaluate([onlyAllow], request("GET/tenants/b/x")).decision).toBe("ImplicitDeny");
    expect(evaluate([onlyAllow], request("GET/tenants/b/x", { "jwt:tenant": "a" })).decision).toBe("Allow");
    // Within the pattern's service, region and account, the statement drops (as iam-simulate)...
    expect(evaluate([onlyAllow], request("GET/other")).decision).toBe("ImplicitDeny");
    // ...outside them, no value of the variable could put the resource under it.
    const elsewhere = {
      action: "execute-api:Invoke",
      resource: "arn:aws:execute-api:eu-west-1:123456789012:api/x",
    };
    expect(evaluate([onlyAllow], elsewhere).decision).toBe("Allow");
  });
});

describe("explain", () => {
  it("names the deciding statements and, for those that did not apply, the failing condition", () => {
    const p = parsePolicy(
      doc([
        {
          Sid: "Admins",
          ...allow("*", {
            Condition: {
              Bool: { "aws:MultiFactorAuthPresent": "true" },
              StringEquals: { "jwt:team": "ops" },
            },
          }),
        },
        { Sid: "Reads", ...allow(`${ARN}/GET/*`) },
        { Sid: "Elsewhere", ...allow("arn:aws:execute-api:eu-west-1:*:*") },
      ]),
      "admins.json",
    );
    const req = request("POST/x", { "jwt:team": "ops" });
    const lines = explain(evaluate([p], req), req);
    expect(lines[0]).toBe(`ImplicitDeny: no statement allows execute-api:Invoke on ${ARN}/POST/x`);
    expect(lines[1]).toMatch(
      /^admins\.json Statement\[0\] \(Sid "Admins"\) \(Allow\) does not apply: Bool failed: aws:MultiFactorAuthPresent/,
    );
    expect(lines).toHaveLength(2); // Reads and Elsewhere do not cover the resource: not worth a line

    const ok = request("GET/x");
    expect(explain(evaluate([p], ok), ok)).toEqual([
      `Allow: admins.json Statement[1] (Sid "Reads") allows execute-api:Invoke on ${ARN}/GET/x`,
      expect.stringContaining('Statement[0] (Sid "Admins") (Allow) does not apply'),
    ]);
  });
});
