// MFA through amazon-cognito-identity-js (6.3.21, unmodified) against the Node entry over HTTP:
// SMS_MFA with the code from the outbox (and a wrong code first, on the same Session), TOTP set up
// with an AccessToken and answered at sign-in, MFA_SETUP during sign-in with the Session, and the
// retry ACIJS makes with `DEVICE_KEY: null` after its remembered device was forgotten, and
// listDevices in a User opt-in pool (remembered devices only).
import {
  AdminConfirmSignUpCommand,
  AdminForgetDeviceCommand,
  AdminListDevicesCommand,
  AdminSetUserMFAPreferenceCommand,
  CreateUserPoolClientCommand,
  SetUserPoolMfaConfigCommand,
  SignUpCommand,
  type CreateUserPoolCommandInput,
} from "@aws-sdk/client-cognito-identity-provider";
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
  type ICognitoStorage,
} from "amazon-cognito-identity-js";
import { generate } from "otplib";
import { afterEach, describe, expect, it, vi } from "vitest";
import { memoryStorage } from "../helpers/acijs.js";
import { verifyToken } from "./auth-helpers.js";
import { usersServer } from "./users-setup.js";

const env = usersServer();
const PASSWORD = "Acijs-Factor-9!x";
const SMS = {
  SmsMfaConfiguration: {
    SmsAuthenticationMessage: "Your code is {####}",
    SmsConfiguration: { SnsCallerArn: "arn:aws:iam::123456789012:role/sns-caller" },
  },
};
const TRACKED = {
  DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
};
/** A code of a later time step than any used so far: a code is accepted once per step. */
const laterCode = (secret: string, ahead = 1) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 * ahead });
type Failure = Error & { code?: string };

afterEach(() => {
  vi.restoreAllMocks();
});

async function mfaPool(
  mode: "ON" | "OPTIONAL",
  extra: Record<string, unknown> = {},
  settings: Partial<CreateUserPoolCommandInput> = {},
) {
  const poolId = await env.newPool(settings);
  await env.admin().send(
    new SetUserPoolMfaConfigCommand({
      UserPoolId: poolId,
      MfaConfiguration: mode,
      SoftwareTokenMfaConfiguration: { Enabled: true },
      ...extra,
    }),
  );
  const { UserPoolClient } = await env.admin().send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: "web",
      ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    }),
  );
  const clientId = UserPoolClient!.ClientId!;
  const pool = new CognitoUserPool({
    UserPoolId: poolId,
    ClientId: clientId,
    endpoint: env.url(),
    Storage: memoryStorage(),
  });
  const user = async (Username: string, attributes: Record<string, string> = {}) => {
    await env.anyone().send(
      new SignUpCommand({
        ClientId: clientId,
        Username,
        Password: PASSWORD,
        UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
      }),
    );
    await env.admin().send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username }));
    return cognitoUser(Username);
  };
  /** A fresh ACIJS user object, with its own storage unless one is given (device keys live there). */
  const cognitoUser = (Username: string, Storage = memoryStorage()) =>
    new CognitoUser({ Username, Pool: pool, Storage });
  const verify = async (session: CognitoUserSession) => ({
    id: await verifyToken(env.url(), poolId, session.getIdToken().getJwtToken(), "id", clientId),
    access: await verifyToken(env.url(), poolId, session.getAccessToken().getJwtToken(), "access", clientId),
  });
  return { poolId, clientId, user, cognitoUser, verify };
}

/** What a sign-in stopped at: a challenge (with its parameters), tokens, or an error. */
type Outcome =
  | { kind: "challenge"; name: string; params: Record<string, string> }
  | { kind: "success"; session: CognitoUserSession }
  | { kind: "failure"; error: Failure };

function settle(start: (callbacks: Record<string, unknown>) => void): Promise<Outcome> {
  return new Promise((resolve) => {
    // ACIJS names the challenge itself as the first argument of these callbacks.
    const named = (name: string, params: Record<string, string>) =>
      resolve({ kind: "challenge", name, params: params ?? {} });
    start({
      onSuccess: (session: CognitoUserSession) => resolve({ kind: "success", session }),
      onFailure: (error: Failure) => resolve({ kind: "failure", error }),
      mfaRequired: named,
      totpRequired: named,
      mfaSetup: named,
      selectMFAType: named,
      newPasswordRequired: () => resolve({ kind: "challenge", name: "NEW_PASSWORD_REQUIRED", params: {} }),
    });
  });
}

