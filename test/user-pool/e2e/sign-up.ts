// Sign-up through the SDK: SignUp with a code to the auto-verified email, ResendConfirmationCode
// replacing it, ConfirmSignUp with the new one, and AdminConfirmSignUp for a second user.
import {
  AdminConfirmSignUpCommand,
  AdminGetUserCommand,
  CodeMismatchException,
  ConfirmSignUpCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
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

const PASSWORD = "Signed-Up-Pass-1";

export async function signUpAndConfirm(target: Target): Promise<void> {
  const idp = client(target);
  const anyone = client(target, "anyone");
  const { poolId, clientId } = await poolWithClient(target, { AutoVerifiedAttributes: ["email"] });
  const email = `${unique("kim")}@example.com`;

  const signedUp = await anyone.send(
    new SignUpCommand({
      ClientId: clientId,
      Username: "kim",
      Password: PASSWORD,
      UserAttributes: attributeList({ email, given_name: "Kim" }),
    }),
  );
  expect(signedUp).toMatchObject({
    UserConfirmed: false,
    CodeDeliveryDetails: { DeliveryMedium: "EMAIL", AttributeName: "email" },
  });
  expect(signedUp.UserSub).toMatch(/^[0-9a-f-]{36}$/);
  const first = await target.readCode(email);
  expect(first).toMatch(/^\d{6}$/);
  expect((await idp.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "kim" }))).UserStatus).toBe(
    "UNCONFIRMED",
  );
  expect((await rejection(passwordSignIn(target, clientId, "kim", PASSWORD))).name).toBe(
    "UserNotConfirmedException",
  );

  const resent = await anyone.send(
    new ResendConfirmationCodeCommand({ ClientId: clientId, Username: "kim" }),
  );
  expect(resent.CodeDeliveryDetails).toMatchObject({ DeliveryMedium: "EMAIL", AttributeName: "email" });
  const second = await target.readCode(email);
  // The resent code replaces the first one.
  if (first !== second) {
    expect(
      await rejection(
        anyone.send(
          new ConfirmSignUpCommand({ ClientId: clientId, Username: "kim", ConfirmationCode: first }),
        ),
      ),
    ).toBeInstanceOf(CodeMismatchException);
  }
  await anyone.send(
    new ConfirmSignUpCommand({ ClientId: clientId, Username: "kim", ConfirmationCode: second }),
  );
  const kim = await idp.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "kim" }));
  expect(kim.UserStatus).toBe("CONFIRMED");
  expect(attrs(kim.UserAttributes)).toMatchObject({
    sub: signedUp.UserSub,
    email,
    email_verified: "true",
    given_name: "Kim",
  });
  const tokens = await passwordSignIn(target, clientId, "kim", PASSWORD);
  expect(await verifyToken(target.endpoint, poolId, tokens.IdToken!, "id", clientId)).toMatchObject({
    sub: signedUp.UserSub,
    email,
    email_verified: true,
  });

  // A user confirmed by the admin: no code needed, the email stays unverified.
  const lee = await anyone.send(
    new SignUpCommand({
      ClientId: clientId,
      Username: "lee",
      Password: PASSWORD,
      UserAttributes: attributeList({ email: `${unique("lee")}@example.com` }),
    }),
  );
  expect(lee.UserConfirmed).toBe(false);
  await idp.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: "lee" }));
  const confirmed = await idp.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "lee" }));
  expect(confirmed.UserStatus).toBe("CONFIRMED");
  expect(attrs(confirmed.UserAttributes).email_verified).not.toBe("true");
  expect((await passwordSignIn(target, clientId, "lee", PASSWORD)).AccessToken).toBeDefined();
}
