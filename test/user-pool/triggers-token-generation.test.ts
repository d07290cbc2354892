// PreTokenGeneration V1/V2 on the API's sign-ins and refreshes: the event field by field, each
// response rule, the protected claims ignored, and each failure with no refresh token left behind.
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AssociateSoftwareTokenCommand,
  ConfirmDeviceCommand,
  CreateGroupCommand,
  GetTokensFromRefreshTokenCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  VerifySoftwareTokenCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { generate } from "otplib";
import { describe, expect, it } from "vitest";
import { deviceSecret, deviceSrp } from "./device-client.js";
import { expectEnvelope } from "../helpers/trigger-envelope.js";
import {
  arn,
  claimsOf,
  type Json,
  rejection,
  type TriggerServer,
  triggerServer,
} from "./triggers-harness.js";

const server = triggerServer();
const PASSWORD = "Correct-Horse-9-battery";

async function user(s: TriggerServer, poolId: string, username: string, groups: string[] = []) {
  await s.user(poolId, username, PASSWORD, { email: `${username}@example.com`, email_verified: "true" });
  for (const group of groups) {
    await s
      .admin()
      .send(
        new CreateGroupCommand({
          UserPoolId: poolId,
          GroupName: group,
          RoleArn: `arn:aws:iam::123456789012:role/${group}`,
        }),
      )
      .catch(() => undefined);
    await s
      .admin()
      .send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: username, GroupName: group }));
  }
}

const signIn = (s: TriggerServer, clientId: string, username: string) =>
  s.admin().send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: "USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: username, PASSWORD },
    }),
  );

const v2 = (name: string) => ({
  PreTokenGenerationConfig: { LambdaArn: arn(name), LambdaVersion: "V2_0" as const },
});

describe("PreTokenGeneration V1", () => {
  it("gets Cognito's V1 event and changes the ID token only, with string values", async () => {
    server.handlers.v1 = async (event: Json) => {
      event.response.claimsOverrideDetails = {
        claimsToAddOrOverride: {
          tenant: "acme",
          email: "other@example.com",
          sub: "forged",
          "cognito:username": "x",
        },
        claimsToSuppress: ["email_verified", "iss", "token_use"],
      };
      return event;
    };
    const { poolId, clientId } = await server.pool({ LambdaConfig: { PreTokenGeneration: arn("v1") } });
    await user(server, poolId, "ana", ["admins"]);
    server.events.length = 0;
    const { AuthenticationResult } = await signIn(server, clientId, "ana");
    const event = server.events[0]!;
    expectEnvelope(event, {
      triggerSource: "TokenGeneration_Authentication",
      userPoolId: poolId,
      userName: "ana",
      clientId,
    });
    expect(Object.keys(event.request)).toEqual(["userAttributes", "groupConfiguration"]);
    expect(event.request.userAttributes).toMatchObject({
      email: "ana@example.com",
      email_verified: "true",
      "cognito:user_status": "CONFIRMED",
    });
    expect(event.request.userAttributes.sub).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.request.groupConfiguration).toEqual({
      groupsToOverride: ["admins"],
      iamRolesToOverride: ["arn:aws:iam::123456789012:role/admins"],
      preferredRole: "arn:aws:iam::123456789012:role/admins",
    });
    expect(event.response).toEqual({ claimsOverrideDetails: null });
    const id = claimsOf(AuthenticationResult!.IdToken!);
    expect(id.tenant).toBe("acme");
    expect(id.email).toBe("other@example.com");
    expect(id).not.toHaveProperty("email_verified");
    // Protected claims: neither overridden nor suppressed.
    expect(id.sub).toBe(event.request.userAttributes.sub);
    expect(id["cognito:username"]).toBe("ana");
    expect(id.token_use).toBe("id");
    expect(id.iss).toContain(poolId);
    const access = claimsOf(AuthenticationResult!.AccessToken!);
    expect(access).not.toHaveProperty("tenant");
    expect(access["cognito:groups"]).toEqual(["admins"]);
  });

  it("refuses a V1 answer with a value that is not a string: InvalidLambdaResponseException, no refresh token", async () => {
    server.handlers.v1bad = async (event: Json) => {
      event.response.claimsOverrideDetails = { claimsToAddOrOverride: { n: 1 } };
      return event;
    };
    const { poolId, clientId } = await server.pool({ LambdaConfig: { PreTokenGeneration: arn("v1bad") } });
    await user(server, poolId, "bo");
    const error = await rejection(signIn(server, clientId, "bo"));
    expect(error.name).toBe("InvalidLambdaResponseException");
    expect(await server.refreshTokens(poolId)).toBe(0);
  });
});

