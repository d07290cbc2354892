// CustomEmailSender / CustomSMSSender (AWS: "Custom email sender Lambda trigger", "Custom SMS
// sender Lambda trigger"): the pool sends nothing itself on a medium a sender takes; the sender
// gets Cognito's event with the code encrypted, which the documented handler snippet decrypts to
// the code the user then confirms with. CustomMessage does not run for that medium.
import { randomBytes } from "node:crypto";
import {
  buildClient,
  CommitmentPolicy,
  RawAesKeyringNode,
  RawAesWrappingSuiteIdentifier,
} from "@aws-crypto/client-node";
import { describe, expect, it, vi } from "vitest";
import { notifyUser } from "../../src/user-pool/risk/notify.js";
import { codeEncrypterFromKey } from "../../src/user-pool/triggers/code-encryption.node.js";
import { httpInvoker, type LambdaHandler, serveTrigger } from "../../src/user-pool/triggers/index.js";
import { expectEnvelope } from "../helpers/trigger-envelope.js";
import { loopback } from "../triggers/serve.js";
import { arn, type Json, PASSWORD, rejection, triggerService } from "./triggers-harness.js";

/** A custom sender needs a KMSKeyID in LambdaConfig (cognate encrypts under triggers.senderKey instead). */
const KMSKeyID = "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000";

const KEY = { keyNamespace: "cognate", keyName: "sender", key: new Uint8Array(randomBytes(32)) };

