// DeleteUserAttributes and AdminDeleteUserAttributes over the wire: a signed-in user deletes only
// what the client lets it write (never an immutable, developer-only or verification attribute), the
// admin API anything but sub, required and immutable ones, a refused list deletes nothing, and a
// deleted email takes its alias, its pending value and its codes with it. AWS SDK v3 against the
// real Node entry, codes read from the outbox.
import {
  AdminCreateUserCommand,
  AdminDeleteUserAttributesCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  CreateUserPoolClientCommand,
  DeleteUserAttributesCommand,
  GetUserAttributeVerificationCodeCommand,
  InitiateAuthCommand,
  UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { attrs, rejection, usersServer } from "./users-setup.js";

const env = usersServer();
const PASSWORD = "Delete-Horse-9x";
const UNAUTHORIZED = ["NotAuthorizedException", "A client attempted to write unauthorized attribute"];
const IMMUTABLE = (name: string) => [
  "InvalidParameterException",
  `Attributes did not conform to the schema: ${name}: Attribute cannot be updated. (changing an immutable attribute)`,
];
let counter = 0;

const SCHEMA = [
  { Name: "tenant", AttributeDataType: "String" as const, Mutable: false },
  { Name: "secretflag", AttributeDataType: "String" as const, DeveloperOnlyAttribute: true },
  { Name: "role", AttributeDataType: "String" as const },
];

/**
 * A pool (email an alias, verified before an update), a client writing only name and email, one
 * with no lists, and a user signed in through each, holding every kind of attribute.
 */
async function setUp(settings: Record<string, unknown> = {}) {
  const poolId = await env.newPool({
    Schema: SCHEMA,
    AliasAttributes: ["email"],
    AutoVerifiedAttributes: ["email"],
    UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ["email"] },
    ...settings,
  });
  const client = async (more: Record<string, unknown>) =>
    (
      await env.admin().send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: "app",
          ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
          ...more,
        }),
      )
    ).UserPoolClient!.ClientId!;
  const narrowId = await client({ WriteAttributes: ["name", "email"] });
  const wideId = await client({});
  const n = ++counter;
  const username = `user${n}`;
  const email = `user${n}@example.com`;
  await env.admin().send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      MessageAction: "SUPPRESS",
      UserAttributes: [
        { Name: "email", Value: email },
        { Name: "email_verified", Value: "true" },
        { Name: "name", Value: "Una" },
        { Name: "nickname", Value: "u" },
        { Name: "custom:tenant", Value: "acme" },
        { Name: "custom:secretflag", Value: "banned" },
        { Name: "custom:role", Value: "reader" },
      ],
    }),
  );
  await env.admin().send(
    new AdminSetUserPasswordCommand({
      UserPoolId: poolId,
      Username: username,
      Password: PASSWORD,
      Permanent: true,
    }),
  );
  const signIn = async (ClientId: string, USERNAME = username) =>
    (
      await env.anyone().send(
        new InitiateAuthCommand({
          ClientId,
          AuthFlow: "USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME, PASSWORD },
        }),
      )
    ).AuthenticationResult!.AccessToken!;
  const narrow = await signIn(narrowId);
  const wide = await signIn(wideId);
  const stored = async () =>
    attrs(
      (await env.admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username })))
        .UserAttributes,
    );
  const remove = (AccessToken: string, UserAttributeNames: string[]) =>
    env.anyone().send(new DeleteUserAttributesCommand({ AccessToken, UserAttributeNames }));
  const adminRemove = (UserAttributeNames: string[]) =>
    env
      .admin()
      .send(
        new AdminDeleteUserAttributesCommand({ UserPoolId: poolId, Username: username, UserAttributeNames }),
      );
  return { poolId, narrowId, wideId, username, email, narrow, wide, signIn, stored, remove, adminRemove };
}

const refusal = async (promise: Promise<unknown>) => {
  const error = await rejection(promise);
  return [error.name, error.message];
};

