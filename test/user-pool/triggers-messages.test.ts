// CustomMessage (AWS: "Custom message Lambda trigger"): each source fires with Cognito's event,
// the function sees placeholders never the code, cognate fills the code into what it returns,
// and the rules (the placeholders, the lengths, null members, the email sending account) and
// failures are Cognito's.
import { describe, expect, it } from "vitest";
import type { LambdaHandler } from "../../src/user-pool/triggers/index.js";
import { expectEnvelope } from "../helpers/trigger-envelope.js";
import { arn, type Json, PASSWORD, rejection, triggerService } from "./triggers-harness.js";

const CODE = /\b(\d{6})\b/;
const codeIn = (body: string) => CODE.exec(body)?.[1];

// A function that writes all three members from the placeholders it is given (AWS's sign-up example).
const rewrite: LambdaHandler = async (event) => {
  const { codeParameter, usernameParameter } = event.request;
  const name = usernameParameter === null ? "" : ` as ${usernameParameter}`;
  event.response.smsMessage = `SMS ${event.triggerSource}: ${codeParameter}${name}`;
  event.response.emailMessage = `<p>Welcome${name}. Your code is ${codeParameter}.</p>`;
  event.response.emailSubject = `Subject ${event.triggerSource}`;
  return event;
};

async function service(handler: LambdaHandler = rewrite, pool: Json = {}) {
  const env = await triggerService({
    handlers: { "custom-message": handler },
    pool: { LambdaConfig: { CustomMessage: arn("custom-message") }, ...pool },
  });
  const signUp = (username = "alice", extra: Json = {}) =>
    env.call("SignUp", {
      ClientId: env.clientId,
      Username: username,
      Password: PASSWORD,
      UserAttributes: [{ Name: "email", Value: `${username}@example.com` }],
      ...extra,
    });
  const confirmed = async (username = "alice") => {
    await signUp(username);
    await env.call("AdminConfirmSignUp", { UserPoolId: env.poolId, Username: username });
    await env.call("AdminUpdateUserAttributes", {
      UserPoolId: env.poolId,
      Username: username,
      UserAttributes: [{ Name: "email_verified", Value: "true" }],
    });
    const { AuthenticationResult } = await env.call("InitiateAuth", {
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: env.clientId,
      AuthParameters: { USERNAME: username, PASSWORD },
    });
    env.events.length = 0;
    env.sent.length = 0;
    return AuthenticationResult.AccessToken as string;
  };
  return { ...env, signUp, confirmed };
}

