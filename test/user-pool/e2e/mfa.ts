// MFA through the SDK: the pool's MFA configuration, a TOTP authenticator enrolled with an
// AccessToken and used at sign-in, SMS MFA with the code from the target's messages, and the
// preferences as GetUser reports them, legacy MFAOptions included.
import {
  AdminDeleteSoftwareTokenCommand,
  AdminGetUserCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserSettingsCommand,
  SetUserSettingsCommand,
  AssociateSoftwareTokenCommand,
  GetUserCommand,
  GetUserPoolMfaConfigCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  VerifySoftwareTokenCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { generate } from "otplib";
import { expect } from "vitest";
import {
  claimsOf,
  client,
  confirmedUser,
  passwordSignIn,
  poolWithClient,
  rejection,
  type Target,
} from "./target.js";

const PASSWORD = "Second-Factor-1!";

export async function mfa(target: Target): Promise<void> {
  const admin = client(target);
  const anyone = client(target, "anyone");
  const { poolId, clientId } = await poolWithClient(target);
  await admin.send(
    new SetUserPoolMfaConfigCommand({
      UserPoolId: poolId,
      MfaConfiguration: "OPTIONAL",
      SoftwareTokenMfaConfiguration: { Enabled: true },
      SmsMfaConfiguration: {
        SmsAuthenticationMessage: "Code {####}",
        SmsConfiguration: { SnsCallerArn: "arn:aws:iam::123456789012:role/sns-caller" },
      },
    }),
  );
  expect(await admin.send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }))).toMatchObject({
    MfaConfiguration: "OPTIONAL",
    SoftwareTokenMfaConfiguration: { Enabled: true },
  });
  const answer = (
    ChallengeName: "SOFTWARE_TOKEN_MFA" | "SMS_MFA",
    Session: string | undefined,
    ChallengeResponses: Record<string, string>,
  ) =>
    anyone.send(
      new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName, Session, ChallengeResponses }),
    );
  const startSignIn = (USERNAME: string) =>
    anyone.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME, PASSWORD },
      }),
    );

  // TOTP, enrolled with an AccessToken.
  await confirmedUser(target, poolId, "tove", PASSWORD);
  const first = await passwordSignIn(target, clientId, "tove", PASSWORD);
  const { SecretCode } = await anyone.send(
    new AssociateSoftwareTokenCommand({ AccessToken: first.AccessToken! }),
  );
  expect(SecretCode).toMatch(/^[A-Z2-7]{52}$/);
  expect(
    (
      await anyone.send(
        new VerifySoftwareTokenCommand({
          AccessToken: first.AccessToken!,
          UserCode: await generate({ secret: SecretCode! }),
        }),
      )
    ).Status,
  ).toBe("SUCCESS");
  await anyone.send(
    new SetUserMFAPreferenceCommand({
      AccessToken: first.AccessToken!,
      SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
    }),
  );
  expect(await anyone.send(new GetUserCommand({ AccessToken: first.AccessToken! }))).toMatchObject({
    UserMFASettingList: ["SOFTWARE_TOKEN_MFA"],
    PreferredMfaSetting: "SOFTWARE_TOKEN_MFA",
  });
  const totp = await startSignIn("tove");
  expect(totp.ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
  // The next step's code: inside the tolerance, and not the one the verification used.
  const code = await generate({ secret: SecretCode!, epoch: Math.floor(Date.now() / 1000) + 30 });
  const strong = (
    await answer("SOFTWARE_TOKEN_MFA", totp.Session, { USERNAME: "tove", SOFTWARE_TOKEN_MFA_CODE: code })
  ).AuthenticationResult!;
  expect(claimsOf(strong.AccessToken!).amr).toEqual(["pwd", "mfa", "otp"]);
  // A lost phone: the admin deletes the authenticator, and the next sign-in asks for none.
  await admin.send(new AdminDeleteSoftwareTokenCommand({ UserPoolId: poolId, Username: "tove" }));
  const forgotten = await anyone.send(new GetUserCommand({ AccessToken: strong.AccessToken! }));
  expect([forgotten.UserMFASettingList, forgotten.PreferredMfaSetting]).toEqual([undefined, undefined]);
  expect(claimsOf((await startSignIn("tove")).AuthenticationResult!.AccessToken!).amr).toEqual(["pwd"]);

  // SMS, set by the admin; the code comes through the target's sender.
  const phone = `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
  await confirmedUser(target, poolId, "sid", PASSWORD, { phone_number: phone });
  await admin.send(
    new AdminSetUserMFAPreferenceCommand({
      UserPoolId: poolId,
      Username: "sid",
      SMSMfaSettings: { Enabled: true, PreferredMfa: true },
    }),
  );
  const sms = await startSignIn("sid");
  expect(sms).toMatchObject({
    ChallengeName: "SMS_MFA",
    ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: "SMS" },
  });
  const done = (
    await answer("SMS_MFA", sms.Session, { USERNAME: "sid", SMS_MFA_CODE: await target.readCode(phone) })
  ).AuthenticationResult!;
  expect(claimsOf(done.IdToken!)).toMatchObject({ amr: ["pwd", "mfa", "sms"], phone_number_verified: true });

  // The legacy settings: MFAOptions turns SMS MFA off and on, and GetUser reports it both ways.
  await anyone.send(new SetUserSettingsCommand({ AccessToken: done.AccessToken!, MFAOptions: [] }));
  const off = await anyone.send(new GetUserCommand({ AccessToken: done.AccessToken! }));
  expect(off.MFAOptions).toBeUndefined();
  expect(off.UserMFASettingList).toBeUndefined();
  expect((await startSignIn("sid")).AuthenticationResult?.AccessToken).toBeDefined();
  await admin.send(
    new AdminSetUserSettingsCommand({
      UserPoolId: poolId,
      Username: "sid",
      MFAOptions: [{ DeliveryMedium: "SMS", AttributeName: "phone_number" }],
    }),
  );
  expect(await admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "sid" }))).toMatchObject({
    MFAOptions: [{ DeliveryMedium: "SMS", AttributeName: "phone_number" }],
    UserMFASettingList: ["SMS_MFA"],
  });
  expect((await startSignIn("sid")).ChallengeName).toBe("SMS_MFA");
  expect(
    await rejection(
      admin.send(
        new AdminSetUserSettingsCommand({
          UserPoolId: poolId,
          Username: "sid",
          MFAOptions: [{ DeliveryMedium: "EMAIL", AttributeName: "email" }],
        }),
      ),
    ),
  ).toMatchObject({ name: "InvalidParameterException" });
}
