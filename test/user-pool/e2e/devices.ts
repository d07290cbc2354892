// Remembered devices through the SDK: NewDeviceMetadata at sign-in, ConfirmDevice, a remembered
// device answering DEVICE_SRP_AUTH in place of TOTP, and every device operation, by AccessToken
// and as the admin.
import {
  AdminForgetDeviceCommand,
  AdminGetDeviceCommand,
  AdminListDevicesCommand,
  AdminUpdateDeviceStatusCommand,
  AssociateSoftwareTokenCommand,
  ConfirmDeviceCommand,
  ForgetDeviceCommand,
  GetDeviceCommand,
  InitiateAuthCommand,
  ListDevicesCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  UpdateDeviceStatusCommand,
  VerifySoftwareTokenCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { generate } from "otplib";
import { expect } from "vitest";
import { deviceSecret, deviceSrp } from "../device-client.js";
import {
  attrs,
  claimsOf,
  client,
  confirmedUser,
  passwordSignIn,
  poolWithClient,
  rejection,
  type Target,
} from "./target.js";

const PASSWORD = "Remember-Me-1!";

export async function devices(target: Target): Promise<void> {
  const admin = client(target);
  const anyone = client(target, "anyone");
  const { poolId, clientId } = await poolWithClient(target, {
    DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
  });
  await admin.send(
    new SetUserPoolMfaConfigCommand({
      UserPoolId: poolId,
      MfaConfiguration: "OPTIONAL",
      SoftwareTokenMfaConfiguration: { Enabled: true },
    }),
  );
  await confirmedUser(target, poolId, "devon", PASSWORD);

  // The first sign-in hands out a device; TOTP is enrolled with its token.
  const first = await passwordSignIn(target, clientId, "devon", PASSWORD);
  expect(claimsOf(first.AccessToken!).device_key).toBe(first.NewDeviceMetadata!.DeviceKey);
  const { SecretCode } = await anyone.send(
    new AssociateSoftwareTokenCommand({ AccessToken: first.AccessToken! }),
  );
  await anyone.send(
    new VerifySoftwareTokenCommand({
      AccessToken: first.AccessToken!,
      UserCode: await generate({ secret: SecretCode! }),
    }),
  );
  await anyone.send(
    new SetUserMFAPreferenceCommand({
      AccessToken: first.AccessToken!,
      SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
    }),
  );
  const secret = await deviceSecret(first.NewDeviceMetadata!);
  const confirmed = await anyone.send(
    new ConfirmDeviceCommand({
      AccessToken: first.AccessToken!,
      DeviceKey: secret.deviceKey,
      DeviceSecretVerifierConfig: secret.config,
      DeviceName: "e2e",
    }),
  );
  expect(confirmed.UserConfirmationNecessary).toBe(false);

  // With the device key, device SRP instead of TOTP.
  const signIn = () =>
    anyone.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: "devon", PASSWORD, DEVICE_KEY: secret.deviceKey },
      }),
    );
  const answer = (
    ChallengeName: string,
    Session: string | undefined,
    ChallengeResponses: Record<string, string>,
  ) =>
    anyone.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: ChallengeName as never,
        Session,
        ChallengeResponses,
      }),
    );
  const started = await signIn();
  expect(started.ChallengeName).toBe("DEVICE_SRP_AUTH");
  const tokens = (await deviceSrp(answer, started.Session, "devon", secret)).AuthenticationResult!;
  expect(claimsOf(tokens.AccessToken!)).toMatchObject({ device_key: secret.deviceKey, amr: ["pwd"] });
  const token = tokens.AccessToken!;

  const { Device } = await anyone.send(
    new GetDeviceCommand({ AccessToken: token, DeviceKey: secret.deviceKey }),
  );
  expect(attrs(Device!.DeviceAttributes)).toMatchObject({
    device_name: "e2e",
    device_status: "valid",
    "dev:device_remembered_status": "remembered",
  });
  expect(
    (await anyone.send(new ListDevicesCommand({ AccessToken: token }))).Devices!.map((d) => d.DeviceKey),
  ).toEqual([secret.deviceKey]);
  expect(
    (await admin.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: "devon", Limit: 10 })))
      .Devices!.length,
  ).toBe(1);
  await anyone.send(
    new UpdateDeviceStatusCommand({
      AccessToken: token,
      DeviceKey: secret.deviceKey,
      DeviceRememberedStatus: "not_remembered",
    }),
  );
  expect((await signIn()).ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
  await admin.send(
    new AdminUpdateDeviceStatusCommand({
      UserPoolId: poolId,
      Username: "devon",
      DeviceKey: secret.deviceKey,
      DeviceRememberedStatus: "remembered",
    }),
  );
  const device = await admin.send(
    new AdminGetDeviceCommand({ UserPoolId: poolId, Username: "devon", DeviceKey: secret.deviceKey }),
  );
  expect(attrs(device.Device!.DeviceAttributes)["dev:device_remembered_status"]).toBe("remembered");

  // Forgotten, by the user and by the admin.
  await anyone.send(new ForgetDeviceCommand({ AccessToken: token, DeviceKey: secret.deviceKey }));
  const gone = await rejection(signIn());
  expect([gone.name, /device/i.test(gone.message)]).toEqual(["ResourceNotFoundException", true]);
  const plain = await anyone.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: "USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: "devon", PASSWORD },
    }),
  );
  expect(plain.ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
  const code = await generate({ secret: SecretCode!, epoch: Math.floor(Date.now() / 1000) + 30 });
  const second = (
    await answer("SOFTWARE_TOKEN_MFA", plain.Session, { USERNAME: "devon", SOFTWARE_TOKEN_MFA_CODE: code })
  ).AuthenticationResult!;
  await admin.send(
    new AdminForgetDeviceCommand({
      UserPoolId: poolId,
      Username: "devon",
      DeviceKey: second.NewDeviceMetadata!.DeviceKey!,
    }),
  );
  expect(
    (await admin.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: "devon" }))).Devices,
  ).toEqual([]);
}