describe("CustomMessage: the event", () => {
  it("CustomMessage_SignUp: Cognito's envelope and request, field by field, with placeholders and no code", async () => {
    const env = await service();
    await env.signUp("alice", { ClientMetadata: { campaign: "spring" } });
    expect(env.events).toHaveLength(1);
    const event = env.events[0]!;
    expectEnvelope(event, {
      triggerSource: "CustomMessage_SignUp",
      userPoolId: env.poolId,
      userName: "alice",
      clientId: env.clientId,
      awsSdkVersion: "aws-sdk-js-3.700.0",
    });
    expect(Object.keys(event.request).sort()).toEqual(
      ["clientMetadata", "codeParameter", "linkParameter", "userAttributes", "usernameParameter"].sort(),
    );
    expect(event.request.codeParameter).toBe("{####}");
    expect(event.request.usernameParameter).toBeNull();
    expect(event.request.linkParameter).toBeNull();
    expect(event.request.clientMetadata).toEqual({ campaign: "spring" });
    expect(event.request.userAttributes).toEqual({
      sub: expect.stringMatching(/^[0-9a-f-]{36}$/),
      email: "alice@example.com",
      "cognito:user_status": "UNCONFIRMED",
    });
    expect(event.response).toEqual({ smsMessage: null, emailMessage: null, emailSubject: null });
    // The function never saw the code.
    const code = codeIn(env.sent[0]!.body)!;
    expect(JSON.stringify(event)).not.toContain(code);
  });

  it("sends the function's message with the code filled in, and that code confirms the user", async () => {
    const env = await service();
    const answer = await env.signUp();
    expect(answer.CodeDeliveryDetails).toEqual({
      Destination: expect.stringContaining("@"),
      DeliveryMedium: "EMAIL",
      AttributeName: "email",
    });
    expect(env.sent).toHaveLength(1);
    const message = env.sent[0]!;
    expect(message.subject).toBe("Subject CustomMessage_SignUp");
    expect(message.body).toMatch(/^<p>Welcome\. Your code is \d{6}\.<\/p>$/);
    expect(message.body).not.toContain("{####}");
    await env.call("ConfirmSignUp", {
      ClientId: env.clientId,
      Username: "alice",
      ConfirmationCode: codeIn(message.body),
    });
    const user = await env.call("AdminGetUser", { UserPoolId: env.poolId, Username: "alice" });
    expect(user.UserStatus).toBe("CONFIRMED");
  });

  it("CustomMessage_ResendCode, with ResendConfirmationCode's ClientMetadata", async () => {
    const env = await service();
    await env.signUp();
    env.events.length = 0;
    await env.call("ResendConfirmationCode", {
      ClientId: env.clientId,
      Username: "alice",
      ClientMetadata: { k: "v" },
    });
    expect(env.events.map((e) => e.triggerSource)).toEqual(["CustomMessage_ResendCode"]);
    expect(env.events[0]!.request.clientMetadata).toEqual({ k: "v" });
    expect(env.events[0]!.callerContext.clientId).toBe(env.clientId);
    expect(env.sent.at(-1)!.subject).toBe("Subject CustomMessage_ResendCode");
  });

  it("CustomMessage_ForgotPassword from ForgotPassword and AdminResetUserPassword; the code resets the password", async () => {
    const env = await service();
    await env.confirmed();
    await env.call("ForgotPassword", {
      ClientId: env.clientId,
      Username: "alice",
      ClientMetadata: { from: "app" },
    });
    await env.call("AdminResetUserPassword", { UserPoolId: env.poolId, Username: "alice" });
    expect(env.events.map((e) => e.triggerSource)).toEqual([
      "CustomMessage_ForgotPassword",
      "CustomMessage_ForgotPassword",
    ]);
    expect(env.events[0]!.request.clientMetadata).toEqual({ from: "app" });
    expect(env.events[0]!.callerContext.clientId).toBe(env.clientId);
    expect(env.events[1]!.callerContext.clientId).toBe("CLIENT_ID_NOT_APPLICABLE");
    expect(env.events[1]!.request).not.toHaveProperty("clientMetadata");
    await env.call("ConfirmForgotPassword", {
      ClientId: env.clientId,
      Username: "alice",
      ConfirmationCode: codeIn(env.sent.at(-1)!.body),
      Password: "Another-Horse-9",
    });
  });

  it("CustomMessage_UpdateUserAttribute (UpdateUserAttributes) and CustomMessage_VerifyUserAttribute (GetUserAttributeVerificationCode)", async () => {
    const env = await service();
    const token = await env.confirmed();
    await env.call("UpdateUserAttributes", {
      AccessToken: token,
      UserAttributes: [{ Name: "email", Value: "new@example.com" }],
      ClientMetadata: { why: "update" },
    });
    await env.call("GetUserAttributeVerificationCode", {
      AccessToken: token,
      AttributeName: "email",
      ClientMetadata: { why: "verify" },
    });
    expect(
      env.events.map((e) => [e.triggerSource, e.request.clientMetadata, e.callerContext.clientId]),
    ).toEqual([
      ["CustomMessage_UpdateUserAttribute", { why: "update" }, env.clientId],
      ["CustomMessage_VerifyUserAttribute", { why: "verify" }, env.clientId],
    ]);
    expect(env.events[0]!.request.userAttributes.email).toBe("new@example.com");
    expect(env.sent.map((m) => m.to)).toEqual(["new@example.com", "new@example.com"]);
    await env.call("VerifyUserAttribute", {
      AccessToken: token,
      AttributeName: "email",
      Code: codeIn(env.sent[1]!.body),
    });
  });

  it("CustomMessage_AdminCreateUser: usernameParameter, the temporary password and the username filled in", async () => {
    const env = await service();
    await env.call("AdminCreateUser", {
      UserPoolId: env.poolId,
      Username: "bob",
      UserAttributes: [{ Name: "email", Value: "bob@example.com" }],
      DesiredDeliveryMediums: ["EMAIL"],
      TemporaryPassword: "Temp-Pass-123$&",
      ClientMetadata: { invited: "yes" },
    });
    const event = env.events[0]!;
    expect(event.triggerSource).toBe("CustomMessage_AdminCreateUser");
    expect(event.callerContext.clientId).toBe("CLIENT_ID_NOT_APPLICABLE");
    expect(event.request.codeParameter).toBe("{####}");
    expect(event.request.usernameParameter).toBe("{username}");
    expect(event.request.clientMetadata).toEqual({ invited: "yes" });
    expect(event.request.userAttributes["cognito:user_status"]).toBe("FORCE_CHANGE_PASSWORD");
    expect(JSON.stringify(event)).not.toContain("Temp-Pass-123");
    expect(env.sent[0]!.body).toBe("<p>Welcome as bob. Your code is Temp-Pass-123$&.</p>");
    const { ChallengeName } = await env.call("InitiateAuth", {
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: env.clientId,
      AuthParameters: { USERNAME: "bob", PASSWORD: "Temp-Pass-123$&" },
    });
    expect(ChallengeName).toBe("NEW_PASSWORD_REQUIRED");
  });

  it("CustomMessage_Authentication for an SMS MFA code; ClientMetadata only from RespondToAuthChallenge", async () => {
    const env = await service();
    await env.call("SetUserPoolMfaConfig", {
      UserPoolId: env.poolId,
      MfaConfiguration: "ON",
      SmsMfaConfiguration: {
        SmsAuthenticationMessage: "Your code is {####}",
        SmsConfiguration: { SnsCallerArn: "arn:aws:iam::123456789012:role/sns-caller" },
      },
    });
    await env.signUp("carol", {
      UserAttributes: [
        { Name: "email", Value: "carol@example.com" },
        { Name: "phone_number", Value: "+15555550100" },
      ],
    });
    await env.call("AdminConfirmSignUp", { UserPoolId: env.poolId, Username: "carol" });
    env.events.length = 0;
    env.sent.length = 0;
    const challenge = await env.call("InitiateAuth", {
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: env.clientId,
      AuthParameters: { USERNAME: "carol", PASSWORD },
      ClientMetadata: { not: "forwarded" },
    });
    expect(challenge.ChallengeName).toBe("SMS_MFA");
    const event = env.events[0]!;
    expect(event.triggerSource).toBe("CustomMessage_Authentication");
    expect(event.request.codeParameter).toBe("{####}");
    expect(event.request.usernameParameter).toBeNull();
    expect(event.request).not.toHaveProperty("clientMetadata");
    expect(env.sent[0]!.channel).toBe("SMS");
    expect(env.sent[0]!.body).toMatch(/^SMS CustomMessage_Authentication: \d{6}$/);
    const { AuthenticationResult } = await env.call("RespondToAuthChallenge", {
      ClientId: env.clientId,
      ChallengeName: "SMS_MFA",
      Session: challenge.Session,
      ChallengeResponses: { USERNAME: "carol", SMS_MFA_CODE: codeIn(env.sent[0]!.body) },
    });
    expect(AuthenticationResult.AccessToken).toEqual(expect.any(String));
  });
});

