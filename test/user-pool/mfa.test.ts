// MFA through the AWS SDK v3 against the Node entry: the pool's configuration, TOTP enrolment
// with an AccessToken and during sign-in (MFA_SETUP with Sessions), the SOFTWARE_TOKEN_MFA, SMS_MFA
// and SELECT_MFA_TYPE challenges with codes from otplib and the outbox, replay and retries, `amr`
// in the tokens, and cognate's authorizer() letting MFA tokens through a route that requires MFA.
import {
  AdminDeleteSoftwareTokenCommand,
  AdminGetUserCommand,
  AdminSetUserMFAPreferenceCommand,
  AssociateSoftwareTokenCommand,
  GetUserCommand,
  GetUserPoolMfaConfigCommand,
  InitiateAuthCommand,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  UpdateUserPoolCommand,
  VerifySoftwareTokenCommand,
  type AuthenticationResultType,
} from "@aws-sdk/client-cognito-identity-provider";
import { Hono } from "hono";
import { generate } from "otplib";
import { describe, expect, it } from "vitest";
import { authorizer } from "../../src/index.js";
import { challenge } from "../helpers/app.js";
import { attrs, rejection, usersServer } from "./users-setup.js";
import { mfaPool as sharedMfaPool, SMS } from "./mfa-helpers.js";

const env = usersServer();
const PASSWORD = "Factor-Horse-9!x";
const claims = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
/** The code of the step after the current one: inside the tolerance, and never one already used. */
const nextCode = (secret: string, ahead = 1) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 * ahead });
const mfaPool = (mode: "ON" | "OPTIONAL", extra: Record<string, unknown> = {}) =>
  sharedMfaPool(env, PASSWORD, mode, extra);

async function enrolTotp(accessToken: string): Promise<string> {
  const { SecretCode } = await env
    .anyone()
    .send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }));
  env.secrets.add(SecretCode!);
  expect(
    (
      await rejection(
        env.anyone().send(new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: "000000" })),
      )
    ).name,
  ).toBe("EnableSoftwareTokenMFAException");
  const verified = await env.anyone().send(
    new VerifySoftwareTokenCommand({
      AccessToken: accessToken,
      UserCode: await generate({ secret: SecretCode! }),
      FriendlyDeviceName: "phone",
    }),
  );
  expect(verified.Status).toBe("SUCCESS");
  return SecretCode!;
}

describe("the pool's MFA configuration", () => {
  it("is set and read back, refuses MFA without a factor, and survives UpdateUserPool", async () => {
    const poolId = await env.newPool();
    const refused = await rejection(
      env.admin().send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: "ON" })),
    );
    expect(refused.name).toBe("InvalidParameterException");
    const set = await env.admin().send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId,
        MfaConfiguration: "OPTIONAL",
        SoftwareTokenMfaConfiguration: { Enabled: true },
      }),
    );
    expect(set).toMatchObject({
      MfaConfiguration: "OPTIONAL",
      SoftwareTokenMfaConfiguration: { Enabled: true },
    });
    await env.admin().send(new UpdateUserPoolCommand({ UserPoolId: poolId, MfaConfiguration: "OPTIONAL" }));
    expect(await env.admin().send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }))).toMatchObject({
      MfaConfiguration: "OPTIONAL",
      SoftwareTokenMfaConfiguration: { Enabled: true },
    });
  });
});

