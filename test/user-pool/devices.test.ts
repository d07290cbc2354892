// Remembered devices against the Node entry: NewDeviceMetadata, ConfirmDevice, a remembered device
// answering DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER in place of TOTP MFA (through the AWS SDK
// v3 and through amazon-cognito-identity-js), `device_key` in tokens and refreshes, and the
// device operations with an AccessToken and as the admin.
import {
  AdminConfirmSignUpCommand,
  AdminForgetDeviceCommand,
  AdminListUserAuthEventsCommand,
  AdminGetDeviceCommand,
  AdminListDevicesCommand,
  AdminUpdateDeviceStatusCommand,
  AssociateSoftwareTokenCommand,
  ConfirmDeviceCommand,
  CreateUserPoolClientCommand,
  ForgetDeviceCommand,
  GetDeviceCommand,
  InitiateAuthCommand,
  ListDevicesCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  SignUpCommand,
  UpdateDeviceStatusCommand,
  VerifySoftwareTokenCommand,
  type CreateUserPoolCommandInput,
} from "@aws-sdk/client-cognito-identity-provider";
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
} from "amazon-cognito-identity-js";
import Database from "better-sqlite3";
import { generate } from "otplib";
import { describe, expect, it } from "vitest";
import { memoryStorage } from "../helpers/acijs.js";
import { deviceSecret, deviceSrp } from "./device-client.js";
import { attrs, rejection, usersServer } from "./users-setup.js";

const env = usersServer();
const PASSWORD = "Device-Horse-9!x";
const claims = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
const DEVICE_KEY = /^us-east-1_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TRACKED = {
  DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
};

async function devicePool(settings: Partial<CreateUserPoolCommandInput> = TRACKED, mfa = true) {
  const poolId = await env.newPool(settings);
  if (mfa)
    await env.admin().send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId,
        MfaConfiguration: "OPTIONAL",
        SoftwareTokenMfaConfiguration: { Enabled: true },
      }),
    );
  const { UserPoolClient } = await env.admin().send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: "app",
      ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    }),
  );
  const clientId = UserPoolClient!.ClientId!;
  const user = async (Username: string) => {
    await env.anyone().send(new SignUpCommand({ ClientId: clientId, Username, Password: PASSWORD }));
    await env.admin().send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username }));
  };
  const signIn = (USERNAME: string, DEVICE_KEY?: string) =>
    env.anyone().send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: clientId,
        AuthParameters: { USERNAME, PASSWORD, ...(DEVICE_KEY ? { DEVICE_KEY } : {}) },
      }),
    );
  const answer = (
    ChallengeName: string,
    Session: string | undefined,
    ChallengeResponses: Record<string, string>,
  ) =>
    env.anyone().send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: ChallengeName as never,
        Session,
        ChallengeResponses,
      }),
    );
  return { poolId, clientId, user, signIn, answer };
}

/** Enrols TOTP and makes it the user's preferred factor; returns the secret. */
async function enrolTotp(accessToken: string): Promise<string> {
  const { SecretCode } = await env
    .anyone()
    .send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }));
  env.secrets.add(SecretCode!);
  await env.anyone().send(
    new VerifySoftwareTokenCommand({
      AccessToken: accessToken,
      UserCode: await generate({ secret: SecretCode! }),
    }),
  );
  await env.anyone().send(
    new SetUserMFAPreferenceCommand({
      AccessToken: accessToken,
      SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
    }),
  );
  return SecretCode!;
}