// The docs' handler snippet: what a custom sender runs to read the code.
async function decryptCode(code: string): Promise<string> {
  const { decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
  const keyring = new RawAesKeyringNode({
    keyNamespace: KEY.keyNamespace,
    keyName: KEY.keyName,
    unencryptedMasterKey: KEY.key,
    wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
  });
  const { plaintext } = await decrypt(keyring, Buffer.from(code, "base64"));
  return plaintext.toString();
}

async function service(pool: Json = {}, withKey = true) {
  const delivered: { event: Json; code: string | null }[] = [];
  // A sender as a team writes one: it decrypts the code and "delivers" it.
  const sender: LambdaHandler = async (event) => {
    delivered.push({
      event,
      code: event.request.code === null ? null : await decryptCode(event.request.code),
    });
  };
  const customMessage: LambdaHandler = async (event) => {
    event.response.smsMessage = `Custom SMS ${event.request.codeParameter}`;
    event.response.emailMessage = `Custom email ${event.request.codeParameter}`;
    return event;
  };
  const env = await triggerService({
    handlers: { "email-sender": sender, "sms-sender": sender, "custom-message": customMessage },
    pool: {
      LambdaConfig: {
        CustomEmailSender: { LambdaArn: arn("email-sender"), LambdaVersion: "V1_0" },
        CustomMessage: arn("custom-message"),
        KMSKeyID,
      },
      ...pool,
    },
    ...(withKey ? { codeEncrypter: codeEncrypterFromKey(KEY) } : {}),
  });
  // The in-process invoker runs the sender as soon as it is invoked; its decrypt is awaited here.
  const settled = async () => {
    for (
      let i = 0;
      i < 50 && delivered.length < env.events.filter((e) => /Sender_/.test(e.triggerSource)).length;
      i++
    )
      await new Promise((resolve) => setTimeout(resolve, 20));
    return delivered;
  };
  const signUp = (username: string, attributes: { Name: string; Value: string }[], extra: Json = {}) =>
    env.call("SignUp", {
      ClientId: env.clientId,
      Username: username,
      Password: PASSWORD,
      UserAttributes: attributes,
      ...extra,
    });
  return { ...env, delivered, settled, signUp };
}

describe("CustomEmailSender", () => {
  it("CustomEmailSender_SignUp: Cognito's event field by field, the code encrypted, no email sent, no CustomMessage", async () => {
    const env = await service();
    const answer = await env.signUp("alice", [{ Name: "email", Value: "alice@example.com" }], {
      ClientMetadata: { campaign: "spring" },
    });
    expect(answer.CodeDeliveryDetails).toEqual({
      Destination: "a****@e****",
      DeliveryMedium: "EMAIL",
      AttributeName: "email",
    });
    const { event, code } = (await env.settled())[0]!;
    expect(env.sent).toHaveLength(0);
    expect(env.events.map((e) => e.triggerSource)).toEqual(["CustomEmailSender_SignUp"]);
    expectEnvelope(event, {
      triggerSource: "CustomEmailSender_SignUp",
      userPoolId: env.poolId,
      userName: "alice",
      clientId: env.clientId,
      awsSdkVersion: "aws-sdk-js-3.700.0",
    });
    expect(Object.keys(event.request).sort()).toEqual(["clientMetadata", "code", "type", "userAttributes"]);
    expect(event.request.type).toBe("customEmailSenderRequestV1");
    expect(event.request.code).toMatch(/^[A-Za-z0-9+/]{100,}=*$/);
    expect(event.request.clientMetadata).toEqual({ campaign: "spring" });
    expect(event.request.userAttributes).toEqual({
      sub: answer.UserSub,
      email: "alice@example.com",
      "cognito:user_status": "UNCONFIRMED",
    });
    expect(event.response).toEqual({});
    expect(code).toMatch(/^\d{6}$/);
    // The user confirms with the code the sender decrypted.
    await env.call("ConfirmSignUp", { ClientId: env.clientId, Username: "alice", ConfirmationCode: code });
    expect((await env.call("AdminGetUser", { UserPoolId: env.poolId, Username: "alice" })).UserStatus).toBe(
      "CONFIRMED",
    );
  });

  it("every code source: ResendCode, ForgotPassword, UpdateUserAttribute, VerifyUserAttribute, AdminCreateUser", async () => {
    const env = await service();
    await env.signUp("alice", [{ Name: "email", Value: "alice@example.com" }]);
    await env.call("ResendConfirmationCode", { ClientId: env.clientId, Username: "alice" });
    const resent = (await env.settled()).at(-1)!.code!;
    await env.call("ConfirmSignUp", { ClientId: env.clientId, Username: "alice", ConfirmationCode: resent });
    await env.call("ForgotPassword", { ClientId: env.clientId, Username: "alice" });
    const reset = (await env.settled()).at(-1)!.code!;
    await env.call("ConfirmForgotPassword", {
      ClientId: env.clientId,
      Username: "alice",
      ConfirmationCode: reset,
      Password: "Another-Horse-9",
    });
    const { AuthenticationResult } = await env.call("InitiateAuth", {
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: env.clientId,
      AuthParameters: { USERNAME: "alice", PASSWORD: "Another-Horse-9" },
    });
    const token = AuthenticationResult.AccessToken;
    await env.call("UpdateUserAttributes", {
      AccessToken: token,
      UserAttributes: [{ Name: "email", Value: "b@example.com" }],
    });
    await env.call("GetUserAttributeVerificationCode", { AccessToken: token, AttributeName: "email" });
    const verify = (await env.settled()).at(-1)!.code!;
    await env.call("VerifyUserAttribute", { AccessToken: token, AttributeName: "email", Code: verify });
    await env.call("AdminCreateUser", {
      UserPoolId: env.poolId,
      Username: "bob",
      UserAttributes: [{ Name: "email", Value: "bob@example.com" }],
      DesiredDeliveryMediums: ["EMAIL"],
      TemporaryPassword: "Temp-Pass-123",
    });
    const delivered = await env.settled();
    expect(delivered.map((d) => d.event.triggerSource)).toEqual([
      "CustomEmailSender_SignUp",
      "CustomEmailSender_ResendCode",
      "CustomEmailSender_ForgotPassword",
      "CustomEmailSender_UpdateUserAttribute",
      "CustomEmailSender_VerifyUserAttribute",
      "CustomEmailSender_AdminCreateUser",
    ]);
    // The invitation's code is the temporary password.
    expect(delivered.at(-1)!.code).toBe("Temp-Pass-123");
    expect(delivered.at(-1)!.event.callerContext.clientId).toBe("CLIENT_ID_NOT_APPLICABLE");
    expect(env.sent).toHaveLength(0);
    expect(env.events.some((e) => e.triggerSource.startsWith("CustomMessage_"))).toBe(false);
  });

  it("SMS still goes through CustomMessage and the sender port when only email has a custom sender", async () => {
    const env = await service({ AutoVerifiedAttributes: ["phone_number"] });
    await env.signUp("sam", [{ Name: "phone_number", Value: "+15555550100" }]);
    expect(env.events.map((e) => e.triggerSource)).toEqual(["CustomMessage_SignUp"]);
    expect(env.sent[0]!.body).toMatch(/^Custom SMS \d{6}$/);
  });

  it("without triggers.senderKey the send fails as a delivery failure naming the setting, and no code is stored", async () => {
    const env = await service({}, false);
    const error = await rejection(env.signUp("alice", [{ Name: "email", Value: "alice@example.com" }]));
    expect(error.name).toBe("CodeDeliveryFailureException");
    expect(error.message).toContain("triggers.senderKey");
    expect(env.events).toHaveLength(0);
    expect(await (await env.ctx.store()).codes.get(env.poolId, "alice", "signup")).toBeNull();
  });

  // "custom senders are asynchronous" (cognito-user-pools.md §7): the API's answer never waits
  // for the sender, nor fails with it; the invocation goes to the request's background.
  it("a sender that cannot be invoked: SignUp still succeeds, the failure is logged by its type", async () => {
    const handed: Promise<unknown>[] = [];
    const env = await triggerService({
      handlers: {},
      pool: {
        LambdaConfig: { CustomEmailSender: { LambdaArn: arn("missing"), LambdaVersion: "V1_0" }, KMSKeyID },
      },
      codeEncrypter: codeEncrypterFromKey(KEY),
      background: (work) => void handed.push(work),
    });
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const answer = await env.call("SignUp", {
        ClientId: env.clientId,
        Username: "a",
        Password: PASSWORD,
        UserAttributes: [{ Name: "email", Value: "a@example.com" }],
      });
      expect(answer.CodeDeliveryDetails).toMatchObject({ DeliveryMedium: "EMAIL" });
      expect(handed).toHaveLength(1);
      await Promise.all(handed);
      expect(errors.mock.calls).toEqual([
        ["cognate: CustomEmailSender (asynchronous invocation) failed: ResourceNotFoundException"],
      ]);
    } finally {
      errors.mockRestore();
    }
  });

  it("a sender that hangs (HTTP mode): SignUp answers at once and succeeds; the handler still gets the event", async () => {
    let received: Json | undefined;
    let release = () => {};
    const hanging = new Promise<void>((resolve) => {
      release = resolve;
    });
    const secret = "custom-sender-secret-0123456789abcdef";
    const server = await loopback(
      serveTrigger(
        async (event) => {
          received = event;
          await hanging;
        },
        { secret },
      ),
    );
    const handed: Promise<unknown>[] = [];
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const env = await triggerService({
        handlers: {},
        triggers: httpInvoker({ url: server.url, secret }),
        pool: {
          LambdaConfig: {
            CustomEmailSender: { LambdaArn: arn("email-sender"), LambdaVersion: "V1_0" },
            KMSKeyID,
          },
        },
        codeEncrypter: codeEncrypterFromKey(KEY),
        background: (work) => void handed.push(work),
      });
      const started = Date.now();
      const answer = await env.call("SignUp", {
        ClientId: env.clientId,
        Username: "hal",
        Password: PASSWORD,
        UserAttributes: [{ Name: "email", Value: "hal@example.com" }],
      });
      expect(Date.now() - started).toBeLessThan(500); // the invocation's deadline is 1000 ms
      expect(answer).toMatchObject({
        UserConfirmed: false,
        CodeDeliveryDetails: { DeliveryMedium: "EMAIL" },
      });
      expect(handed).toHaveLength(1);
      await vi.waitFor(() => expect(received).toBeDefined());
      expect(received!.triggerSource).toBe("CustomEmailSender_SignUp");
      const code = await decryptCode(received!.request.code);
      expect(code).toMatch(/^\d{6}$/);
      // Bounded: the invocation ends at its deadline, logged by its type, never the code or the event.
      await Promise.all(handed);
      expect(errors.mock.calls).toEqual([
        ["cognate: CustomEmailSender (asynchronous invocation) failed: TimeoutException"],
      ]);
      // The code the sender got confirms the user.
      await env.call("ConfirmSignUp", { ClientId: env.clientId, Username: "hal", ConfirmationCode: code });
      const user = await env.call("AdminGetUser", { UserPoolId: env.poolId, Username: "hal" });
      expect(user.UserStatus).toBe("CONFIRMED");
    } finally {
      release();
      errors.mockRestore();
      await server.close();
    }
  });
});

