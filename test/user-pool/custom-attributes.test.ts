// AddCustomAttributes through the AWS SDK v3 against the Node entry: the schema grows, users can
// hold the new attributes at once, and names already taken, required attributes and missing pools
// get Cognito's errors.
import {
  AddCustomAttributesCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  DescribeUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { attrs, rejection, usersServer } from "./users-setup.js";

const env = usersServer();

describe("AddCustomAttributes", () => {
  it("appends custom: attributes that users can hold at once", async () => {
    const poolId = await env.newPool({ Schema: [{ Name: "tenant", AttributeDataType: "String" }] });
    await env.admin().send(
      new AddCustomAttributesCommand({
        UserPoolId: poolId,
        CustomAttributes: [
          {
            Name: "plan",
            AttributeDataType: "String",
            Mutable: true,
            StringAttributeConstraints: { MinLength: "1", MaxLength: "16" },
          },
          {
            Name: "seats",
            AttributeDataType: "Number",
            NumberAttributeConstraints: { MinValue: "1", MaxValue: "500" },
          },
        ],
      }),
    );
    const { UserPool } = await env.admin().send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    const custom = UserPool!.SchemaAttributes!.filter((a) => a.Name!.startsWith("custom:"));
    expect(custom.map((a) => a.Name)).toEqual(["custom:tenant", "custom:plan", "custom:seats"]);
    expect(custom[2]).toMatchObject({
      AttributeDataType: "Number",
      Mutable: true,
      Required: false,
      NumberAttributeConstraints: { MinValue: "1", MaxValue: "500" },
    });

    await env.admin().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: "carol",
        MessageAction: "SUPPRESS",
        UserAttributes: [{ Name: "custom:plan", Value: "pro" }],
      }),
    );
    await env.admin().send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: poolId,
        Username: "carol",
        UserAttributes: [{ Name: "custom:seats", Value: "12" }],
      }),
    );
    const user = await env.admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "carol" }));
    expect(attrs(user.UserAttributes)).toMatchObject({ "custom:plan": "pro", "custom:seats": "12" });
  });

  it("refuses a name taken already, a required attribute, and a pool that does not exist", async () => {
    const poolId = await env.newPool({ Schema: [{ Name: "tenant", AttributeDataType: "String" }] });
    const add = (CustomAttributes: { Name: string; Required?: boolean }[], UserPoolId = poolId) =>
      env.admin().send(new AddCustomAttributesCommand({ UserPoolId, CustomAttributes }));
    const taken = await rejection(add([{ Name: "tenant" }]));
    expect([taken.name, taken.message]).toEqual([
      "InvalidParameterException",
      "custom:tenant: Existing attribute already has name custom:tenant.",
    ]);
    const twice = await rejection(add([{ Name: "region" }, { Name: "custom:region" }]));
    expect(twice.name).toBe("InvalidParameterException");
    const required = await rejection(add([{ Name: "level", Required: true }]));
    expect([required.name, required.message]).toEqual([
      "InvalidParameterException",
      "Required custom attributes are not supported currently.",
    ]);
    const missing = await rejection(add([{ Name: "level" }], "us-east-1_Missing00"));
    expect([missing.name, missing.message]).toEqual([
      "ResourceNotFoundException",
      "User pool us-east-1_Missing00 does not exist.",
    ]);
    const empty = await rejection(add([]));
    expect(empty.name).toBe("InvalidParameterException");
    // Nothing of the refused calls was written.
    const { UserPool } = await env.admin().send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    expect(
      UserPool!.SchemaAttributes!.filter((a) => a.Name!.startsWith("custom:")).map((a) => a.Name),
    ).toEqual(["custom:tenant"]);
  });

  it("adds each of many concurrent additions exactly once", async () => {
    const poolId = await env.newPool();
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        env.admin().send(
          new AddCustomAttributesCommand({
            UserPoolId: poolId,
            CustomAttributes: [{ Name: `field${i}`, AttributeDataType: "String" }],
          }),
        ),
      ),
    );
    const { UserPool } = await env.admin().send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    expect(
      UserPool!
        .SchemaAttributes!.filter((a) => a.Name!.startsWith("custom:"))
        .map((a) => a.Name)
        .sort(),
    ).toEqual(Array.from({ length: 6 }, (_, i) => `custom:field${i}`));
  });
});