describe("remembered devices through the SDK", () => {
  it("hands out a device, confirms it, and lets it stand in for TOTP with device SRP", async () => {
    const { poolId, user, signIn, answer } = await devicePool({
      ...TRACKED,
      UserPoolAddOns: { AdvancedSecurityMode: "AUDIT" },
    });
    await user("dora");
    const first = (await signIn("dora")).AuthenticationResult!;
    const meta = first.NewDeviceMetadata!;
    expect(meta.DeviceKey).toMatch(DEVICE_KEY);
    expect(meta.DeviceGroupKey).toEqual(expect.any(String));
    expect(claims(first.AccessToken!).device_key).toBe(meta.DeviceKey);
    const totp = await enrolTotp(first.AccessToken!);

    const secret = await deviceSecret(meta);
    env.secrets.add(secret.password);
    // Before ConfirmDevice the device is not remembered: TOTP is asked for.
    expect((await signIn("dora", meta.DeviceKey)).ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
    const confirmed = await env.anyone().send(
      new ConfirmDeviceCommand({
        AccessToken: first.AccessToken!,
        DeviceKey: meta.DeviceKey!,
        DeviceSecretVerifierConfig: secret.config,
        DeviceName: "laptop",
      }),
    );
    expect(confirmed.UserConfirmationNecessary).toBe(false);
    const again = await rejection(
      env.anyone().send(
        new ConfirmDeviceCommand({
          AccessToken: first.AccessToken!,
          DeviceKey: meta.DeviceKey!,
          DeviceSecretVerifierConfig: secret.config,
        }),
      ),
    );
    expect(again.name).toBe("InvalidParameterException");

    const started = await signIn("dora", meta.DeviceKey);
    expect(started).toMatchObject({
      ChallengeName: "DEVICE_SRP_AUTH",
      ChallengeParameters: { USERNAME: "dora" },
    });
    const done = await deviceSrp(answer, started.Session, "dora", secret);
    const result = done.AuthenticationResult!;
    expect(result.NewDeviceMetadata).toBeUndefined();
    // A remembered device is not a second factor: only the password counts.
    expect(claims(result.IdToken!).amr).toEqual(["pwd"]);
    expect(claims(result.AccessToken!).device_key).toBe(meta.DeviceKey);
    // The refreshed tokens keep the device.
    const refreshed = await env.anyone().send(
      new InitiateAuthCommand({
        AuthFlow: "REFRESH_TOKEN_AUTH",
        ClientId: claims(result.AccessToken!).client_id as string,
        AuthParameters: { REFRESH_TOKEN: result.RefreshToken! },
      }),
    );
    expect(claims(refreshed.AuthenticationResult!.AccessToken!).device_key).toBe(meta.DeviceKey);

    // A wrong device secret, a replayed session, and no session at all are refused.
    const retry = await signIn("dora", meta.DeviceKey);
    const wrong = await rejection(
      deviceSrp(answer, retry.Session, "dora", secret, "not-the-device-password"),
    );
    expect(wrong.name).toBe("NotAuthorizedException");
    // A failed device proof ends that sign-in as a failed event (the pool audits, so events can be read).
    const [failed] = (
      await env.admin().send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: "dora" }))
    ).AuthEvents!;
    expect(failed).toMatchObject({
      EventType: "SignIn",
      EventResponse: "Fail",
      ChallengeResponses: [
        { ChallengeName: "Password", ChallengeResponse: "Success" },
        { ChallengeName: "Mfa", ChallengeResponse: "Failure" },
      ],
    });
    const replayed = await rejection(deviceSrp(answer, retry.Session, "dora", secret));
    expect([replayed.name, replayed.message]).toEqual([
      "NotAuthorizedException",
      "Invalid session for the user, session can only be used once.",
    ]);
    expect((await rejection(deviceSrp(answer, undefined, "dora", secret))).name).toBe(
      "NotAuthorizedException",
    );

    // Without the device key the user still needs TOTP, and gets a second device.
    const plain = await signIn("dora");
    expect(plain.ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
    const code = await generate({ secret: totp, epoch: Math.floor(Date.now() / 1000) + 30 });
    const second = (
      await answer("SOFTWARE_TOKEN_MFA", plain.Session, { USERNAME: "dora", SOFTWARE_TOKEN_MFA_CODE: code })
    ).AuthenticationResult!;
    expect(second.NewDeviceMetadata!.DeviceKey).not.toBe(meta.DeviceKey);
    expect(claims(second.IdToken!).amr).toEqual(["pwd", "mfa", "otp"]);
  });

  it("refuses a device key nobody has with ResourceNotFoundException naming the device", async () => {
    const { user, signIn } = await devicePool();
    await user("uma");
    const error = await rejection(signIn("uma", "us-east-1_00000000-0000-4000-8000-000000000000"));
    expect(error.name).toBe("ResourceNotFoundException");
    expect(error.message.toLowerCase()).toContain("device");
  });

  it("reads, lists, pages, (un)remembers and forgets devices, by token and as the admin", async () => {
    const { poolId, user, signIn, answer } = await devicePool();
    await user("lee");
    await user("other");
    const one = (await signIn("lee")).AuthenticationResult!;
    const two = (await signIn("lee")).AuthenticationResult!;
    const token = two.AccessToken!;
    const secret = await deviceSecret(one.NewDeviceMetadata!);
    await env.anyone().send(
      new ConfirmDeviceCommand({
        AccessToken: one.AccessToken!,
        DeviceKey: secret.deviceKey,
        DeviceSecretVerifierConfig: secret.config,
        DeviceName: "phone",
      }),
    );
    // Only confirmed devices are listed (an unconfirmed one is a sign-in whose client never confirmed).
    const secondSecret = await deviceSecret(two.NewDeviceMetadata!);
    await env.anyone().send(
      new ConfirmDeviceCommand({
        AccessToken: token,
        DeviceKey: secondSecret.deviceKey,
        DeviceSecretVerifierConfig: secondSecret.config,
      }),
    );

    const { Device } = await env
      .anyone()
      .send(new GetDeviceCommand({ AccessToken: token, DeviceKey: secret.deviceKey }));
    expect(Device!.DeviceKey).toBe(secret.deviceKey);
    expect(attrs(Device!.DeviceAttributes)).toEqual({
      device_name: "phone",
      device_status: "valid",
      "dev:device_remembered_status": "remembered",
    });
    expect(Device!.DeviceCreateDate).toBeInstanceOf(Date);
    expect(Device!.DeviceLastModifiedDate!.getTime()).toBeGreaterThanOrEqual(
      Device!.DeviceCreateDate!.getTime(),
    );
    expect(Device!.DeviceLastAuthenticatedDate).toBeInstanceOf(Date);

    const all = await env.anyone().send(new ListDevicesCommand({ AccessToken: token }));
    expect(all.Devices!.map((d) => d.DeviceKey).sort()).toEqual(
      [one.NewDeviceMetadata!.DeviceKey, two.NewDeviceMetadata!.DeviceKey].sort(),
    );
    const page1 = await env.anyone().send(new ListDevicesCommand({ AccessToken: token, Limit: 1 }));
    const page2 = await env
      .anyone()
      .send(new ListDevicesCommand({ AccessToken: token, Limit: 1, PaginationToken: page1.PaginationToken }));
    expect([...page1.Devices!, ...page2.Devices!].map((d) => d.DeviceKey)).toEqual(
      all.Devices!.map((d) => d.DeviceKey),
    );
    expect(page2.PaginationToken).toBeUndefined();
    const admin = await env
      .admin()
      .send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: "lee" }));
    expect(admin.Devices!.length).toBe(2);

    // Another user sees none of them.
    const stranger = (await signIn("other")).AuthenticationResult!.AccessToken!;
    expect(
      (
        await rejection(
          env.anyone().send(new GetDeviceCommand({ AccessToken: stranger, DeviceKey: secret.deviceKey })),
        )
      ).name,
    ).toBe("ResourceNotFoundException");
    expect(
      (
        await rejection(
          env.admin().send(
            new AdminGetDeviceCommand({
              UserPoolId: poolId,
              Username: "other",
              DeviceKey: secret.deviceKey,
            }),
          ),
        )
      ).name,
    ).toBe("ResourceNotFoundException");

    // Not remembered: the device no longer stands in for MFA; remembered again, it does.
    await enrolTotp(token);
    await env.anyone().send(
      new UpdateDeviceStatusCommand({
        AccessToken: token,
        DeviceKey: secret.deviceKey,
        DeviceRememberedStatus: "not_remembered",
      }),
    );
    expect(
      attrs(
        (
          await env
            .admin()
            .send(
              new AdminGetDeviceCommand({ UserPoolId: poolId, Username: "lee", DeviceKey: secret.deviceKey }),
            )
        ).Device!.DeviceAttributes,
      )["dev:device_remembered_status"],
    ).toBe("not_remembered");
    expect((await signIn("lee", secret.deviceKey)).ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
    await env.admin().send(
      new AdminUpdateDeviceStatusCommand({
        UserPoolId: poolId,
        Username: "lee",
        DeviceKey: secret.deviceKey,
        DeviceRememberedStatus: "remembered",
      }),
    );
    const viaDevice = await deviceSrp(answer, (await signIn("lee", secret.deviceKey)).Session, "lee", secret);
    const bound = viaDevice.AuthenticationResult!;

    // Forgotten: gone, its key refused at sign-in, and its refresh tokens no longer name it.
    await env.anyone().send(new ForgetDeviceCommand({ AccessToken: token, DeviceKey: secret.deviceKey }));
    expect(
      (
        await rejection(
          env.anyone().send(new GetDeviceCommand({ AccessToken: token, DeviceKey: secret.deviceKey })),
        )
      ).name,
    ).toBe("ResourceNotFoundException");
    expect((await rejection(signIn("lee", secret.deviceKey))).name).toBe("ResourceNotFoundException");
    const clientId = claims(bound.AccessToken!).client_id as string;
    const refreshed = await env.anyone().send(
      new InitiateAuthCommand({
        AuthFlow: "REFRESH_TOKEN_AUTH",
        ClientId: clientId,
        AuthParameters: { REFRESH_TOKEN: bound.RefreshToken! },
      }),
    );
    expect(claims(refreshed.AuthenticationResult!.AccessToken!).device_key).toBeUndefined();
    await env.admin().send(
      new AdminForgetDeviceCommand({
        UserPoolId: poolId,
        Username: "lee",
        DeviceKey: two.NewDeviceMetadata!.DeviceKey!,
      }),
    );
    expect(
      (await env.admin().send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: "lee" }))).Devices,
    ).toEqual([]);
  });

  it("leaves an opted-in device not remembered until the user says so, and tracks nothing without a DeviceConfiguration", async () => {
    const optIn = await devicePool(
      { DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true } },
      false,
    );
    await optIn.user("opal");
    const tokens = (await optIn.signIn("opal")).AuthenticationResult!;
    const secret = await deviceSecret(tokens.NewDeviceMetadata!);
    const confirmed = await env.anyone().send(
      new ConfirmDeviceCommand({
        AccessToken: tokens.AccessToken!,
        DeviceKey: secret.deviceKey,
        DeviceSecretVerifierConfig: secret.config,
      }),
    );
    expect(confirmed.UserConfirmationNecessary).toBe(true);
    const { Device } = await env
      .anyone()
      .send(new GetDeviceCommand({ AccessToken: tokens.AccessToken!, DeviceKey: secret.deviceKey }));
    expect(attrs(Device!.DeviceAttributes)["dev:device_remembered_status"]).toBe("not_remembered");
    const bad = await rejection(
      env.anyone().send(
        new ConfirmDeviceCommand({
          AccessToken: tokens.AccessToken!,
          DeviceKey: secret.deviceKey,
          DeviceSecretVerifierConfig: { PasswordVerifier: "!!", Salt: "AA==" },
        }),
      ),
    );
    expect(bad.name).toBe("InvalidParameterException");

    const untracked = await devicePool({}, false);
    await untracked.user("nell");
    const plain = (await untracked.signIn("nell")).AuthenticationResult!;
    expect(plain.NewDeviceMetadata).toBeUndefined();
    expect(claims(plain.AccessToken!).device_key).toBeUndefined();
  });
});