const signIn = (user: CognitoUser) =>
  settle((cb) =>
    user.authenticateUser(
      new AuthenticationDetails({ Username: user.getUsername(), Password: PASSWORD }),
      cb as never,
    ),
  );
const sendCode = (user: CognitoUser, code: string, type?: string) =>
  settle((cb) => user.sendMFACode(code, cb as never, type));
const tokensOf = (outcome: Outcome): CognitoUserSession => {
  if (outcome.kind !== "success") throw new Error(`expected tokens, got ${JSON.stringify(outcome)}`);
  return outcome.session;
};

function associate(user: CognitoUser): Promise<string> {
  return new Promise((resolve, reject) =>
    user.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }),
  );
}
const verifyTotp = (user: CognitoUser, code: string) =>
  settle((cb) => user.verifySoftwareToken(code, "authenticator", cb as never));

// ACIJS sends `SMSMfaSettings: null` here, as apps written against it do.
const preferTotp = (user: CognitoUser) =>
  new Promise((resolve, reject) =>
    user.setUserMfaPreference(null, { PreferredMfa: true, Enabled: true }, (err, result) =>
      err ? reject(err) : resolve(result),
    ),
  );

describe("SMS_MFA through amazon-cognito-identity-js", () => {
  it("asks for the code by mfaRequired, refuses a wrong one, and takes the right one on the same Session", async () => {
    const { poolId, user, verify } = await mfaPool("OPTIONAL", SMS);
    const vic = await user("vic", { phone_number: "+15555550177" });
    await env.admin().send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: poolId,
        Username: "vic",
        SMSMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );

    const asked = await signIn(vic);
    expect(asked).toMatchObject({
      kind: "challenge",
      name: "SMS_MFA",
      params: { CODE_DELIVERY_DELIVERY_MEDIUM: "SMS", CODE_DELIVERY_DESTINATION: "+*******0177" },
    });
    const message = env.lastMessageTo("+15555550177");
    expect(message).toMatchObject({ channel: "SMS", body: `Your code is ${message.code}` });
    const session = (vic as unknown as { Session: string }).Session;
    expect(session.length).toBeGreaterThan(20);

    const wrong = await sendCode(vic, message.code === "000000" ? "111111" : "000000");
    expect(wrong).toMatchObject({
      kind: "failure",
      error: { code: "CodeMismatchException", message: "Invalid code received for user" },
    });
    // ACIJS keeps its Session after a failure, so the retry names the same one.
    expect((vic as unknown as { Session: string }).Session).toBe(session);
    const tokens = await verify(tokensOf(await sendCode(vic, message.code!)));
    expect(tokens.access).toMatchObject({ username: "vic", token_use: "access" });
    expect(tokens.access.amr).toEqual(expect.arrayContaining(["mfa", "sms"]));
    expect(tokens.id).toMatchObject({ "cognito:username": "vic", phone_number_verified: true });
    env.expectNothingInClear("vic");
  });
});

describe("legacy SMS MFA settings through amazon-cognito-identity-js", () => {
  it("turns SMS MFA on with enableMFA, reports it with getMFAOptions, and off with disableMFA", async () => {
    const { user } = await mfaPool("OPTIONAL", SMS);
    const wes = await user("wes", { phone_number: "+15555550178" });
    tokensOf(await signIn(wes));
    const call = (run: (cb: (error: Error | null, result?: unknown) => void) => void) =>
      new Promise((resolve, reject) => run((error, result) => (error ? reject(error) : resolve(result))));
    expect(await call((cb) => wes.getMFAOptions(cb as never))).toBeUndefined();
    expect(await call((cb) => wes.enableMFA(cb as never))).toBe("SUCCESS");
    expect(await call((cb) => wes.getMFAOptions(cb as never))).toEqual([
      { DeliveryMedium: "SMS", AttributeName: "phone_number" },
    ]);
    const asked = await signIn(wes);
    expect(asked).toMatchObject({ kind: "challenge", name: "SMS_MFA" });
    tokensOf(await sendCode(wes, env.lastMessageTo("+15555550178").code!));
    expect(await call((cb) => wes.disableMFA(cb as never))).toBe("SUCCESS");
    expect(await call((cb) => wes.getMFAOptions(cb as never))).toBeUndefined();
    tokensOf(await signIn(wes));
  });
});