describe("PreTokenGeneration V2", () => {
  it("sends scopes and applies claims (Json JSON), scopes and groups to both tokens", async () => {
    server.handlers.v2 = async (event: Json) => {
      event.response = {
        claimsAndScopeOverrideDetails: {
          idTokenGeneration: {
            claimsToAddOrOverride: { plan: { tier: "gold" } },
            claimsToSuppress: ["email"],
          },
          accessTokenGeneration: {
            claimsToAddOrOverride: {
              roles: ["reader", "writer"],
              level: 3,
              client_id: "forged",
              scope: "x",
              tier: "t",
            },
            claimsToSuppress: ["tier", "username", "exp"],
            scopesToAdd: ["orders/read", "orders/write"],
            scopesToSuppress: ["orders/write"],
          },
          groupOverrideDetails: {
            groupsToOverride: ["editors"],
            iamRolesToOverride: [],
            preferredRole: null,
          },
        },
      };
      return event;
    };
    const { poolId, clientId } = await server.pool({ LambdaConfig: v2("v2") });
    await user(server, poolId, "cy", ["admins"]);
    server.events.length = 0;
    const { AuthenticationResult } = await signIn(server, clientId, "cy");
    const event = server.events[0]!;
    expect(event.version).toBe("2");
    expect(Object.keys(event.request)).toEqual(["userAttributes", "groupConfiguration", "scopes"]);
    expect(event.request.scopes).toEqual(["aws.cognito.signin.user.admin"]);
    expect(event.response).toEqual({ claimsAndScopeOverrideDetails: null });
    const id = claimsOf(AuthenticationResult!.IdToken!);
    expect(id.plan).toEqual({ tier: "gold" });
    expect(id).not.toHaveProperty("email");
    expect(id["cognito:groups"]).toEqual(["editors"]);
    expect(id).not.toHaveProperty("cognito:roles");
    const access = claimsOf(AuthenticationResult!.AccessToken!);
    expect(access.roles).toEqual(["reader", "writer"]);
    expect(access.level).toBe(3);
    expect(access).not.toHaveProperty("tier"); // suppress wins over add
    expect(access.client_id).toBe(clientId);
    expect(access.username).toBe("cy");
    expect(typeof access.exp).toBe("number");
    expect(access.scope).toBe("aws.cognito.signin.user.admin orders/read");
    expect(access["cognito:groups"]).toEqual(["editors"]);
  });

  it("runs again on each refresh (REFRESH_TOKEN_AUTH, GetTokensFromRefreshToken with its ClientMetadata)", async () => {
    let n = 0;
    server.handlers.counter = async (event: Json) => {
      n += 1;
      event.response = {
        claimsAndScopeOverrideDetails: { accessTokenGeneration: { claimsToAddOrOverride: { n } } },
      };
      return event;
    };
    const { poolId, clientId } = await server.pool({ LambdaConfig: v2("counter") });
    await user(server, poolId, "di");
    const first = (await signIn(server, clientId, "di")).AuthenticationResult!;
    expect(claimsOf(first.AccessToken!).n).toBe(1);
    server.events.length = 0;
    const refreshed = await server.admin().send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: "REFRESH_TOKEN_AUTH",
        AuthParameters: { REFRESH_TOKEN: first.RefreshToken! },
        ClientMetadata: { not: "forwarded" },
      }),
    );
    expect(claimsOf(refreshed.AuthenticationResult!.AccessToken!).n).toBe(2);
    expect(server.events[0]!.triggerSource).toBe("TokenGeneration_RefreshTokens");
    expect(server.events[0]!.request).not.toHaveProperty("clientMetadata");
    const again = await server.admin().send(
      new GetTokensFromRefreshTokenCommand({
        ClientId: clientId,
        RefreshToken: first.RefreshToken!,
        ClientMetadata: { app: "web" },
      }),
    );
    expect(claimsOf(again.AuthenticationResult!.AccessToken!).n).toBe(3);
    expect(server.events[1]!.triggerSource).toBe("TokenGeneration_RefreshTokens");
    expect(server.events[1]!.request.clientMetadata).toEqual({ app: "web" });
  });

  for (const [kind, handler, type] of [
    [
      "throws",
      async () => {
        throw new Error("no tokens today");
      },
      "UserLambdaValidationException",
    ],
    ["returns garbage", async () => "not an event", "InvalidLambdaResponseException"],
    [
      "answers a malformed scope",
      async (event: Json) => ({
        ...event,
        response: { claimsAndScopeOverrideDetails: { accessTokenGeneration: { scopesToAdd: ["a b"] } } },
      }),
      "InvalidLambdaResponseException",
    ],
    [
      "answers a claims list for a map",
      async (event: Json) => ({
        ...event,
        response: { claimsAndScopeOverrideDetails: { idTokenGeneration: { claimsToSuppress: "email" } } },
      }),
      "InvalidLambdaResponseException",
    ],
  ] as const) {
    it(`refuses the sign-in when the function ${kind}, storing no refresh token`, async () => {
      const name = `fail-${kind.replace(/\W/g, "")}`;
      server.handlers[name] = handler as never;
      const { poolId, clientId } = await server.pool({ LambdaConfig: v2(name) });
      await user(server, poolId, "ed");
      const error = await rejection(signIn(server, clientId, "ed"));
      expect(error.name).toBe(type);
      if (type === "UserLambdaValidationException")
        expect(error.message).toBe("PreTokenGeneration failed with error no tokens today.");
      expect(await server.refreshTokens(poolId)).toBe(0);
    });
  }

  it("refuses a claim nested deeper than 32 levels (the token's serialisation would overflow the stack), takes 32", async () => {
    const nested = (depth: number) => JSON.parse("[".repeat(depth) + "]".repeat(depth)) as unknown;
    let depth = 0;
    server.handlers["deep-claim"] = async (event: Json) => ({
      ...event,
      response: {
        claimsAndScopeOverrideDetails: {
          accessTokenGeneration: {
            claimsToAddOrOverride: { deep: nested(depth) },
          },
        },
      },
    });
    const { poolId, clientId } = await server.pool({ LambdaConfig: v2("deep-claim") });
    await user(server, poolId, "gil");
    const withDepth = (levels: number) => {
      depth = levels;
      return server.admin().send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: "USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: "gil", PASSWORD },
        }),
      );
    };
    for (const levels of [33, 200_000]) {
      const error = await rejection(withDepth(levels));
      expect(error.name).toBe("InvalidLambdaResponseException");
    }
    expect(await server.refreshTokens(poolId)).toBe(0);
    const signedIn = await withDepth(32);
    expect(JSON.stringify(claimsOf(signedIn.AuthenticationResult!.AccessToken!).deep)).toBe(
      "[".repeat(32) + "]".repeat(32),
    );
  });

  it("refuses the sign-in when the function hangs past its 5 seconds: UnexpectedLambdaException", {
    timeout: 15000,
  }, async () => {
    server.handlers.hang = () => new Promise(() => undefined);
    const { poolId, clientId } = await server.pool({ LambdaConfig: v2("hang") });
    await user(server, poolId, "fi");
    const error = await rejection(signIn(server, clientId, "fi"));
    expect(error.name).toBe("UnexpectedLambdaException");
    expect(error.message).toBe("PreTokenGeneration invocation failed due to error TimeoutException.");
    expect(await server.refreshTokens(poolId)).toBe(0);
  });
});