describe("devices never confirmed", () => {
  const rows = (sub: string) => {
    const db = new Database(env.database(), { readonly: true });
    try {
      return (db.prepare("SELECT COUNT(*) AS n FROM devices WHERE sub = ?").get(sub) as { n: number }).n;
    } finally {
      db.close();
    }
  };
  const notFound = async (call: Promise<unknown>) => {
    const error = await rejection(call);
    return [error.name, error.message];
  };
  const NOT_FOUND = ["ResourceNotFoundException", "Device does not exist."];

  it("are kept ten at most per user, the oldest dropped, and neither listed nor readable until confirmed", async () => {
    const { poolId, user, signIn } = await devicePool();
    await user("sam");
    await user("tia");
    // A server-side app that never confirms: a device per sign-in, ten of them kept.
    const signIns = [];
    for (let i = 0; i < 12; i++) signIns.push((await signIn("sam")).AuthenticationResult!);
    const sub = claims(signIns[0]!.AccessToken!).sub as string;
    const keys = signIns.map((tokens) => tokens.NewDeviceMetadata!.DeviceKey!);
    expect(new Set(keys).size).toBe(12);
    expect(rows(sub)).toBe(10);
    const token = signIns[11]!.AccessToken!;
    const listed = async () =>
      (await env.anyone().send(new ListDevicesCommand({ AccessToken: token }))).Devices!.map(
        (d) => d.DeviceKey,
      );
    const adminListed = async () =>
      (
        await env.admin().send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: "sam" }))
      ).Devices!.map((d) => d.DeviceKey);
    expect([await listed(), await adminListed()]).toEqual([[], []]);

    // Reading or (un)remembering a device never confirmed: it does not exist.
    const key = keys[11]!;
    expect(
      await notFound(env.anyone().send(new GetDeviceCommand({ AccessToken: token, DeviceKey: key }))),
    ).toEqual(NOT_FOUND);
    expect(
      await notFound(
        env.admin().send(new AdminGetDeviceCommand({ UserPoolId: poolId, Username: "sam", DeviceKey: key })),
      ),
    ).toEqual(NOT_FOUND);
    expect(
      await notFound(
        env.anyone().send(
          new UpdateDeviceStatusCommand({
            AccessToken: token,
            DeviceKey: key,
            DeviceRememberedStatus: "remembered",
          }),
        ),
      ),
    ).toEqual(NOT_FOUND);
    expect(
      await notFound(
        env.admin().send(
          new AdminUpdateDeviceStatusCommand({
            UserPoolId: poolId,
            Username: "sam",
            DeviceKey: key,
            DeviceRememberedStatus: "remembered",
          }),
        ),
      ),
    ).toEqual(NOT_FOUND);

    // The two oldest are gone: refused at sign-in and at ConfirmDevice. Another user cannot confirm sam's.
    const secret = await deviceSecret(signIns[2]!.NewDeviceMetadata!);
    const confirm = (AccessToken: string, DeviceKey: string) =>
      env
        .anyone()
        .send(
          new ConfirmDeviceCommand({ AccessToken, DeviceKey, DeviceSecretVerifierConfig: secret.config }),
        );
    expect((await rejection(signIn("sam", keys[0]))).name).toBe("ResourceNotFoundException");
    expect(await notFound(confirm(token, keys[1]!))).toEqual(NOT_FOUND);
    const tia = (await signIn("tia")).AuthenticationResult!.AccessToken!;
    expect(await notFound(confirm(tia, keys[2]!))).toEqual(NOT_FOUND);

    // The oldest one kept, confirmed with the last sign-in's token, is the one device listed, and stays.
    expect((await confirm(token, keys[2]!)).UserConfirmationNecessary).toBe(false);
    expect([await listed(), await adminListed()]).toEqual([[keys[2]], [keys[2]]]);
    expect((await rejection(confirm(token, keys[2]!))).name).toBe("InvalidParameterException");
    for (let i = 0; i < 3; i++) await signIn("sam");
    expect(rows(sub)).toBe(11);
    expect(await listed()).toEqual([keys[2]]);
  });

  it("is forgotten without error: the refresh tokens of its sign-in stop naming it", async () => {
    const { clientId, user, signIn } = await devicePool();
    await user("ugo");
    const tokens = (await signIn("ugo")).AuthenticationResult!;
    const key = tokens.NewDeviceMetadata!.DeviceKey!;
    const refresh = () =>
      env.anyone().send(
        new InitiateAuthCommand({
          AuthFlow: "REFRESH_TOKEN_AUTH",
          ClientId: clientId,
          AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken! },
        }),
      );
    expect(claims((await refresh()).AuthenticationResult!.AccessToken!).device_key).toBe(key);
    await env.anyone().send(new ForgetDeviceCommand({ AccessToken: tokens.AccessToken!, DeviceKey: key }));
    expect(claims((await refresh()).AuthenticationResult!.AccessToken!).device_key).toBeUndefined();
  });

  it("in an opted-in pool, lists a confirmed device only while it is remembered", async () => {
    // amazon-cognito-identity-js documents that listDevices returns remembered devices (its PR 199);
    // Amplify's fetchDevices (amplify-js PR 12171) lists none until rememberDevice in a User opt-in pool.
    const optIn = await devicePool(
      { DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true } },
      false,
    );
    await optIn.user("vic");
    const tokens = (await optIn.signIn("vic")).AuthenticationResult!;
    const token = tokens.AccessToken!;
    const secret = await deviceSecret(tokens.NewDeviceMetadata!);
    const confirmed = await env.anyone().send(
      new ConfirmDeviceCommand({
        AccessToken: token,
        DeviceKey: secret.deviceKey,
        DeviceSecretVerifierConfig: secret.config,
      }),
    );
    expect(confirmed.UserConfirmationNecessary).toBe(true);
    const listed = async () =>
      (await env.anyone().send(new ListDevicesCommand({ AccessToken: token }))).Devices!.map(
        (d) => d.DeviceKey,
      );
    const adminListed = async () =>
      (
        await env.admin().send(new AdminListDevicesCommand({ UserPoolId: optIn.poolId, Username: "vic" }))
      ).Devices!.map((d) => d.DeviceKey);
    expect([await listed(), await adminListed()]).toEqual([[], []]);
    // Confirmed but not remembered, it is still the user's device to read and to remember.
    const { Device } = await env
      .anyone()
      .send(new GetDeviceCommand({ AccessToken: token, DeviceKey: secret.deviceKey }));
    expect(attrs(Device!.DeviceAttributes)).toMatchObject({
      device_status: "valid",
      "dev:device_remembered_status": "not_remembered",
    });
    const remember = (DeviceRememberedStatus: "remembered" | "not_remembered") =>
      env.anyone().send(
        new UpdateDeviceStatusCommand({
          AccessToken: token,
          DeviceKey: secret.deviceKey,
          DeviceRememberedStatus,
        }),
      );
    await remember("remembered");
    expect([await listed(), await adminListed()]).toEqual([[secret.deviceKey], [secret.deviceKey]]);
    await remember("not_remembered");
    expect([await listed(), await adminListed()]).toEqual([[], []]);
  });
});

