// The signed-in user's own account and its recovery through the SDK: attributes changed and
// verified with mailed codes, ChangePassword, ForgotPassword/ConfirmForgotPassword,
// AdminResetUserPassword, and DeleteUser.
import {
  AdminGetUserCommand,
  AdminResetUserPasswordCommand,
  ChangePasswordCommand,
  CodeMismatchException,
  ConfirmForgotPasswordCommand,
  DeleteUserAttributesCommand,
  DeleteUserCommand,
  ExpiredCodeException,
  ForgotPasswordCommand,
  GetUserAttributeVerificationCodeCommand,
  GetUserCommand,
  PasswordResetRequiredException,
  UpdateUserAttributesCommand,
  UserNotFoundException,
  VerifyUserAttributeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { expect } from "vitest";
import { verifyToken } from "../auth-helpers.js";
import {
  attrs,
  client,
  confirmedUser,
  passwordSignIn,
  poolWithClient,
  rejection,
  unique,
  type Target,
} from "./target.js";

const OLD = "Original-Pass-1";
const NEW = "Replaced-Pass-2";
const RESET = "Recovered-Pass-3";
const wrongCode = (code: string) => (code === "000000" ? "000001" : "000000");

/** UpdateUserAttributes, GetUserAttributeVerificationCode, VerifyUserAttribute, DeleteUserAttributes, DeleteUser. */
export async function ownAttributes(target: Target): Promise<void> {
  const anyone = client(target, "anyone");
  const { poolId, clientId } = await poolWithClient(target, { AutoVerifiedAttributes: ["email"] });
  const [before, after] = [`${unique("uma")}@example.com`, `${unique("uma")}@example.org`];
  const sub = await confirmedUser(target, poolId, "uma", OLD, {
    email: before,
    email_verified: "true",
    nickname: "u",
  });
  const { AccessToken } = await passwordSignIn(target, clientId, "uma", OLD);
  const mine = async () => attrs((await anyone.send(new GetUserCommand({ AccessToken }))).UserAttributes);

  const out = await anyone.send(
    new UpdateUserAttributesCommand({
      AccessToken,
      UserAttributes: [
        { Name: "name", Value: "Uma" },
        { Name: "email", Value: after },
      ],
    }),
  );
  expect(out.CodeDeliveryDetailsList).toEqual([
    expect.objectContaining({ DeliveryMedium: "EMAIL", AttributeName: "email" }),
  ]);
  expect(await mine()).toMatchObject({ sub, name: "Uma", email: after, email_verified: "false" });
  const first = await target.readCode(after);

  // A fresh code replaces the first; a wrong one is refused; the right one verifies once.
  const { CodeDeliveryDetails } = await anyone.send(
    new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: "email" }),
  );
  expect(CodeDeliveryDetails).toMatchObject({ DeliveryMedium: "EMAIL", AttributeName: "email" });
  const second = await target.readCode(after);
  if (first !== second) {
    expect(
      await rejection(
        anyone.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: "email", Code: first })),
      ),
    ).toBeInstanceOf(CodeMismatchException);
  }
  expect(
    await rejection(
      anyone.send(
        new VerifyUserAttributeCommand({ AccessToken, AttributeName: "email", Code: wrongCode(second) }),
      ),
    ),
  ).toBeInstanceOf(CodeMismatchException);
  await anyone.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: "email", Code: second }));
  expect((await mine()).email_verified).toBe("true");
  expect(
    await rejection(
      anyone.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: "email", Code: second })),
    ),
  ).toBeInstanceOf(ExpiredCodeException);
  const fresh = await passwordSignIn(target, clientId, "uma", OLD);
  expect(await verifyToken(target.endpoint, poolId, fresh.IdToken!, "id", clientId)).toMatchObject({
    sub,
    email: after,
    email_verified: true,
    name: "Uma",
  });

  await anyone.send(
    new DeleteUserAttributesCommand({ AccessToken, UserAttributeNames: ["nickname", "name"] }),
  );
  const trimmed = await mine();
  expect(trimmed).not.toHaveProperty("nickname");
  expect(trimmed).not.toHaveProperty("name");
  expect(trimmed.email).toBe(after);

  await anyone.send(new DeleteUserCommand({ AccessToken }));
  expect(
    await rejection(client(target).send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "uma" }))),
  ).toBeInstanceOf(UserNotFoundException);
  expect(await rejection(anyone.send(new GetUserCommand({ AccessToken })))).toBeInstanceOf(
    UserNotFoundException,
  );
  expect((await rejection(passwordSignIn(target, clientId, "uma", OLD))).name).toBe("UserNotFoundException");
}