describe("TOTP through amazon-cognito-identity-js", () => {
  it("sets up a software token when signed in, makes it preferred, then answers totpRequired", async () => {
    const { user, cognitoUser, verify } = await mfaPool("OPTIONAL");
    const tess = await user("tess");
    const plain = await verify(tokensOf(await signIn(tess)));
    expect(plain.access.amr).toEqual(["pwd"]);

    const secret = await associate(tess);
    env.secrets.add(secret);
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    const verified = await verifyTotp(tess, await generate({ secret }));
    expect(verified).toMatchObject({ kind: "success", session: { Status: "SUCCESS" } });
    expect(await preferTotp(tess)).toBe("SUCCESS");

    const fresh = cognitoUser("tess");
    const asked = await signIn(fresh);
    expect(asked).toMatchObject({
      kind: "challenge",
      name: "SOFTWARE_TOKEN_MFA",
      params: { FRIENDLY_DEVICE_NAME: "authenticator" },
    });
    const tokens = await verify(
      tokensOf(await sendCode(fresh, await laterCode(secret), "SOFTWARE_TOKEN_MFA")),
    );
    expect(tokens.access).toMatchObject({ username: "tess" });
    expect(tokens.access.amr).toEqual(expect.arrayContaining(["mfa", "otp"]));
    expect(tokens.access.amr).not.toContain("sms");
  });
});

describe("MFA_SETUP through amazon-cognito-identity-js", () => {
  it("enrols a software token during sign-in with the Session, then answers MFA_SETUP for tokens", async () => {
    const { user, cognitoUser, verify } = await mfaPool("ON");
    const ulla = await user("ulla");
    const asked = await signIn(ulla);
    expect(asked).toMatchObject({ kind: "challenge", name: "MFA_SETUP" });
    expect(asked.kind === "challenge" && JSON.parse(asked.params.MFAS_CAN_SETUP!)).toEqual([
      "SOFTWARE_TOKEN_MFA",
    ]);

    const secret = await associate(ulla);
    env.secrets.add(secret);
    const tokens = await verify(tokensOf(await verifyTotp(ulla, await generate({ secret }))));
    expect(tokens.access).toMatchObject({ username: "ulla" });
    expect(tokens.access.amr).toEqual(expect.arrayContaining(["mfa", "otp"]));
    // Enrolled: the next sign-in asks for a code instead.
    expect(await signIn(cognitoUser("ulla"))).toMatchObject({
      kind: "challenge",
      name: "SOFTWARE_TOKEN_MFA",
    });
  });
});

interface Call {
  target: string;
  // biome-ignore lint/suspicious/noExplicitAny: the test reads answers of many shapes
  body: Record<string, any>;
  error: string | null;
}

/** The requests ACIJS makes while `run` runs, and the error type of each answer, through the real fetch. */
async function recording<T>(run: () => Promise<T>): Promise<{ result: T; calls: Call[] }> {
  const calls: Call[] = [];
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const response = await realFetch(input, init);
    const target = new Headers(init?.headers).get("x-amz-target");
    if (target !== null)
      calls.push({
        target: target.split(".").at(-1)!,
        body: JSON.parse(String(init?.body)),
        error: response.headers.get("x-amzn-errortype"),
      });
    return response;
  });
  const result = await run();
  vi.restoreAllMocks();
  return { result, calls };
}

describe("a remembered device forgotten on the server", () => {
  it("lets ACIJS retry PASSWORD_VERIFIER with DEVICE_KEY null on the same Session, and sign in", async () => {
    const { poolId, clientId, user, cognitoUser, verify } = await mfaPool("OPTIONAL", {}, TRACKED);
    const storage = memoryStorage();
    await user("ada");
    // Signed in before any factor: ACIJS confirms the new device and keeps its key in its storage.
    const first = cognitoUser("ada", storage);
    const keyOf = (s: ICognitoStorage) =>
      s.getItem(`CognitoIdentityServiceProvider.${clientId}.ada.deviceKey`);
    tokensOf(await signIn(first));
    const forgotten = keyOf(storage)!;
    expect(forgotten).toMatch(/^us-east-1_/);
    const secret = await associate(first);
    env.secrets.add(secret);
    await verifyTotp(first, await generate({ secret }));
    expect(await preferTotp(first)).toBe("SUCCESS");
    // Remembered, the device stands in for TOTP.
    const remembered = await verify(tokensOf(await signIn(cognitoUser("ada", storage))));
    expect([remembered.access.amr, remembered.access.device_key]).toEqual([["pwd"], forgotten]);

    await env
      .admin()
      .send(new AdminForgetDeviceCommand({ UserPoolId: poolId, Username: "ada", DeviceKey: forgotten }));

    const again = cognitoUser("ada", storage);
    const { result, calls } = await recording(() => signIn(again));
    expect(result).toMatchObject({ kind: "challenge", name: "SOFTWARE_TOKEN_MFA" });
    const answers = calls.filter((c) => c.target === "RespondToAuthChallenge");
    expect(answers.map((c) => c.body.ChallengeName)).toEqual(["PASSWORD_VERIFIER", "PASSWORD_VERIFIER"]);
    expect(answers[0]!.body.ChallengeResponses.DEVICE_KEY).toBe(forgotten);
    expect(answers.map((c) => c.error?.split(":")[0] ?? null)).toEqual(["ResourceNotFoundException", null]);
    expect(answers[1]!.body.ChallengeResponses).toHaveProperty("DEVICE_KEY", null);
    expect(answers[1]!.body.Session).toBe(answers[0]!.body.Session);
    expect(keyOf(storage)).toBeNull();

    const tokens = await verify(
      tokensOf(await sendCode(again, await laterCode(secret), "SOFTWARE_TOKEN_MFA")),
    );
    expect(tokens.access.amr).toEqual(expect.arrayContaining(["mfa", "otp"]));
    // The sign-in got a new device, confirmed by ACIJS; the forgotten one stays gone.
    const fresh = keyOf(storage);
    expect(fresh).toMatch(/^us-east-1_/);
    expect(fresh).not.toBe(forgotten);
    expect(tokens.access.device_key).toBe(fresh);
    const { Devices } = await env
      .admin()
      .send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: "ada" }));
    expect(Devices!.map((d) => d.DeviceKey)).toEqual([fresh]);
  });
});

