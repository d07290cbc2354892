import { describe, expect, it } from "vitest";
import { OptionsError } from "../util/validate.js";
import { cognitoTrust } from "./fixtures.testing.js";
import { DEFAULT_MAX_SESSION_DURATION, resolveRole, resolveRoles } from "./roles.js";

const invoke = {
  Version: "2012-10-17",
  Statement: { Effect: "Allow", Action: "execute-api:Invoke", Resource: "arn:aws:execute-api:*:*:*" },
};

function problem(fn: () => unknown): { path: string; problem: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof OptionsError) return { path: e.path, problem: e.problem };
    throw e;
  }
  throw new Error("did not throw");
}

describe("resolveRoles", () => {
  it("parses each role: its ARN, trust policy, permission policies in order, and session bound", () => {
    const roles = resolveRoles(
      {
        Reader: {
          AssumeRolePolicyDocument: cognitoTrust(),
          Policies: { invoke, more: JSON.stringify(invoke) },
        },
        Guest: {
          AssumeRolePolicyDocument: JSON.stringify(cognitoTrust("unauthenticated")),
          MaxSessionDuration: 43200,
        },
      },
      "roles",
    );
    expect(roles.names).toEqual(["Guest", "Reader"]);
    const reader = roles.named("Reader")!;
    expect(reader.arn).toBe("arn:aws:iam::000000000000:role/Reader");
    expect(reader.maxSessionDuration).toBe(DEFAULT_MAX_SESSION_DURATION);
    expect(reader.trust.source).toBe("roles.Reader.AssumeRolePolicyDocument");
    expect(reader.trust.statements[0]?.principal?.names.Federated).toEqual([
      "cognito-identity.amazonaws.com",
    ]);
    expect(reader.policies.map((p) => p.source)).toEqual([
      "roles.Reader.Policies.invoke",
      "roles.Reader.Policies.more",
    ]);
    const guest = roles.named("Guest")!;
    expect(guest.policies).toEqual([]);
    expect(guest.maxSessionDuration).toBe(43200);
    expect(Object.isFrozen(reader)).toBe(true);
  });

  it("holds no roles when the field is absent", () => {
    expect(resolveRoles(undefined, "roles").size).toBe(0);
  });

  it("looks a role up by ARN, by name, whatever the 12-digit account and path", () => {
    const roles = resolveRoles({ Reader: { AssumeRolePolicyDocument: cognitoTrust() } }, "roles");
    const reader = roles.named("Reader");
    expect(roles.roleFor("arn:aws:iam::000000000000:role/Reader")).toBe(reader);
    expect(roles.roleFor("arn:aws:iam::123456789012:role/Reader")).toBe(reader);
    expect(roles.roleFor("arn:aws:iam::123456789012:role/service-role/Reader")).toBe(reader);
    expect(roles.roleFor("arn:aws:iam::123456789012:role/reader")).toBeUndefined(); // names are exact
    expect(roles.roleFor("arn:aws:iam::123456789012:role/Writer")).toBeUndefined();
    expect(roles.roleFor("arn:aws:iam::123456789012:user/Reader")).toBeUndefined();
    expect(roles.roleFor("Reader")).toBeUndefined();
  });

  it("names the field that is wrong", () => {
    const cases: [unknown, string, RegExp][] = [
      [[], "roles", /must be an object of role documents/],
      [{ "Read er": { AssumeRolePolicyDocument: cognitoTrust() } }, "roles.Read er", /not a role name/],
      [
        { [`R${"x".repeat(64)}`]: { AssumeRolePolicyDocument: cognitoTrust() } },
        `roles.R${"x".repeat(64)}`,
        /not a role name/,
      ],
      [{ Reader: "nope" }, "roles.Reader", /must be an object/],
      [{ Reader: {} }, "roles.Reader.AssumeRolePolicyDocument", /is required/],
      [
        { Reader: { AssumeRolePolicyDocument: cognitoTrust(), Polices: {} } },
        "roles.Reader.Polices",
        /unknown field/,
      ],
      [
        { Reader: { AssumeRolePolicyDocument: 42 } },
        "roles.Reader.AssumeRolePolicyDocument",
        /must be a policy document/,
      ],
      [
        { Reader: { AssumeRolePolicyDocument: "{nope" } },
        "roles.Reader.AssumeRolePolicyDocument",
        /not valid JSON/,
      ],
      [
        { Reader: { AssumeRolePolicyDocument: invoke } },
        "roles.Reader.AssumeRolePolicyDocument.Statement.Resource",
        /not allowed in a trust policy/,
      ],
      [
        {
          Reader: {
            AssumeRolePolicyDocument: {
              Statement: [{ Effect: "Allow", Action: "sts:AssumeRoleWithWebIdentity" }],
            },
          },
        },
        "roles.Reader.AssumeRolePolicyDocument.Statement[0]",
        /needs a Principal/,
      ],
      [
        {
          Reader: {
            AssumeRolePolicyDocument: {
              Statement: [
                { Effect: "Allow", NotPrincipal: { AWS: "123456789012" }, Action: "sts:AssumeRole" },
              ],
            },
          },
        },
        "roles.Reader.AssumeRolePolicyDocument.Statement[0].NotPrincipal",
        /not allowed in a trust policy/,
      ],
      [
        {
          Reader: {
            AssumeRolePolicyDocument: {
              Statement: [
                {
                  Effect: "Allow",
                  Principal: { Federated: "x" },
                  Action: "sts:AssumeRole",
                  NotResource: "*",
                },
              ],
            },
          },
        },
        "roles.Reader.AssumeRolePolicyDocument.Statement[0].NotResource",
        /not allowed in a trust policy/,
      ],
      [
        {
          Reader: {
            AssumeRolePolicyDocument: {
              ...cognitoTrust(),
              Statement: [{ ...cognitoTrust().Statement[0], Effect: "allow" }],
            },
          },
        },
        "roles.Reader.AssumeRolePolicyDocument.Statement[0].Effect",
        /must be "Allow" or "Deny"/,
      ],
      [
        { Reader: { AssumeRolePolicyDocument: {} } },
        "roles.Reader.AssumeRolePolicyDocument.Statement",
        /missing/,
      ],
      [
        { Reader: { AssumeRolePolicyDocument: cognitoTrust(), Policies: [] } },
        "roles.Reader.Policies",
        /policies by name/,
      ],
      [
        { Reader: { AssumeRolePolicyDocument: cognitoTrust(), Policies: { "bad name": invoke } } },
        "roles.Reader.Policies.bad name",
        /not a policy name/,
      ],
      [
        {
          Reader: {
            AssumeRolePolicyDocument: cognitoTrust(),
            Policies: { p: { Statement: { ...cognitoTrust().Statement[0], Resource: "*" } } },
          },
        },
        "roles.Reader.Policies.p.Statement.Principal",
        /identity policy names no principal/,
      ],
      [
        { Reader: { AssumeRolePolicyDocument: cognitoTrust(), Policies: { p: "[1]" } } },
        "roles.Reader.Policies.p",
        /must be a JSON object/,
      ],
      [
        { Reader: { AssumeRolePolicyDocument: cognitoTrust(), MaxSessionDuration: 3599 } },
        "roles.Reader.MaxSessionDuration",
        /3600 to 43200/,
      ],
      [
        { Reader: { AssumeRolePolicyDocument: cognitoTrust(), MaxSessionDuration: 43201 } },
        "roles.Reader.MaxSessionDuration",
        /3600 to 43200/,
      ],
      [
        { Reader: { AssumeRolePolicyDocument: cognitoTrust(), MaxSessionDuration: 3600.5 } },
        "roles.Reader.MaxSessionDuration",
        /whole number/,
      ],
      [
        { Reader: { AssumeRolePolicyDocument: cognitoTrust(), MaxSessionDuration: "3600" } },
        "roles.Reader.MaxSessionDuration",
        /whole number/,
      ],
      [
        { Reader: { AssumeRolePolicyDocument: cognitoTrust(), Description: 1 } },
        "roles.Reader.Description",
        /must be a string/,
      ],
    ];
    for (const [value, path, what] of cases) {
      const found = problem(() => resolveRoles(value, "roles"));
      expect(found.path, JSON.stringify(value)).toBe(path);
      expect(found.problem, path).toMatch(what);
    }
  });

  it("refuses two role names that differ only by case, as IAM does", () => {
    const trust = { AssumeRolePolicyDocument: cognitoTrust() };
    expect(problem(() => resolveRoles({ Reader: trust, READER: trust }, "roles"))).toEqual({
      path: "roles.READER",
      problem:
        'the role name "READER" is also used by roles.Reader: role names are not distinguished by case',
    });
  });

  it("keeps the caller's document untouched (the trust policy's implied Resource is added to a copy)", () => {
    const trust = cognitoTrust();
    const before = JSON.stringify(trust);
    resolveRoles({ Reader: { AssumeRolePolicyDocument: trust } }, "roles");
    expect(JSON.stringify(trust)).toBe(before);
  });
});

describe("resolveRole for a file", () => {
  it("starts every error with the file's path, and labels the policies with it", () => {
    const file = "policies/roles/Reader.json";
    const role = resolveRole(
      "Reader",
      { AssumeRolePolicyDocument: cognitoTrust(), Policies: { invoke } },
      "",
      file,
    );
    expect(role.policies[0]?.source).toBe(`${file}: Policies.invoke`);
    expect(role.trust.source).toBe(`${file}: AssumeRolePolicyDocument`);
    expect(problem(() => resolveRole("Reader", { Extra: 1 }, "", file))).toEqual({
      path: `${file}: Extra`,
      problem: expect.stringMatching(/unknown field/),
    });
    expect(problem(() => resolveRole("Reader", [], "", file)).path).toBe(file);
    expect(
      problem(() => resolveRole("Reader", { AssumeRolePolicyDocument: { Statement: [] } }, "", file)).path,
    ).toBe(`${file}: AssumeRolePolicyDocument.Statement`);
  });
});