describe("CustomSMSSender", () => {
  it("CustomSMSSender_Authentication: the MFA code to the sender, which the user answers with", async () => {
    const env = await service({
      LambdaConfig: {
        CustomSMSSender: { LambdaArn: arn("sms-sender"), LambdaVersion: "V1_0" },
        CustomMessage: arn("custom-message"),
        KMSKeyID,
      },
    });
    await env.call("SetUserPoolMfaConfig", {
      UserPoolId: env.poolId,
      MfaConfiguration: "ON",
      SmsMfaConfiguration: {
        SmsAuthenticationMessage: "Your code is {####}",
        SmsConfiguration: { SnsCallerArn: "arn:aws:iam::123456789012:role/sns-caller" },
      },
    });
    await env.signUp("carol", [{ Name: "phone_number", Value: "+15555550100" }]);
    await env.call("AdminConfirmSignUp", { UserPoolId: env.poolId, Username: "carol" });
    env.events.length = 0;
    env.sent.length = 0;
    const challenge = await env.call("InitiateAuth", {
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: env.clientId,
      AuthParameters: { USERNAME: "carol", PASSWORD },
    });
    expect(challenge.ChallengeName).toBe("SMS_MFA");
    expect(challenge.ChallengeParameters.CODE_DELIVERY_DELIVERY_MEDIUM).toBe("SMS");
    const delivered = await env.settled();
    const { event, code } = delivered.at(-1)!;
    expect(event.triggerSource).toBe("CustomSMSSender_Authentication");
    expect(event.request.type).toBe("customSMSSenderRequestV1");
    expect(event.request.userAttributes.phone_number).toBe("+15555550100");
    expect(env.sent).toHaveLength(0);
    expect(env.events.some((e) => e.triggerSource.startsWith("CustomMessage_"))).toBe(false);
    const { AuthenticationResult } = await env.call("RespondToAuthChallenge", {
      ClientId: env.clientId,
      ChallengeName: "SMS_MFA",
      Session: challenge.Session,
      ChallengeResponses: { USERNAME: "carol", SMS_MFA_CODE: code },
    });
    expect(AuthenticationResult.AccessToken).toEqual(expect.any(String));
  });
});