/** ChangePassword, ForgotPassword/ConfirmForgotPassword, and AdminResetUserPassword. */
export async function passwordRecovery(target: Target): Promise<void> {
  const anyone = client(target, "anyone");
  const { poolId, clientId } = await poolWithClient(target);
  const email = `${unique("mia")}@example.com`;
  await confirmedUser(target, poolId, "mia", OLD, { email, email_verified: "true" });
  const status = async () =>
    (await client(target).send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "mia" }))).UserStatus;

  const { AccessToken } = await passwordSignIn(target, clientId, "mia", OLD);
  const wrongOld = await rejection(
    anyone.send(
      new ChangePasswordCommand({ AccessToken, PreviousPassword: "Not-The-Pass-1", ProposedPassword: NEW }),
    ),
  );
  expect(wrongOld.name).toBe("NotAuthorizedException");
  await anyone.send(new ChangePasswordCommand({ AccessToken, PreviousPassword: OLD, ProposedPassword: NEW }));
  expect((await rejection(passwordSignIn(target, clientId, "mia", OLD))).name).toBe("NotAuthorizedException");
  expect((await passwordSignIn(target, clientId, "mia", NEW)).AccessToken).toBeDefined();

  const { CodeDeliveryDetails } = await anyone.send(
    new ForgotPasswordCommand({ ClientId: clientId, Username: "MIA" }),
  );
  expect(CodeDeliveryDetails).toMatchObject({ DeliveryMedium: "EMAIL", AttributeName: "email" });
  const code = await target.readCode(email);
  expect(
    await rejection(
      anyone.send(
        new ConfirmForgotPasswordCommand({
          ClientId: clientId,
          Username: "mia",
          ConfirmationCode: wrongCode(code),
          Password: RESET,
        }),
      ),
    ),
  ).toBeInstanceOf(CodeMismatchException);
  await anyone.send(
    new ConfirmForgotPasswordCommand({
      ClientId: clientId,
      Username: "mia",
      ConfirmationCode: code,
      Password: RESET,
    }),
  );
  expect((await rejection(passwordSignIn(target, clientId, "mia", NEW))).name).toBe("NotAuthorizedException");
  expect((await passwordSignIn(target, clientId, "mia", RESET)).AccessToken).toBeDefined();
  expect(
    await rejection(
      anyone.send(
        new ConfirmForgotPasswordCommand({
          ClientId: clientId,
          Username: "mia",
          ConfirmationCode: code,
          Password: OLD,
        }),
      ),
    ),
  ).toBeInstanceOf(ExpiredCodeException);

  // The admin forces a reset: sign-in is refused until the mailed code sets a new password.
  await client(target).send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: "mia" }));
  expect(await status()).toBe("RESET_REQUIRED");
  expect(await rejection(passwordSignIn(target, clientId, "mia", RESET))).toBeInstanceOf(
    PasswordResetRequiredException,
  );
  const adminCode = await target.readCode(email);
  await anyone.send(
    new ConfirmForgotPasswordCommand({
      ClientId: clientId,
      Username: "mia",
      ConfirmationCode: adminCode,
      Password: NEW,
    }),
  );
  expect(await status()).toBe("CONFIRMED");
  expect((await passwordSignIn(target, clientId, "mia", NEW)).AccessToken).toBeDefined();
}