describe("TOTP", () => {
  it("enrols with an AccessToken, then asks for a code at sign-in; a code works once; tokens carry amr", async () => {
    const { user, signIn, answer } = await mfaPool("OPTIONAL");
    await user("tess");
    const first = (await signIn("tess")).AuthenticationResult!;
    expect(claims(first.AccessToken!).amr ?? claims(first.IdToken!).amr).toEqual(["pwd"]);
    const secret = await enrolTotp(first.AccessToken!);
    await env.anyone().send(
      new SetUserMFAPreferenceCommand({
        AccessToken: first.AccessToken!,
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
    const me = await env.anyone().send(new GetUserCommand({ AccessToken: first.AccessToken! }));
    expect([me.UserMFASettingList, me.PreferredMfaSetting]).toEqual([
      ["SOFTWARE_TOKEN_MFA"],
      "SOFTWARE_TOKEN_MFA",
    ]);

    const started = await signIn("tess");
    expect(started).toMatchObject({
      ChallengeName: "SOFTWARE_TOKEN_MFA",
      ChallengeParameters: { USERNAME: "tess", FRIENDLY_DEVICE_NAME: "phone" },
    });
    const wrong = await rejection(
      answer("SOFTWARE_TOKEN_MFA", started.Session, { USERNAME: "tess", SOFTWARE_TOKEN_MFA_CODE: "000000" }),
    );
    expect([wrong.name, wrong.message]).toEqual(["CodeMismatchException", "Invalid code received for user"]);
    const code = await nextCode(secret);
    // The same Session, retried after a wrong code.
    const done = (
      await answer("SOFTWARE_TOKEN_MFA", started.Session, { USERNAME: "tess", SOFTWARE_TOKEN_MFA_CODE: code })
    ).AuthenticationResult!;
    expect(claims(done.IdToken!).amr).toEqual(["pwd", "mfa", "otp"]);

    const again = await signIn("tess");
    const replay = await rejection(
      answer("SOFTWARE_TOKEN_MFA", again.Session, { USERNAME: "tess", SOFTWARE_TOKEN_MFA_CODE: code }),
    );
    expect([replay.name, replay.message]).toEqual([
      "ExpiredCodeException",
      "Your software token has already been used once.",
    ]);
    const refreshed = (
      await env.anyone().send(
        new InitiateAuthCommand({
          AuthFlow: "REFRESH_TOKEN_AUTH",
          ClientId: await mfaClientOf(done),
          AuthParameters: { REFRESH_TOKEN: done.RefreshToken! },
        }),
      )
    ).AuthenticationResult!;
    expect(claims(refreshed.AccessToken!).amr ?? claims(refreshed.IdToken!).amr).toEqual([
      "pwd",
      "mfa",
      "otp",
    ]);
    env.expectNothingInClear("tess");
  });

  it("enrols during sign-in when the pool requires MFA: MFA_SETUP with a Session each step", async () => {
    const { user, signIn, answer } = await mfaPool("ON");
    await user("ulla");
    const started = await signIn("ulla");
    expect(started.ChallengeName).toBe("MFA_SETUP");
    expect(JSON.parse(started.ChallengeParameters!.MFAS_CAN_SETUP!)).toEqual(["SOFTWARE_TOKEN_MFA"]);
    const associated = await env
      .anyone()
      .send(new AssociateSoftwareTokenCommand({ Session: started.Session }));
    env.secrets.add(associated.SecretCode!);
    const verified = await env.anyone().send(
      new VerifySoftwareTokenCommand({
        Session: associated.Session,
        UserCode: await generate({ secret: associated.SecretCode! }),
      }),
    );
    expect(verified.Status).toBe("SUCCESS");
    expect((await rejection(answer("MFA_SETUP", associated.Session, { USERNAME: "ulla" }))).name).toBe(
      "NotAuthorizedException",
    );
    const done = (await answer("MFA_SETUP", verified.Session, { USERNAME: "ulla" })).AuthenticationResult!;
    expect(claims(done.IdToken!).amr).toEqual(["pwd", "mfa", "otp"]);
    expect((await signIn("ulla")).ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
  });

  it("forgets a lost authenticator (AdminDeleteSoftwareToken): MFA_SETUP again under ON, the other factor under OPTIONAL", async () => {
    const required = await mfaPool("ON");
    await required.user("vera");
    const setUp = await required.signIn("vera");
    const associated = await env.anyone().send(new AssociateSoftwareTokenCommand({ Session: setUp.Session }));
    const verified = await env.anyone().send(
      new VerifySoftwareTokenCommand({
        Session: associated.Session,
        UserCode: await generate({ secret: associated.SecretCode! }),
      }),
    );
    await required.answer("MFA_SETUP", verified.Session, { USERNAME: "vera" });
    await env
      .admin()
      .send(new AdminDeleteSoftwareTokenCommand({ UserPoolId: required.poolId, Username: "vera" }));
    expect(
      (await env.admin().send(new AdminGetUserCommand({ UserPoolId: required.poolId, Username: "vera" })))
        .UserMFASettingList,
    ).toBeUndefined();
    expect((await required.signIn("vera")).ChallengeName).toBe("MFA_SETUP");

    const optional = await mfaPool("OPTIONAL", SMS);
    await optional.user("walt", { phone_number: "+15555550190" });
    const first = (await optional.signIn("walt")).AuthenticationResult!;
    await enrolTotp(first.AccessToken!);
    await env.anyone().send(
      new SetUserMFAPreferenceCommand({
        AccessToken: first.AccessToken!,
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
        SMSMfaSettings: { Enabled: true },
      }),
    );
    expect((await optional.signIn("walt")).ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
    await env
      .admin()
      .send(new AdminDeleteSoftwareTokenCommand({ UserPoolId: optional.poolId, Username: "walt" }));
    const after = await env.anyone().send(new GetUserCommand({ AccessToken: first.AccessToken! }));
    expect([after.UserMFASettingList, after.PreferredMfaSetting]).toEqual([["SMS_MFA"], undefined]);
    expect((await optional.signIn("walt")).ChallengeName).toBe("SMS_MFA");
    const missing = await rejection(
      env
        .admin()
        .send(new AdminDeleteSoftwareTokenCommand({ UserPoolId: optional.poolId, Username: "nobody" })),
    );
    expect(missing.name).toBe("UserNotFoundException");
  });
});

describe("MFA_SETUP by email", () => {
  it("offers email to a user with an address, sends a code, and enables email MFA once it is answered", async () => {
    const { user, signIn, answer } = await mfaPool("ON", {
      EmailMfaConfiguration: { Subject: "Sign-in code" },
    });
    await user("elsa", { email: "elsa@example.com" });
    const started = await signIn("elsa");
    expect(started.ChallengeName).toBe("MFA_SETUP");
    expect(JSON.parse(started.ChallengeParameters!.MFAS_CAN_SETUP!)).toEqual([
      "SOFTWARE_TOKEN_MFA",
      "EMAIL_OTP",
    ]);
    expect(
      (
        await rejection(
          answer("MFA_SETUP", started.Session, { USERNAME: "elsa", EMAIL: "other@example.com" }),
        )
      ).name,
    ).toBe("InvalidParameterException");
    const again = await signIn("elsa");
    const email = await answer("MFA_SETUP", again.Session, { USERNAME: "elsa", EMAIL: "elsa@example.com" });
    expect(email).toMatchObject({
      ChallengeName: "EMAIL_OTP",
      ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: "EMAIL" },
    });
    const done = (
      await answer("EMAIL_OTP", email.Session, {
        USERNAME: "elsa",
        EMAIL_OTP_CODE: env.lastMessageTo("elsa@example.com").code!,
      })
    ).AuthenticationResult!;
    expect(claims(done.IdToken!)).toMatchObject({ amr: ["pwd", "mfa", "otp"], email_verified: true });
    const me = await env.anyone().send(new GetUserCommand({ AccessToken: done.AccessToken! }));
    expect([me.UserMFASettingList, me.PreferredMfaSetting]).toEqual([["EMAIL_OTP"], "EMAIL_OTP"]);
    expect((await signIn("elsa")).ChallengeName).toBe("EMAIL_OTP");
  });
});

describe("SMS MFA and the choice between factors", () => {
  it("sends a code by SMS, marks the phone verified, and lets a user with two factors choose", async () => {
    const { poolId, user, signIn, answer } = await mfaPool("OPTIONAL", SMS);
    await user("vic", { phone_number: "+15555550123" });
    await env.admin().send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: poolId,
        Username: "vic",
        SMSMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
    const started = await signIn("vic");
    expect(started).toMatchObject({
      ChallengeName: "SMS_MFA",
      ChallengeParameters: {
        CODE_DELIVERY_DELIVERY_MEDIUM: "SMS",
        CODE_DELIVERY_DESTINATION: "+*******0123",
      },
    });
    const code = env.lastMessageTo("+15555550123").code!;
    const done = (await answer("SMS_MFA", started.Session, { USERNAME: "vic", SMS_MFA_CODE: code }))
      .AuthenticationResult!;
    expect(claims(done.IdToken!)).toMatchObject({ amr: ["pwd", "mfa", "sms"], phone_number_verified: true });

    await enrolTotp(done.AccessToken!);
    await env.anyone().send(
      new SetUserMFAPreferenceCommand({
        AccessToken: done.AccessToken!,
        SoftwareTokenMfaSettings: { Enabled: true },
        SMSMfaSettings: { Enabled: true, PreferredMfa: false },
      }),
    );
    const choose = await signIn("vic");
    expect(choose.ChallengeName).toBe("SELECT_MFA_TYPE");
    expect(JSON.parse(choose.ChallengeParameters!.MFAS_CAN_CHOOSE!).sort()).toEqual([
      "SMS_MFA",
      "SOFTWARE_TOKEN_MFA",
    ]);
    const chosen = await answer("SELECT_MFA_TYPE", choose.Session, { USERNAME: "vic", ANSWER: "SMS_MFA" });
    expect(chosen.ChallengeName).toBe("SMS_MFA");
    expect(
      attrs((await env.anyone().send(new GetUserCommand({ AccessToken: done.AccessToken! }))).UserAttributes)
        .phone_number_verified,
    ).toBe("true");
  });

  it("refuses factors a user cannot use, and two preferred", async () => {
    const { poolId, user } = await mfaPool("OPTIONAL", {
      ...SMS,
      EmailMfaConfiguration: { Subject: "Code" },
    });
    await user("wes");
    const set = (Username: string, settings: Record<string, unknown>) =>
      env.admin().send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username, ...settings }));
    expect((await rejection(set("wes", { SoftwareTokenMfaSettings: { Enabled: true } }))).message).toBe(
      "User has not verified software token mfa",
    );
    expect((await rejection(set("wes", { SMSMfaSettings: { Enabled: true } }))).name).toBe(
      "InvalidParameterException",
    );
    await user("wynn", { phone_number: "+15555550111", email: "wynn@example.com" });
    const both = await rejection(
      set("wynn", {
        SMSMfaSettings: { Enabled: true, PreferredMfa: true },
        EmailMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
    expect(both.name).toBe("InvalidParameterException");
    await set("wynn", {
      SMSMfaSettings: { Enabled: true, PreferredMfa: true },
      EmailMfaSettings: { Enabled: true },
    });
  });
});

describe("email MFA, and a factor the pool turns off later", () => {
  it("sends an EMAIL_OTP code, and keeps asking a TOTP user for TOTP after the pool turns TOTP off", async () => {
    const email = { EmailMfaConfiguration: { Message: "Your code is {####}", Subject: "Sign-in code" } };
    const { poolId, user, signIn, answer } = await mfaPool("OPTIONAL", { ...SMS, ...email });
    await user("yuki", { email: "yuki@example.com" });
    await env.admin().send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: poolId,
        Username: "yuki",
        EmailMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
    const started = await signIn("yuki");
    expect(started).toMatchObject({
      ChallengeName: "EMAIL_OTP",
      ChallengeParameters: {
        CODE_DELIVERY_DELIVERY_MEDIUM: "EMAIL",
        CODE_DELIVERY_DESTINATION: "y****@e****",
      },
    });
    const message = env.lastMessageTo("yuki@example.com");
    expect([message.subject, message.body]).toEqual(["Sign-in code", `Your code is ${message.code}`]);
    const done = (
      await answer("EMAIL_OTP", started.Session, { USERNAME: "yuki", EMAIL_OTP_CODE: message.code! })
    ).AuthenticationResult!;
    expect(claims(done.IdToken!).amr).toEqual(["pwd", "mfa", "otp"]);

    await user("zane");
    const plain = (await signIn("zane")).AuthenticationResult!;
    const secret = await enrolTotp(plain.AccessToken!);
    await env.anyone().send(
      new SetUserMFAPreferenceCommand({
        AccessToken: plain.AccessToken!,
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
    await env.admin().send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId,
        SoftwareTokenMfaConfiguration: { Enabled: false },
      }),
    );
    const totp = await signIn("zane");
    expect(totp.ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
    expect(
      (
        await answer("SOFTWARE_TOKEN_MFA", totp.Session, {
          USERNAME: "zane",
          SOFTWARE_TOKEN_MFA_CODE: await nextCode(secret),
        })
      ).AuthenticationResult?.AccessToken,
    ).toBeDefined();
  });

  it("gives up on a Session after five wrong codes", async () => {
    const { poolId, user, signIn, answer } = await mfaPool("OPTIONAL", SMS);
    await user("abel", { phone_number: "+15555550199" });
    await env.admin().send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: poolId,
        Username: "abel",
        SMSMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
    const started = await signIn("abel");
    const code = env.lastMessageTo("+15555550199").code!;
    const wrong = code === "000000" ? "111111" : "000000";
    for (let i = 0; i < 5; i++)
      expect(
        (await rejection(answer("SMS_MFA", started.Session, { USERNAME: "abel", SMS_MFA_CODE: wrong }))).name,
      ).toBe("CodeMismatchException");
    const spent = await rejection(
      answer("SMS_MFA", started.Session, { USERNAME: "abel", SMS_MFA_CODE: code }),
    );
    expect([spent.name, spent.message]).toEqual([
      "NotAuthorizedException",
      "Invalid session for the user, session can only be used once.",
    ]);
  });
});

describe("step-up with cognate's authorizer()", () => {
  it("lets a token issued after MFA through a route that requires MFA, and challenges one without", async () => {
    const { poolId, clientId, user, signIn, answer } = await mfaPool("OPTIONAL");
    await user("xena");
    const plain = (await signIn("xena")).AuthenticationResult!;
    const secret = await enrolTotp(plain.AccessToken!);
    await env.anyone().send(
      new SetUserMFAPreferenceCommand({
        AccessToken: plain.AccessToken!,
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
    const started = await signIn("xena");
    const strong = (
      await answer("SOFTWARE_TOKEN_MFA", started.Session, {
        USERNAME: "xena",
        SOFTWARE_TOKEN_MFA_CODE: await nextCode(secret),
      })
    ).AuthenticationResult!;

    const api = new Hono();
    api.use(
      "*",
      authorizer({
        issuers: [
          {
            type: "cognito",
            userPoolId: poolId,
            clientId,
            tokenUse: "access",
            issuer: `${env.url()}/${poolId}`,
          },
        ],
        policies: { routes: [{ path: "/admin/*", requireMfa: true }] },
        cache: false,
      }),
    );
    api.get("/admin/report", (c) => c.text("report"));
    const call = (tokens: AuthenticationResultType) =>
      api.request("/admin/report", { headers: { authorization: `Bearer ${tokens.AccessToken}` } });
    expect((await call(strong)).status).toBe(200);
    const weak = await call(plain);
    expect(weak.status).toBe(401);
    expect(challenge(weak)).toMatchObject({ error: "insufficient_user_authentication", acr_values: "mfa" });
  });
});

async function mfaClientOf(tokens: AuthenticationResultType): Promise<string> {
  return String(claims(tokens.AccessToken!).client_id);
}