describe("CustomEmailSender_AccountTakeOverNotification", () => {
  it("threat protection's notice goes to the sender with code null and the notice's facts, no email sent", async () => {
    const env = await service();
    await env.signUp("alice", [{ Name: "email", Value: "alice@example.com" }]);
    await env.settled();
    env.events.length = 0;
    const store = await env.ctx.store();
    const pool = (await store.pools.get(env.poolId))!;
    const client = (await store.clients.get(env.poolId, env.clientId))!;
    const user = (await store.users.get(env.poolId, "alice"))!;
    const sent = await notifyUser(
      env.ctx,
      {
        pool,
        client,
        requestUrl: "http://127.0.0.1:9229/",
        eventId: "event-1",
        seen: {
          ip: "203.0.113.9",
          userAgent: "Firefox",
          location: { city: "Lyon", country: "France" },
        } as never,
      },
      user,
      "BLOCK",
    );
    expect(sent).toBe(true);
    const { event, code } = (await env.settled()).at(-1)!;
    expect(code).toBeNull();
    expect(event.triggerSource).toBe("CustomEmailSender_AccountTakeOverNotification");
    expect(event.userName).toBe("alice");
    expect(event.request.type).toBe("customEmailSenderRequestV1");
    expect(event.request.code).toBeNull();
    expect(event.request.userAttributes).toEqual({
      EVENT_ID: "event-1",
      USER_NAME: "alice",
      IP_ADDRESS: "203.0.113.9",
      ACCOUNT_TAKE_OVER_ACTION: "BLOCK",
      ONE_CLICK_LINK_VALID: expect.stringContaining("value=Valid"),
      ONE_CLICK_LINK_INVALID: expect.stringContaining("value=Invalid"),
      LOGIN_TIME: expect.any(String),
      FEEDBACK_TOKEN: expect.any(String),
      CITY: "Lyon",
      COUNTRY: "France",
      DEVICE_NAME: "Firefox",
    });
    expect(env.sent).toHaveLength(0);
  });
});
