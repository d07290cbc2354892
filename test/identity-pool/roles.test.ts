// SetIdentityPoolRoles and GetIdentityPoolRoles through @aws-sdk/client-cognito-identity.
import {
  CreateIdentityPoolCommand,
  GetIdentityPoolRolesCommand,
  InvalidParameterException,
  ResourceNotFoundException,
  SetIdentityPoolRolesCommand,
} from "@aws-sdk/client-cognito-identity";
import { describe, expect, it } from "vitest";
import { identityServer, rejection } from "./setup.js";

const { identity } = identityServer();
const role = (name: string) => `arn:aws:iam::000000000000:role/${name}`;
const PROVIDER = "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123:client1";

async function pool() {
  const created = await identity().send(
    new CreateIdentityPoolCommand({ IdentityPoolName: "roles", AllowUnauthenticatedIdentities: true }),
  );
  return created.IdentityPoolId!;
}

describe("identity pool roles through the AWS SDK v3", () => {
  it("keeps the roles and the Token and Rules mappings as set, replaced whole by the next call", async () => {
    const IdentityPoolId = await pool();
    expect(await identity().send(new GetIdentityPoolRolesCommand({ IdentityPoolId }))).toMatchObject({
      IdentityPoolId,
      Roles: {},
      RoleMappings: {},
    });
    const RoleMappings = {
      [PROVIDER]: {
        Type: "Rules" as const,
        AmbiguousRoleResolution: "Deny" as const,
        RulesConfiguration: {
          Rules: [
            { Claim: "custom:dept", MatchType: "Equals" as const, Value: "sales", RoleARN: role("Sales") },
          ],
        },
      },
      "accounts.google.com": {
        Type: "Token" as const,
        AmbiguousRoleResolution: "AuthenticatedRole" as const,
      },
    };
    await identity().send(
      new SetIdentityPoolRolesCommand({
        IdentityPoolId,
        Roles: {
          authenticated: role("Reader"),
          unauthenticated: "arn:aws:iam::123456789012:role/path/Guest",
        },
        RoleMappings,
      }),
    );
    expect(await identity().send(new GetIdentityPoolRolesCommand({ IdentityPoolId }))).toMatchObject({
      Roles: { authenticated: role("Reader"), unauthenticated: "arn:aws:iam::123456789012:role/path/Guest" },
      RoleMappings,
    });
    await identity().send(
      new SetIdentityPoolRolesCommand({ IdentityPoolId, Roles: { authenticated: role("Other") } }),
    );
    const replaced = await identity().send(new GetIdentityPoolRolesCommand({ IdentityPoolId }));
    expect(replaced.Roles).toEqual({ authenticated: role("Other") });
    expect(replaced.RoleMappings ?? {}).toEqual({});
  });

  it("refuses what is not a role ARN, a mapping without AmbiguousRoleResolution or rules, more than 25 rules, another role kind", async () => {
    const IdentityPoolId = await pool();
    const set = (
      input: Omit<ConstructorParameters<typeof SetIdentityPoolRolesCommand>[0], "IdentityPoolId">,
    ) => rejection(identity().send(new SetIdentityPoolRolesCommand({ IdentityPoolId, ...input })));
    const notRole = await set({ Roles: { authenticated: "arn:aws:iam::000000000000:user/Bob" } });
    expect(notRole).toBeInstanceOf(InvalidParameterException);
    expect(notRole.message).toContain("arn:aws:iam::000000000000:user/Bob");
    expect(await set({ Roles: { admin: role("Admin") } })).toBeInstanceOf(InvalidParameterException);
    expect(await set({ Roles: {}, RoleMappings: { [PROVIDER]: { Type: "Token" } } })).toBeInstanceOf(
      InvalidParameterException,
    );
    expect(
      await set({
        Roles: {},
        RoleMappings: { [PROVIDER]: { Type: "Rules", AmbiguousRoleResolution: "Deny" } },
      }),
    ).toBeInstanceOf(InvalidParameterException);
    const rule = { Claim: "sub", MatchType: "Equals" as const, Value: "x", RoleARN: role("R") };
    expect(
      await set({
        Roles: {},
        RoleMappings: {
          [PROVIDER]: {
            Type: "Rules",
            AmbiguousRoleResolution: "Deny",
            RulesConfiguration: { Rules: Array(26).fill(rule) },
          },
        },
      }),
    ).toBeInstanceOf(InvalidParameterException);
    expect(
      await set({
        Roles: {},
        RoleMappings: {
          [PROVIDER]: {
            Type: "Rules",
            AmbiguousRoleResolution: "Deny",
            RulesConfiguration: { Rules: [{ ...rule, RoleARN: "arn:aws:s3:::bucket-name-here" }] },
          },
        },
      }),
    ).toBeInstanceOf(InvalidParameterException);
    // Nothing of the refused calls was kept.
    expect((await identity().send(new GetIdentityPoolRolesCommand({ IdentityPoolId }))).Roles).toEqual({});
  });

  it("answers ResourceNotFoundException for a pool that does not exist", async () => {
    const IdentityPoolId = "us-east-1:00000000-0000-4000-8000-000000000000";
    expect(
      await rejection(identity().send(new GetIdentityPoolRolesCommand({ IdentityPoolId }))),
    ).toBeInstanceOf(ResourceNotFoundException);
    expect(
      await rejection(identity().send(new SetIdentityPoolRolesCommand({ IdentityPoolId, Roles: {} }))),
    ).toBeInstanceOf(ResourceNotFoundException);
  });
});
