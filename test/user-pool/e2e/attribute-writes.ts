// Who may write which attribute, through the SDK: NEW_PASSWORD_REQUIRED's attributes checked as
// UpdateUserAttributes' are (no sub, cognito:*, *_verified, unknown attribute or other user's
// alias; nothing forged in the tokens), a user never verifying an address without its code, and
// AttributesRequireVerificationBeforeUpdate keeping the verified email until the new one is verified.
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  AdminUpdateUserAttributesCommand,
  CreateGroupCommand,
  GetUserCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { expect } from "vitest";
import { verifyToken } from "../auth-helpers.js";
import {
  attributeList,
  attrs,
  client,
  confirmedUser,
  passwordSignIn,
  poolWithClient,
  rejection,
  unique,
  type Target,
} from "./target.js";

const TEMP = "Temp-Pass-11x";
const NEW = "Chosen-Pass-22";
const UNAUTHORIZED = ["NotAuthorizedException", "A client attempted to write unauthorized attribute"];

/** An invited user answering NEW_PASSWORD_REQUIRED with forged attributes, on the public and the admin path. */
export async function challengeAttributes(target: Target): Promise<void> {
  const idp = client(target);
  const anyone = client(target, "anyone");
  const { poolId, clientId } = await poolWithClient(target, {
    AliasAttributes: ["email", "preferred_username"],
  });
  const victimEmail = `${unique("victim")}@example.com`;
  const victimSub = await confirmedUser(target, poolId, "victim", NEW, {
    email: victimEmail,
    email_verified: "true",
    preferred_username: "boss",
  });
  await idp.send(
    new CreateGroupCommand({
      UserPoolId: poolId,
      GroupName: "admins",
      RoleArn: "arn:aws:iam::123456789012:role/admins",
    }),
  );
  await idp.send(
    new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: "victim", GroupName: "admins" }),
  );
  const malloryEmail = `${unique("mallory")}@example.com`;
  await idp.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: "mallory",
      TemporaryPassword: TEMP,
      MessageAction: "SUPPRESS",
      UserAttributes: attributeList({ email: malloryEmail, email_verified: "true" }),
    }),
  );
  const stored = async () =>
    attrs(
      (await idp.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "mallory" }))).UserAttributes,
    );
  const before = await stored();
  const answer = async (attributes: Record<string, string>, admin = false) => {
    const ChallengeResponses = {
      USERNAME: "mallory",
      NEW_PASSWORD: NEW,
      ...Object.fromEntries(Object.entries(attributes).map(([k, v]) => [`userAttributes.${k}`, v])),
    };
    if (admin) {
      const started = await idp.send(
        new AdminInitiateAuthCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: "mallory", PASSWORD: TEMP },
        }),
      );
      return idp.send(
        new AdminRespondToAuthChallengeCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          ChallengeName: "NEW_PASSWORD_REQUIRED",
          Session: started.Session,
          ChallengeResponses,
        }),
      );
    }
    const started = await anyone.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: "mallory", PASSWORD: TEMP },
      }),
    );
    expect(started.ChallengeName).toBe("NEW_PASSWORD_REQUIRED");
    return anyone.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: "NEW_PASSWORD_REQUIRED",
        Session: started.Session,
        ChallengeResponses,
      }),
    );
  };
  const cases: [Record<string, string>, boolean, string][] = [
    [{ sub: victimSub }, false, "InvalidParameterException"],
    [{ email_verified: "true" }, false, "NotAuthorizedException"],
    [{ "cognito:groups": "admins" }, false, "InvalidParameterException"],
    [
      { "cognito:preferred_role": "arn:aws:iam::123456789012:role/admins" },
      true,
      "InvalidParameterException",
    ],
    [{ "custom:nope": "1" }, true, "InvalidParameterException"],
    [{ preferred_username: "boss" }, false, "AliasExistsException"],
    [{ name: "Mallory", email: victimEmail, email_verified: "true" }, true, "NotAuthorizedException"],
  ];
  for (const [attributes, admin, name] of cases) {
    expect((await rejection(answer(attributes, admin))).name, JSON.stringify(attributes)).toBe(name);
    expect(await stored()).toEqual(before);
  }
  const done = await answer({ name: "Mallory" }, true);
  const id = await verifyToken(target.endpoint, poolId, done.AuthenticationResult!.IdToken!, "id", clientId);
  expect(id).toMatchObject({
    sub: before.sub,
    name: "Mallory",
    email: malloryEmail,
    email_verified: true,
    "cognito:username": "mallory",
  });
  expect(id).not.toHaveProperty("cognito:groups");
  expect(id).not.toHaveProperty("cognito:preferred_role");
  const me = attrs(
    (await anyone.send(new GetUserCommand({ AccessToken: done.AuthenticationResult!.AccessToken! })))
      .UserAttributes,
  );
  expect(me.sub).toBe(before.sub);
  // The victim's address still signs the victim in.
  const victim = await passwordSignIn(target, clientId, victimEmail, NEW);
  expect(await verifyToken(target.endpoint, poolId, victim.IdToken!, "id", clientId)).toMatchObject({
    sub: victimSub,
    "cognito:groups": ["admins"],
  });
}