describe("PreTokenGeneration: the source of each way a sign-in ends", () => {
  it("_NewPasswordChallenge, _Authentication after TOTP MFA and _AuthenticateDevice; PostAuthentication's newDeviceUsed", async () => {
    // Each answer names the source it was called for, so the tokens show which event made them.
    server.handlers.sources = async (event: Json) => {
      event.response = {
        claimsAndScopeOverrideDetails: {
          accessTokenGeneration: { claimsToAddOrOverride: { source: event.triggerSource } },
        },
      };
      return event;
    };
    server.handlers.postSources = async (event: Json) => event;
    const { poolId, clientId } = await server.pool({
      LambdaConfig: { ...v2("sources"), PostAuthentication: arn("postSources") },
      MfaConfiguration: "OPTIONAL",
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
    });
    await server.admin().send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId,
        MfaConfiguration: "OPTIONAL",
        SoftwareTokenMfaConfiguration: { Enabled: true },
      }),
    );
    await server.admin().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: "gil",
        TemporaryPassword: "Temporary-Horse-9",
        MessageAction: "SUPPRESS",
      }),
    );
    const answer = (
      ChallengeName: string,
      Session: string | undefined,
      ChallengeResponses: Record<string, string>,
      ClientMetadata?: Record<string, string>,
    ) =>
      server.admin().send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: ChallengeName as never,
          Session,
          ChallengeResponses,
          ClientMetadata,
        }),
      );
    const initiate = (PASSWORD_: string, DEVICE_KEY?: string) =>
      server.admin().send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: "USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: "gil", PASSWORD: PASSWORD_, ...(DEVICE_KEY ? { DEVICE_KEY } : {}) },
        }),
      );
    const tokenEvents = () => server.events.filter((e) => e.triggerSource.startsWith("TokenGeneration_"));
    const postEvents = () => server.events.filter((e) => e.triggerSource.startsWith("PostAuthentication_"));

    // 1. The temporary password, then NEW_PASSWORD_REQUIRED answered (with its ClientMetadata).
    server.events.length = 0;
    const started = await initiate("Temporary-Horse-9");
    expect(started.ChallengeName).toBe("NEW_PASSWORD_REQUIRED");
    expect(tokenEvents()).toHaveLength(0);
    const changed = await answer(
      "NEW_PASSWORD_REQUIRED",
      started.Session,
      { USERNAME: "gil", NEW_PASSWORD: PASSWORD },
      { step: "new-password" },
    );
    const first = changed.AuthenticationResult!;
    const np = tokenEvents()[0]!;
    expectEnvelope(np, {
      triggerSource: "TokenGeneration_NewPasswordChallenge",
      version: "2",
      userPoolId: poolId,
      userName: "gil",
      clientId,
    });
    expect(np.response).toEqual({ claimsAndScopeOverrideDetails: null });
    expect(Object.keys(np.request)).toEqual([
      "userAttributes",
      "groupConfiguration",
      "scopes",
      "clientMetadata",
    ]);
    expect(np.request.userAttributes["cognito:user_status"]).toBe("CONFIRMED");
    expect(np.request.scopes).toEqual(["aws.cognito.signin.user.admin"]);
    expect(np.request.clientMetadata).toEqual({ step: "new-password" });
    expect(claimsOf(first.AccessToken!).source).toBe("TokenGeneration_NewPasswordChallenge");
    // AWS: newDeviceUsed is true when the sign-in used a new device (this one hands one out).
    expect(first.NewDeviceMetadata?.DeviceKey).toEqual(expect.any(String));
    expect(postEvents()[0]!.request).toEqual({
      userAttributes: expect.any(Object),
      newDeviceUsed: true,
      clientMetadata: { step: "new-password" },
    });

    // 2. TOTP enrolled, the device confirmed.
    const { SecretCode } = await server
      .admin()
      .send(new AssociateSoftwareTokenCommand({ AccessToken: first.AccessToken! }));
    await server.admin().send(
      new VerifySoftwareTokenCommand({
        AccessToken: first.AccessToken!,
        UserCode: await generate({ secret: SecretCode! }),
      }),
    );
    await server.admin().send(
      new SetUserMFAPreferenceCommand({
        AccessToken: first.AccessToken!,
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
    const secret = await deviceSecret(first.NewDeviceMetadata!);
    await server.admin().send(
      new ConfirmDeviceCommand({
        AccessToken: first.AccessToken!,
        DeviceKey: secret.deviceKey,
        DeviceSecretVerifierConfig: secret.config,
      }),
    );

    // 3. A sign-in finished after TOTP MFA, from no remembered device: _Authentication, a new device.
    server.events.length = 0;
    const mfa = await initiate(PASSWORD);
    expect(mfa.ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
    const afterMfa = await answer(
      "SOFTWARE_TOKEN_MFA",
      mfa.Session,
      {
        USERNAME: "gil",
        // The next window's code (one step of drift is accepted): the current one enrolled TOTP.
        SOFTWARE_TOKEN_MFA_CODE: await generate({
          secret: SecretCode!,
          epoch: Math.floor(Date.now() / 1000) + 30,
        }),
      },
      { step: "mfa" },
    );
    expect(tokenEvents().map((e) => e.triggerSource)).toEqual(["TokenGeneration_Authentication"]);
    expect(tokenEvents()[0]!.request.clientMetadata).toEqual({ step: "mfa" });
    expect(claimsOf(afterMfa.AuthenticationResult!.AccessToken!).source).toBe(
      "TokenGeneration_Authentication",
    );
    expect(claimsOf(afterMfa.AuthenticationResult!.IdToken!).amr).toContain("mfa");
    expect(postEvents().map((e) => e.request.newDeviceUsed)).toEqual([true]);

    // 4. The remembered device answers for MFA: _AuthenticateDevice, no new device.
    server.events.length = 0;
    const viaDevice = await initiate(PASSWORD, secret.deviceKey);
    expect(viaDevice.ChallengeName).toBe("DEVICE_SRP_AUTH");
    const done = await deviceSrp(answer, viaDevice.Session, "gil", secret);
    expect(done.AuthenticationResult!.NewDeviceMetadata).toBeUndefined();
    expect(tokenEvents().map((e) => e.triggerSource)).toEqual(["TokenGeneration_AuthenticateDevice"]);
    expect(tokenEvents()[0]!.userName).toBe("gil");
    expect(claimsOf(done.AuthenticationResult!.AccessToken!).source).toBe(
      "TokenGeneration_AuthenticateDevice",
    );
    expect(claimsOf(done.AuthenticationResult!.AccessToken!).device_key).toBe(secret.deviceKey);
    expect(postEvents().map((e) => e.request.newDeviceUsed)).toEqual([false]);
  });
});