function acijsSignIn(
  user: CognitoUser,
  code: () => Promise<string>,
  onMfa: () => void,
): Promise<CognitoUserSession> {
  return new Promise((resolve, reject) => {
    const callbacks = {
      onSuccess: (session: CognitoUserSession) => resolve(session),
      onFailure: reject,
      totpRequired: () => {
        onMfa();
        code().then((c) => user.sendMFACode(c, callbacks, "SOFTWARE_TOKEN_MFA"), reject);
      },
      mfaRequired: () => reject(new Error("unexpected SMS_MFA")),
      newPasswordRequired: () => reject(new Error("unexpected NEW_PASSWORD_REQUIRED")),
    };
    user.authenticateUser(
      new AuthenticationDetails({ Username: user.getUsername(), Password: PASSWORD }),
      callbacks,
    );
  });
}

describe("a device named at sign-in, through an MFA challenge", () => {
  it("keeps the named device (not remembered, so MFA is asked) for the tokens after the code", async () => {
    const optIn = await devicePool({
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
    });
    await optIn.user("pia");
    const first = (await optIn.signIn("pia")).AuthenticationResult!;
    const secret = await deviceSecret(first.NewDeviceMetadata!);
    await env.anyone().send(
      new ConfirmDeviceCommand({
        AccessToken: first.AccessToken!,
        DeviceKey: secret.deviceKey,
        DeviceSecretVerifierConfig: secret.config,
      }),
    );
    const totp = await enrolTotp(first.AccessToken!);
    const started = await optIn.signIn("pia", secret.deviceKey);
    expect(started.ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
    const code = await generate({ secret: totp, epoch: Math.floor(Date.now() / 1000) + 30 });
    const done = (
      await optIn.answer("SOFTWARE_TOKEN_MFA", started.Session, {
        USERNAME: "pia",
        SOFTWARE_TOKEN_MFA_CODE: code,
        DEVICE_KEY: secret.deviceKey,
      })
    ).AuthenticationResult!;
    expect(claims(done.AccessToken!).device_key).toBe(secret.deviceKey);
    expect(done.NewDeviceMetadata).toBeUndefined();
  });
});

describe("ChallengeRequiredOnNewDevice false", () => {
  it("remembers devices but still asks for the second factor", async () => {
    const pool = await devicePool({
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false },
    });
    await pool.user("rua");
    const first = (await pool.signIn("rua")).AuthenticationResult!;
    const secret = await deviceSecret(first.NewDeviceMetadata!);
    await env.anyone().send(
      new ConfirmDeviceCommand({
        AccessToken: first.AccessToken!,
        DeviceKey: secret.deviceKey,
        DeviceSecretVerifierConfig: secret.config,
      }),
    );
    await enrolTotp(first.AccessToken!);
    expect((await pool.signIn("rua", secret.deviceKey)).ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
  });
});

describe("remembered devices through amazon-cognito-identity-js", () => {
  it("confirms the device after TOTP, then signs in again with device SRP and no MFA", async () => {
    const { poolId, clientId, user, signIn } = await devicePool();
    await user("ada");
    const totp = await enrolTotp((await signIn("ada")).AuthenticationResult!.AccessToken!);
    const storage = memoryStorage();
    const pool = new CognitoUserPool({
      UserPoolId: poolId,
      ClientId: clientId,
      endpoint: env.url(),
      Storage: storage,
    });
    const cognitoUser = new CognitoUser({ Username: "ada", Pool: pool, Storage: storage });
    let mfaAsked = 0;
    const code = () => generate({ secret: totp, epoch: Math.floor(Date.now() / 1000) + 30 });

    await acijsSignIn(cognitoUser, code, () => mfaAsked++);
    expect(mfaAsked).toBe(1);
    const deviceKey = storage.getItem(`CognitoIdentityServiceProvider.${clientId}.ada.deviceKey`);
    expect(deviceKey).toMatch(DEVICE_KEY);
    const listed = await env
      .admin()
      .send(new AdminGetDeviceCommand({ UserPoolId: poolId, Username: "ada", DeviceKey: deviceKey! }));
    expect(attrs(listed.Device!.DeviceAttributes)).toMatchObject({
      device_status: "valid",
      "dev:device_remembered_status": "remembered",
    });

    const session = await acijsSignIn(cognitoUser, code, () => mfaAsked++);
    expect(mfaAsked).toBe(1);
    const access = claims(session.getAccessToken().getJwtToken());
    expect(access.device_key).toBe(deviceKey);
    expect(claims(session.getIdToken().getJwtToken()).amr).toEqual(["pwd"]);
  });
});