/** email_verified from the user refused; a verified email kept until its replacement is verified. */
export async function verifiedAttributeUpdates(target: Target): Promise<void> {
  const idp = client(target);
  const anyone = client(target, "anyone");
  const { poolId, clientId } = await poolWithClient(target, {
    AutoVerifiedAttributes: ["email"],
    AliasAttributes: ["email"],
    UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ["email"] },
  });
  const [old, fresh] = [`${unique("nia")}@example.com`, `${unique("nia")}@example.org`];
  const sub = await confirmedUser(target, poolId, "nia", NEW, { email: old, email_verified: "true" });
  const { AccessToken } = await passwordSignIn(target, clientId, "nia", NEW);
  const mine = async () => attrs((await anyone.send(new GetUserCommand({ AccessToken }))).UserAttributes);
  const update = (attributes: Record<string, string>) =>
    anyone.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: attributeList(attributes) }));

  const forged = await rejection(update({ email: fresh, email_verified: "true" }));
  expect([forged.name, forged.message]).toEqual(UNAUTHORIZED);
  expect(await mine()).toMatchObject({ email: old, email_verified: "true" });

  const out = await update({ email: fresh, name: "Nia" });
  expect(out.CodeDeliveryDetailsList).toEqual([
    expect.objectContaining({ AttributeName: "email", DeliveryMedium: "EMAIL" }),
  ]);
  const code = await target.readCode(fresh);
  expect(await mine()).toMatchObject({ email: old, email_verified: "true", name: "Nia" });
  const meanwhile = await passwordSignIn(target, clientId, old, NEW);
  expect(await verifyToken(target.endpoint, poolId, meanwhile.IdToken!, "id", clientId)).toMatchObject({
    sub,
    email: old,
    email_verified: true,
  });
  expect((await rejection(passwordSignIn(target, clientId, fresh, NEW))).name).toBe("UserNotFoundException");

  await anyone.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: "email", Code: code }));
  expect(await mine()).toMatchObject({ email: fresh, email_verified: "true" });
  const after = await passwordSignIn(target, clientId, fresh, NEW);
  expect(await verifyToken(target.endpoint, poolId, after.IdToken!, "id", clientId)).toMatchObject({
    sub,
    email: fresh,
    email_verified: true,
  });

  // The admin API may mark a new address verified at once.
  const third = `${unique("nia")}@example.net`;
  await idp.send(
    new AdminUpdateUserAttributesCommand({
      UserPoolId: poolId,
      Username: "nia",
      UserAttributes: attributeList({ email: third, email_verified: "true" }),
    }),
  );
  expect(
    attrs((await idp.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "nia" }))).UserAttributes),
  ).toMatchObject({ email: third, email_verified: "true" });
}