describe("DeleteUserAttributes (the signed-in user)", () => {
  it("deletes nothing the client may not write: outside WriteAttributes, developer-only, immutable, a verification flag, sub, cognito:*", async () => {
    const { narrow, stored, remove } = await setUp();
    const before = await stored();
    for (const name of [
      "custom:role",
      "custom:secretflag",
      "custom:tenant",
      "email_verified",
      "sub",
      "cognito:username",
      "nickname",
    ]) {
      expect(await refusal(remove(narrow, [name])), name).toEqual(UNAUTHORIZED);
      expect(await stored(), name).toEqual(before);
    }
  });

  it("through a client without WriteAttributes: developer-only and verification flags are unauthorized, immutable and sub are invalid", async () => {
    const { wide, stored, remove } = await setUp();
    const before = await stored();
    for (const name of ["custom:secretflag", "email_verified"]) {
      expect(await refusal(remove(wide, [name])), name).toEqual(UNAUTHORIZED);
    }
    expect(await refusal(remove(wide, ["custom:tenant"]))).toEqual(IMMUTABLE("custom:tenant"));
    for (const name of ["sub", "cognito:username", "custom:nope"]) {
      expect((await rejection(remove(wide, [name]))).name, name).toBe("InvalidParameterException");
    }
    expect(await stored()).toEqual(before);
  });

  it("a list with one refused name deletes none of them", async () => {
    const { narrow, wide, stored, remove, signIn, narrowId, email } = await setUp();
    const before = await stored();
    expect(await refusal(remove(narrow, ["name", "email", "custom:role"]))).toEqual(UNAUTHORIZED);
    expect(await refusal(remove(wide, ["name", "email", "custom:tenant"]))).toEqual(
      IMMUTABLE("custom:tenant"),
    );
    expect(await refusal(remove(wide, ["custom:role", "custom:secretflag"]))).toEqual(UNAUTHORIZED);
    expect(await stored()).toEqual(before);
    // The email is still the user's alias.
    expect(await signIn(narrowId, email)).toEqual(expect.any(String));
  });

  it("deletes what the client may write", async () => {
    const { narrow, wide, stored, remove } = await setUp();
    await remove(narrow, ["name"]);
    await remove(wide, ["custom:role", "nickname"]);
    const after = await stored();
    for (const name of ["name", "custom:role", "nickname"]) expect(after).not.toHaveProperty(name);
    expect(after).toMatchObject({
      "custom:tenant": "acme",
      "custom:secretflag": "banned",
      email_verified: "true",
    });
  });

  it("a deleted email takes its flag, its alias, the value waiting for verification and its code", async () => {
    const { poolId, narrow, stored, remove, signIn, narrowId, email } = await setUp();
    const fresh = `fresh${counter}@example.org`;
    await env.anyone().send(
      new UpdateUserAttributesCommand({
        AccessToken: narrow,
        UserAttributes: [{ Name: "email", Value: fresh }],
      }),
    );
    const code = env.lastMessageTo(fresh).code!;
    await remove(narrow, ["email"]);
    const after = await stored();
    expect(after).not.toHaveProperty("email");
    expect(after).not.toHaveProperty("email_verified");
    // The waiting value is gone: its code verifies nothing, and no code can be asked for.
    expect(
      (
        await rejection(
          env
            .anyone()
            .send(
              new VerifyUserAttributeCommand({ AccessToken: narrow, AttributeName: "email", Code: code }),
            ),
        )
      ).name,
    ).toBe("InvalidParameterException");
    expect(
      (
        await rejection(
          env
            .anyone()
            .send(
              new GetUserAttributeVerificationCodeCommand({ AccessToken: narrow, AttributeName: "email" }),
            ),
        )
      ).name,
    ).toBe("InvalidParameterException");
    expect(await stored()).not.toHaveProperty("email");
    // The alias is released: it no longer signs in, and another user may take it.
    expect(await rejection(signIn(narrowId, email))).toBeInstanceOf(Error);
    await env.admin().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: `other${counter}`,
        MessageAction: "SUPPRESS",
        UserAttributes: [
          { Name: "email", Value: email },
          { Name: "email_verified", Value: "true" },
        ],
      }),
    );
  });

  it("a required attribute stays", async () => {
    const { wide, narrow, stored, remove } = await setUp({
      Schema: [...SCHEMA, { Name: "name", AttributeDataType: "String", Required: true }],
    });
    const before = await stored();
    expect((await rejection(remove(wide, ["name"]))).name).toBe("InvalidParameterException");
    expect((await rejection(remove(narrow, ["name"]))).name).toBe("InvalidParameterException");
    expect(await stored()).toEqual(before);
  });
});

describe("AdminDeleteUserAttributes", () => {
  it("deletes developer-only attributes and ones no client writes", async () => {
    const { stored, adminRemove } = await setUp();
    await adminRemove(["custom:secretflag", "custom:role", "email_verified"]);
    const after = await stored();
    for (const name of ["custom:secretflag", "custom:role", "email_verified"])
      expect(after).not.toHaveProperty(name);
    expect(after).toMatchObject({ "custom:tenant": "acme" });
  });

  it("a deleted phone number takes its flag and its alias", async () => {
    const { poolId, username, stored, adminRemove, signIn, wideId } = await setUp({
      AliasAttributes: ["email", "phone_number"],
    });
    const phone = `+1555444${String(1000 + counter).slice(-4)}`;
    await env.admin().send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: poolId,
        Username: username,
        UserAttributes: [
          { Name: "phone_number", Value: phone },
          { Name: "phone_number_verified", Value: "true" },
        ],
      }),
    );
    expect(await signIn(wideId, phone)).toEqual(expect.any(String));
    await adminRemove(["phone_number"]);
    const after = await stored();
    expect(after).not.toHaveProperty("phone_number");
    expect(after).not.toHaveProperty("phone_number_verified");
    expect(await rejection(signIn(wideId, phone))).toBeInstanceOf(Error);
    await env.admin().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: `phoned${counter}`,
        MessageAction: "SUPPRESS",
        UserAttributes: [
          { Name: "phone_number", Value: phone },
          { Name: "phone_number_verified", Value: "true" },
        ],
      }),
    );
  });

  it("never an immutable, required attribute or sub, and a refused list deletes nothing", async () => {
    const { poolId, stored, adminRemove, username } = await setUp({
      Schema: [...SCHEMA, { Name: "name", AttributeDataType: "String", Required: true }],
    });
    const before = await stored();
    expect(await refusal(adminRemove(["custom:tenant"]))).toEqual(IMMUTABLE("custom:tenant"));
    expect(await refusal(adminRemove(["custom:role", "email", "custom:tenant"]))).toEqual(
      IMMUTABLE("custom:tenant"),
    );
    for (const list of [["name"], ["sub"], ["custom:role", "sub"], ["cognito:username"]]) {
      expect((await rejection(adminRemove(list))).name, list.join()).toBe("InvalidParameterException");
    }
    expect(await stored()).toEqual(before);
    // The admin's update of an immutable attribute is refused in the same words.
    const update = await refusal(
      env.admin().send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: poolId,
          Username: username,
          UserAttributes: [{ Name: "custom:tenant", Value: "other" }],
        }),
      ),
    );
    expect(update).toEqual(IMMUTABLE("custom:tenant"));
  });
});
