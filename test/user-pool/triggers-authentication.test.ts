// PreAuthentication and PostAuthentication on the API's sign-ins: the events field by field,
// a throw refusing the sign-in (before the password, with no failed attempt; after it, with no
// refresh token), and userNotFound for a client that hides users.
import { ConfirmDeviceCommand, InitiateAuthCommand } from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { deviceSecret } from "./device-client.js";
import { expectEnvelope } from "../helpers/trigger-envelope.js";
import { arn, type Json, rejection, triggerServer } from "./triggers-harness.js";

const server = triggerServer();
const PASSWORD = "Correct-Horse-9-battery";

const user = (poolId: string, username: string) => server.user(poolId, username, PASSWORD);
const signIn = (
  clientId: string,
  username: string,
  password = PASSWORD,
  ClientMetadata?: Record<string, string>,
) =>
  server.admin().send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: "USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: username, PASSWORD: password },
      ClientMetadata,
    }),
  );

describe("PreAuthentication", () => {
  it("gets validationData (InitiateAuth's ClientMetadata) and refuses with the function's message", async () => {
    server.handlers.pre = async (event: Json) => {
      if (event.request.validationData.block === "yes") throw new Error("blocked");
      return event;
    };
    const { poolId, clientId } = await server.pool({ LambdaConfig: { PreAuthentication: arn("pre") } });
    await user(poolId, "ana");
    server.events.length = 0;
    await signIn(clientId, "ana", PASSWORD, { app: "web" });
    const event = server.events[0]!;
    expectEnvelope(event, {
      triggerSource: "PreAuthentication_Authentication",
      userPoolId: poolId,
      userName: "ana",
      clientId,
    });
    expect(event.response).toEqual({});
    expect(Object.keys(event.request)).toEqual(["userAttributes", "validationData"]);
    expect(event.request.validationData).toEqual({ app: "web" });
    expect(event.request.userAttributes["cognito:user_status"]).toBe("CONFIRMED");
    // A refusal runs before the password: a wrong password is refused by the trigger all the same, and counts no attempt.
    const error = await rejection(signIn(clientId, "ana", "wrong-password-1A!", { block: "yes" }));
    expect(error.name).toBe("UserLambdaValidationException");
    expect(error.message).toBe("PreAuthentication failed with error blocked.");
    expect(await server.refreshTokens(poolId)).toBe(1);
  });

  it("runs for an unknown user with userNotFound true only when the client hides users", async () => {
    server.handlers.pre2 = async (event: Json) => event;
    const hidden = await server.pool(
      { LambdaConfig: { PreAuthentication: arn("pre2") } },
      { PreventUserExistenceErrors: "ENABLED" },
    );
    server.events.length = 0;
    expect((await rejection(signIn(hidden.clientId, "nobody"))).name).toBe("NotAuthorizedException");
    expect(server.events).toHaveLength(1);
    expect(server.events[0]!.userName).toBe("nobody");
    expect(server.events[0]!.request).toEqual({
      userAttributes: {},
      validationData: {},
      userNotFound: true,
    });
    const legacy = await server.pool(
      { LambdaConfig: { PreAuthentication: arn("pre2") } },
      { PreventUserExistenceErrors: "LEGACY" },
    );
    server.events.length = 0;
    expect((await rejection(signIn(legacy.clientId, "nobody"))).name).toBe("UserNotFoundException");
    expect(server.events).toHaveLength(0);
  });
});

describe("PostAuthentication", () => {
  it("gets newDeviceUsed and userAttributes; a throw leaves no tokens and no refresh token", async () => {
    let refuse = false;
    server.handlers.post = async (event: Json) => {
      if (refuse) throw new Error("not now");
      return event;
    };
    const { poolId, clientId } = await server.pool({ LambdaConfig: { PostAuthentication: arn("post") } });
    await user(poolId, "bo");
    server.events.length = 0;
    await signIn(clientId, "bo", PASSWORD, { app: "web" });
    const event = server.events[0]!;
    expectEnvelope(event, {
      triggerSource: "PostAuthentication_Authentication",
      userPoolId: poolId,
      userName: "bo",
      clientId,
    });
    expect(event.response).toEqual({});
    // InitiateAuth's ClientMetadata is not forwarded to PostAuthentication.
    expect(Object.keys(event.request)).toEqual(["userAttributes", "newDeviceUsed"]);
    expect(event.request.newDeviceUsed).toBe(false);
    refuse = true;
    const error = await rejection(signIn(clientId, "bo"));
    expect(error.name).toBe("UserLambdaValidationException");
    expect(error.message).toBe("PostAuthentication failed with error not now.");
    expect(await server.refreshTokens(poolId)).toBe(1);
  });
});

describe("PostAuthentication: newDeviceUsed", () => {
  it("is true when the sign-in hands out a new device, false for a remembered one", async () => {
    server.handlers.postDevice = async (event: Json) => event;
    const { poolId, clientId } = await server.pool({
      LambdaConfig: { PostAuthentication: arn("postDevice") },
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false },
    });
    await user(poolId, "dev");
    server.events.length = 0;
    const first = (await signIn(clientId, "dev")).AuthenticationResult!;
    const meta = first.NewDeviceMetadata!;
    expect(meta.DeviceKey).toEqual(expect.any(String));
    // AWS: "newDeviceUsed: This flag indicates if the user has signed in on a new device".
    expect(server.events.map((e) => e.request.newDeviceUsed)).toEqual([true]);
    const secret = await deviceSecret(meta);
    await server.admin().send(
      new ConfirmDeviceCommand({
        AccessToken: first.AccessToken!,
        DeviceKey: secret.deviceKey,
        DeviceSecretVerifierConfig: secret.config,
      }),
    );
    server.events.length = 0;
    const again = await server.admin().send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: "dev", PASSWORD, DEVICE_KEY: secret.deviceKey },
      }),
    );
    expect(again.AuthenticationResult!.NewDeviceMetadata).toBeUndefined();
    expect(server.events.map((e) => e.request.newDeviceUsed)).toEqual([false]);
  });
});