describe("CustomMessage: the response's rules", () => {
  const answering =
    (response: Json): LambdaHandler =>
    async (event) => {
      Object.assign(event.response, response);
      return event;
    };
  const pool = {
    VerificationMessageTemplate: {
      EmailMessage: "Template {####}",
      EmailSubject: "Template subject",
      SmsMessage: "SMS template {####}",
    },
  };

  it("null members keep the pool's message", async () => {
    const env = await service(answering({ emailMessage: null, emailSubject: null }), pool);
    await env.signUp();
    expect(env.sent[0]!.body).toMatch(/^Template \d{6}$/);
    expect(env.sent[0]!.subject).toBe("Template subject");
  });

  it("a message without codeParameter is not sent: the pool's is (the subject still applies)", async () => {
    const env = await service(answering({ emailMessage: "no code here", emailSubject: "Mine" }), pool);
    await env.signUp();
    expect(env.sent[0]!.body).toMatch(/^Template \d{6}$/);
    expect(env.sent[0]!.subject).toBe("Mine");
  });

  it("an invitation without usernameParameter is not sent: the pool's is", async () => {
    const env = await service(answering({ emailMessage: "Password {####}" }), {
      AdminCreateUserConfig: {
        InviteMessageTemplate: { EmailMessage: "User {username} pw {####}", EmailSubject: "Hi" },
      },
    });
    await env.call("AdminCreateUser", {
      UserPoolId: env.poolId,
      Username: "bob",
      UserAttributes: [{ Name: "email", Value: "bob@example.com" }],
      DesiredDeliveryMediums: ["EMAIL"],
      TemporaryPassword: "Temp-Pass-123",
    });
    expect(env.sent[0]!.body).toBe("User bob pw Temp-Pass-123");
  });

  it("the length limits: email 20,000 and subject 140 characters pass, one more falls back", async () => {
    const fits = `${"é".repeat(20_000 - 6)}{####}`;
    const env = await service(answering({ emailMessage: fits, emailSubject: "s".repeat(140) }), pool);
    await env.signUp("a1");
    expect(env.sent[0]!.body).toMatch(/^é{19994}\d{6}$/);
    expect(env.sent[0]!.subject).toHaveLength(140);
    const over = await service(answering({ emailMessage: `x${fits}`, emailSubject: "s".repeat(141) }), pool);
    await over.signUp("a2");
    expect(over.sent[0]!.body).toMatch(/^Template \d{6}$/);
    expect(over.sent[0]!.subject).toBe("Template subject");
  });

  it("the SMS limit: 140 characters", async () => {
    const sms = { AutoVerifiedAttributes: ["phone_number"], ...pool };
    const phone = [{ Name: "phone_number", Value: "+15555550101" }];
    const fits = await service(answering({ smsMessage: `${"m".repeat(134)}{####}` }), sms);
    await fits.signUp("s1", { UserAttributes: phone });
    expect(fits.sent[0]!.body).toMatch(/^m{134}\d{6}$/);
    const over = await service(answering({ smsMessage: `${"m".repeat(135)}{####}` }), sms);
    await over.signUp("s2", { UserAttributes: phone });
    expect(over.sent[0]!.body).toMatch(/^SMS template \d{6}$/);
  });

  it("a member that is not a string is InvalidLambdaResponseException", async () => {
    const env = await service(answering({ emailMessage: 42 }), pool);
    const error = await rejection(env.signUp());
    expect(error.name).toBe("InvalidLambdaResponseException");
  });

  // AWS refuses emailMessage/emailSubject from a pool that is not DEVELOPER; cognate always sends
  // through the operator's own sender (the DEVELOPER case), so the members apply in every pool.
  for (const [kind, email] of [
    ["a default pool (no EmailConfiguration)", undefined],
    ["a COGNITO_DEFAULT pool", { EmailSendingAccount: "COGNITO_DEFAULT" }],
  ] as const) {
    it(`the custom email and subject are sent from ${kind}`, async () => {
      const env = await service(rewrite, { EmailConfiguration: email });
      const { UserPool } = await env.call("DescribeUserPool", { UserPoolId: env.poolId });
      expect(UserPool.EmailConfiguration.EmailSendingAccount).toBe("COGNITO_DEFAULT");
      await env.signUp("d1");
      expect(env.sent).toHaveLength(1);
      expect(env.sent[0]!.subject).toBe("Subject CustomMessage_SignUp");
      expect(env.sent[0]!.body).toMatch(/^<p>Welcome\. Your code is \d{6}\.<\/p>$/);
      // The SMS member too, for such a pool.
      const sms = await service(answering({ smsMessage: "Code {####}" }), {
        EmailConfiguration: email,
        AutoVerifiedAttributes: ["phone_number"],
      });
      await sms.signUp("s", { UserAttributes: [{ Name: "phone_number", Value: "+15555550102" }] });
      expect(sms.sent[0]!.body).toMatch(/^Code \d{6}$/);
    });
  }

  // A subject built from the user's own attributes (`Welcome ${name}`) may carry what SignUp
  // accepts in `name`: a CR/LF would start a mail header, which the send guard refuses. Such a
  // subject is one cognate cannot send, like an over-long one: the pool's is sent instead, decided
  // before anything is written, so nothing is left half done.
  const welcome: LambdaHandler = async (event) => {
    event.response.emailSubject = `Welcome ${event.request.userAttributes.name ?? ""}`;
    event.response.emailMessage = `Thank you. ${event.request.codeParameter} is your code${
      event.request.usernameParameter ? ` for ${event.request.usernameParameter}` : ""
    }`;
    return event;
  };
  const injected = "Mallory\r\nBcc: everyone@example.com";

  it("a subject holding a control character is not sent: the pool's is, and the code it carries confirms the user", async () => {
    for (const subject of [
      "a\r\nBcc: x@evil.example",
      "line\nbreak",
      "tab\there",
      "nul\u0000",
      "del\u007f",
    ]) {
      const env = await service(answering({ emailMessage: "C {####}", emailSubject: subject }), pool);
      await env.signUp("mallory");
      expect(env.sent).toHaveLength(1);
      expect([subject, env.sent[0]!.subject]).toEqual([subject, "Template subject"]);
      expect(env.sent[0]!.body).toMatch(/^C \d{6}$/);
      await env.call("ConfirmSignUp", {
        ClientId: env.clientId,
        Username: "mallory",
        ConfirmationCode: codeIn(env.sent[0]!.body),
      });
      const user = await env.call("AdminGetUser", { UserPoolId: env.poolId, Username: "mallory" });
      expect(user.UserStatus).toBe("CONFIRMED");
    }
  });

  it("SignUp with a line break in `name` and a subject made from it: signed up, the pool's subject sent, nothing half written", async () => {
    const env = await service(welcome);
    await env.signUp("mallory", {
      UserAttributes: [
        { Name: "email", Value: "mallory@example.com" },
        { Name: "name", Value: injected },
      ],
    });
    expect(env.sent).toHaveLength(1);
    expect(env.sent[0]!.subject).toBe("Your verification code");
    expect(env.sent[0]!.body).toMatch(/^Thank you\. \d{6} is your code$/);
    await env.call("ConfirmSignUp", {
      ClientId: env.clientId,
      Username: "mallory",
      ConfirmationCode: codeIn(env.sent[0]!.body),
    });
  });

  it("the same for AdminCreateUser's invitation, ForgotPassword and ResendConfirmationCode", async () => {
    const env = await service(welcome, {
      AdminCreateUserConfig: {
        InviteMessageTemplate: { EmailMessage: "User {username} pw {####}", EmailSubject: "Invited" },
      },
    });
    await env.call("AdminCreateUser", {
      UserPoolId: env.poolId,
      Username: "mallory",
      UserAttributes: [
        { Name: "email", Value: "mallory@example.com" },
        { Name: "email_verified", Value: "true" },
        { Name: "name", Value: injected },
      ],
      DesiredDeliveryMediums: ["EMAIL"],
      TemporaryPassword: "Temp-Pass-123",
    });
    expect(env.sent.map((m) => [m.subject, m.body])).toEqual([
      ["Invited", "Thank you. Temp-Pass-123 is your code for mallory"],
    ]);
    await env.signUp("eve", {
      UserAttributes: [
        { Name: "email", Value: "eve@example.com" },
        { Name: "name", Value: injected },
      ],
    });
    await env.call("ResendConfirmationCode", { ClientId: env.clientId, Username: "eve" });
    expect(env.sent.slice(1).map((m) => m.subject)).toEqual([
      "Your verification code",
      "Your verification code",
    ]);
    await env.call("ConfirmSignUp", {
      ClientId: env.clientId,
      Username: "eve",
      ConfirmationCode: codeIn(env.sent[2]!.body),
    });
    await env.call("AdminUpdateUserAttributes", {
      UserPoolId: env.poolId,
      Username: "eve",
      UserAttributes: [{ Name: "email_verified", Value: "true" }],
    });
    await env.call("ForgotPassword", { ClientId: env.clientId, Username: "eve" });
    const reset = env.sent[3]!;
    expect(reset.subject).not.toMatch(/[\r\n]/);
    expect(reset.subject).not.toContain("Mallory");
    await env.call("ConfirmForgotPassword", {
      ClientId: env.clientId,
      Username: "eve",
      ConfirmationCode: codeIn(reset.body),
      Password: "Another-Horse-9",
    });
  });
});

