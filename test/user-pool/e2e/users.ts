// User administration: an invited user with a temporary password from the message, attributes
// set and removed, enable/disable, a permanent password, ListUsers filters, and deletion.
import {
  AddCustomAttributesCommand,
  AdminCreateUserCommand,
  AdminDeleteUserAttributesCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  ListUsersCommand,
  UserNotFoundException,
} from "@aws-sdk/client-cognito-identity-provider";
import { expect } from "vitest";
import { verifyToken } from "../auth-helpers.js";
import {
  attributeList,
  attrs,
  client,
  passwordSignIn,
  poolWithClient,
  rejection,
  unique,
  type Target,
} from "./target.js";

const PASSWORD = "Admin-Set-Pass-1";

export async function usersAdmin(target: Target): Promise<void> {
  const idp = client(target);
  const { poolId, clientId } = await poolWithClient(target);
  const email = `${unique("ivy")}@example.com`;
  // A custom attribute the pool did not have: refused, then added, then taken.
  const unknown = await rejection(
    idp.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: "early",
        MessageAction: "SUPPRESS",
        UserAttributes: attributeList({ "custom:plan": "pro" }),
      }),
    ),
  );
  expect(unknown.name).toBe("InvalidParameterException");
  await idp.send(
    new AddCustomAttributesCommand({
      UserPoolId: poolId,
      CustomAttributes: [{ Name: "plan", AttributeDataType: "String", Mutable: true }],
    }),
  );

  // An invitation carries the temporary password; it works only as NEW_PASSWORD_REQUIRED.
  const { User } = await idp.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: "ivy",
      DesiredDeliveryMediums: ["EMAIL"],
      UserAttributes: attributeList({ email, email_verified: "true", name: "Ivy", "custom:plan": "pro" }),
    }),
  );
  expect(User).toMatchObject({ Username: "ivy", UserStatus: "FORCE_CHANGE_PASSWORD", Enabled: true });
  const sub = attrs(User!.Attributes).sub!;
  const temporary = await target.readCode(email);
  const challenge = await idp.send(
    new AdminInitiateAuthCommand({
      UserPoolId: poolId,
      ClientId: clientId,
      AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: "ivy", PASSWORD: temporary },
    }),
  );
  expect(challenge.ChallengeName).toBe("NEW_PASSWORD_REQUIRED");

  const got = await idp.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "IVY" }));
  expect(got).toMatchObject({ Username: "ivy", UserStatus: "FORCE_CHANGE_PASSWORD", Enabled: true });
  expect(attrs(got.UserAttributes)).toEqual({
    sub,
    email,
    email_verified: "true",
    name: "Ivy",
    "custom:plan": "pro",
  });

  await idp.send(
    new AdminUpdateUserAttributesCommand({
      UserPoolId: poolId,
      Username: "ivy",
      UserAttributes: attributeList({ name: "Ivy Admin", family_name: "Stone" }),
    }),
  );
  await idp.send(
    new AdminDeleteUserAttributesCommand({
      UserPoolId: poolId,
      Username: "ivy",
      UserAttributeNames: ["name"],
    }),
  );
  const edited = attrs(
    (await idp.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "ivy" }))).UserAttributes,
  );
  expect(edited).toMatchObject({ family_name: "Stone", email });
  expect(edited).not.toHaveProperty("name");

  // A permanent password confirms the user; the temporary one no longer signs in.
  await idp.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: poolId,
      Username: "ivy",
      Password: PASSWORD,
      Permanent: true,
    }),
  );
  expect((await idp.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "ivy" }))).UserStatus).toBe(
    "CONFIRMED",
  );
  const tokens = await passwordSignIn(target, clientId, "ivy", PASSWORD);
  expect(await verifyToken(target.endpoint, poolId, tokens.IdToken!, "id", clientId)).toMatchObject({
    sub,
    family_name: "Stone",
    email,
    "custom:plan": "pro",
    "cognito:username": "ivy",
  });
  expect((await rejection(passwordSignIn(target, clientId, "ivy", temporary))).name).toBe(
    "NotAuthorizedException",
  );

  await idp.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: "ivy" }));
  expect((await idp.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "ivy" }))).Enabled).toBe(
    false,
  );
  expect(await rejection(passwordSignIn(target, clientId, "ivy", PASSWORD))).toMatchObject({
    name: "NotAuthorizedException",
    message: "User is disabled.",
  });
  await idp.send(new AdminEnableUserCommand({ UserPoolId: poolId, Username: "ivy" }));
  expect((await passwordSignIn(target, clientId, "ivy", PASSWORD)).AccessToken).toBeDefined();

  await idp.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: "jack",
      MessageAction: "SUPPRESS",
      UserAttributes: attributeList({ email: "jack@example.org" }),
    }),
  );
  const everyone = await idp.send(new ListUsersCommand({ UserPoolId: poolId }));
  expect(everyone.Users!.map((u) => u.Username).sort()).toEqual(["ivy", "jack"]);
  const byEmail = await idp.send(new ListUsersCommand({ UserPoolId: poolId, Filter: `email ^= "jack@"` }));
  expect(byEmail.Users!.map((u) => [u.Username, u.UserStatus])).toEqual([["jack", "FORCE_CHANGE_PASSWORD"]]);
  const bySub = await idp.send(
    new ListUsersCommand({ UserPoolId: poolId, Filter: `sub = "${sub}"`, AttributesToGet: ["email"] }),
  );
  expect(bySub.Users!.map((u) => [u.Username, attrs(u.Attributes)])).toEqual([["ivy", { email }]]);

  await idp.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: "jack" }));
  expect(
    await rejection(idp.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "jack" }))),
  ).toBeInstanceOf(UserNotFoundException);
  expect(
    (await idp.send(new ListUsersCommand({ UserPoolId: poolId }))).Users!.map((u) => u.Username),
  ).toEqual(["ivy"]);
}