describe("a device key the server never had, in ACIJS's storage", () => {
  it("is dropped after the ResourceNotFoundException, and the sign-in gets a device of its own", async () => {
    const { clientId, user, cognitoUser, verify } = await mfaPool("OPTIONAL", {}, TRACKED);
    await user("bo");
    const storage = memoryStorage();
    const prefix = `CognitoIdentityServiceProvider.${clientId}.bo`;
    const stale = "us-east-1_00000000-0000-4000-8000-000000000000";
    storage.setItem(`${prefix}.deviceKey`, stale);
    storage.setItem(`${prefix}.randomPasswordKey`, "not-a-device-password");
    storage.setItem(`${prefix}.deviceGroupKey`, "-stale-group");
    const { result, calls } = await recording(() => signIn(cognitoUser("bo", storage)));
    const answers = calls.filter((c) => c.target === "RespondToAuthChallenge");
    expect(
      answers.map((c) => [c.body.ChallengeResponses.DEVICE_KEY, c.error?.split(":")[0] ?? null]),
    ).toEqual([
      [stale, "ResourceNotFoundException"],
      [null, null],
    ]);
    const tokens = await verify(tokensOf(result));
    expect(tokens.access.device_key).toBe(storage.getItem(`${prefix}.deviceKey`));
    expect(tokens.access.device_key).not.toBe(stale);
  });
});

describe("listDevices through amazon-cognito-identity-js, in a User opt-in pool", () => {
  it("returns the device only while the user has it remembered, as ACIJS documents (its PR 199)", async () => {
    const { poolId, clientId, user } = await mfaPool(
      "OPTIONAL",
      {},
      {
        DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
      },
    );
    const storage = memoryStorage();
    await user("lin");
    const lin = new CognitoUser({
      Username: "lin",
      Pool: new CognitoUserPool({
        UserPoolId: poolId,
        ClientId: clientId,
        endpoint: env.url(),
        Storage: storage,
      }),
      Storage: storage,
    });
    tokensOf(await signIn(lin));
    // ACIJS confirmed the device (UserConfirmationNecessary) and keeps its key.
    const key = storage.getItem(`CognitoIdentityServiceProvider.${clientId}.lin.deviceKey`);
    expect(key).toMatch(/^us-east-1_/);
    const listed = () =>
      new Promise<(string | undefined)[]>((resolve, reject) =>
        lin.listDevices(60, null, {
          onSuccess: (data: { Devices?: { DeviceKey?: string }[] }) =>
            resolve((data.Devices ?? []).map((d) => d.DeviceKey)),
          onFailure: reject,
        }),
      );
    const status = (remembered: boolean) =>
      new Promise((resolve, reject) =>
        remembered
          ? lin.setDeviceStatusRemembered({ onSuccess: resolve, onFailure: reject })
          : lin.setDeviceStatusNotRemembered({ onSuccess: resolve, onFailure: reject }),
      );
    expect(await listed()).toEqual([]);
    await status(true);
    expect(await listed()).toEqual([key]);
    await status(false);
    expect(await listed()).toEqual([]);
  });
});