describe("CustomMessage: failures", () => {
  let mode: "ok" | "throw" | "garbage" | "hang" = "ok";
  const flaky: LambdaHandler = async (event, context, callback) => {
    if (mode === "throw") throw new Error("template store down");
    if (mode === "garbage") return "not an event";
    if (mode === "hang") return new Promise(() => undefined);
    return rewrite(event, context, callback);
  };

  it("each failure is Cognito's, and no code is issued: the last one still works", async () => {
    const env = await service(flaky);
    mode = "ok";
    await env.confirmed();
    await env.call("ForgotPassword", { ClientId: env.clientId, Username: "alice" });
    const first = codeIn(env.sent[0]!.body)!;
    const expected = {
      throw: ["UserLambdaValidationException", "CustomMessage failed with error template store down."],
      garbage: ["InvalidLambdaResponseException", "Unrecognizable lambda output"],
      hang: ["UnexpectedLambdaException", "CustomMessage invocation failed due to error TimeoutException."],
    } as const;
    for (const kind of ["throw", "garbage", "hang"] as const) {
      mode = kind;
      const error = await rejection(
        env.call("ForgotPassword", { ClientId: env.clientId, Username: "alice" }),
      );
      expect([error.name, error.message]).toEqual(expected[kind]);
    }
    expect(env.sent).toHaveLength(1);
    mode = "ok";
    await env.call("ConfirmForgotPassword", {
      ClientId: env.clientId,
      Username: "alice",
      ConfirmationCode: first,
      Password: "Another-Horse-9",
    });
  }, 10_000);

  it("a failing trigger on SignUp: the error reaches the caller, no code is stored, a resend then works", async () => {
    mode = "throw";
    const env = await service(flaky);
    const error = await rejection(env.signUp());
    expect(error.name).toBe("UserLambdaValidationException");
    const store = await env.ctx.store();
    expect(await store.codes.get(env.poolId, "alice", "signup")).toBeNull();
    mode = "ok";
    await env.call("ResendConfirmationCode", { ClientId: env.clientId, Username: "alice" });
    await env.call("ConfirmSignUp", {
      ClientId: env.clientId,
      Username: "alice",
      ConfirmationCode: codeIn(env.sent[0]!.body),
    });
  });
});
