import { describe, expect, it } from "vitest";
import { configRoles, mergeRoles, roleRegistry } from "./config-roles.js";
import { resolveConfig } from "./config.js";
import { resolveRoles } from "./iam/roles.js";
import { OptionsError } from "./util/validate.js";

const TRUST = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { Federated: "cognito-identity.amazonaws.com" },
      Action: "sts:AssumeRoleWithWebIdentity",
    },
  ],
};
const READ = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "execute-api:Invoke", Resource: "*" }],
};
const READER = { AssumeRolePolicyDocument: TRUST, Policies: { read: READ } };

describe("the configuration's roles", () => {
  it("are none by default, kept as given once valid, and read into a registry by ARN of any account", () => {
    expect(resolveConfig({}).roles).toEqual({});
    const config = resolveConfig({ roles: { Reader: READER } });
    expect(config.roles).toEqual({ Reader: READER });
    expect(resolveConfig(config).roles).toEqual({ Reader: READER });
    const registry = roleRegistry(config.roles);
    expect(registry.roleFor("arn:aws:iam::123456789012:role/app/Reader")?.policies).toHaveLength(1);
    expect(roleRegistry(config.roles)).toBe(registry);
  });

  it("name the bad field", () => {
    expect(() => resolveConfig({ roles: [] })).toThrow(/^roles: must be an object of role documents/);
    expect(() => resolveConfig({ roles: { Reader: { Policies: {} } } })).toThrow(
      /^roles\.Reader\.AssumeRolePolicyDocument: is required/,
    );
    expect(() => configRoles({ "bad name": READER })).toThrow(OptionsError);
  });
});

describe("mergeRoles", () => {
  it("joins the sources, and refuses a role defined in two, naming both", () => {
    const fromConfig = resolveRoles({ Reader: READER }, "roles");
    const fromFiles = resolveRoles({ Writer: READER }, "");
    const merged = mergeRoles([
      { source: "roles", roles: fromConfig },
      { source: "policies/roles", roles: fromFiles },
    ]);
    expect(merged.names).toEqual(["Reader", "Writer"]);
    try {
      mergeRoles([
        { source: "roles", roles: fromConfig },
        { source: "policies/roles", roles: resolveRoles({ Reader: READER }, "") },
      ]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(OptionsError);
      expect((error as OptionsError).path).toBe("roles.Reader");
      expect((error as OptionsError).problem).toBe(
        "role Reader is also defined in policies/roles: define it once",
      );
    }
    expect(() =>
      mergeRoles([
        { source: "roles", roles: fromConfig },
        { source: "policies/roles", roles: resolveRoles({ READER: READER }, "") },
      ]),
    ).toThrow(
      "role READER is also defined in policies/roles (role names are not distinguished by case): define it once",
    );
  });
});
