// The guards around second factors, through the AWS SDK against the Node entry: wrong codes count
// toward the lockout as wrong passwords do (and lock a pending Session too), a wrong answer never
// uses up the right one's Session, and a mistyped code while setting up TOTP keeps the Session.
import {
  AdminSetUserMFAPreferenceCommand,
  AssociateSoftwareTokenCommand,
  VerifySoftwareTokenCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { generate } from "otplib";
import { describe, expect, it } from "vitest";
import { rejection, usersServer } from "./users-setup.js";
import { mfaPool as sharedMfaPool, SMS } from "./mfa-helpers.js";

const env = usersServer();
const PASSWORD = "Guarded-Factor-7!";
const mfaPool = (mode: "ON" | "OPTIONAL") => sharedMfaPool(env, PASSWORD, mode, SMS);

async function smsUser(phone: string, name: string) {
  const pool = await mfaPool("OPTIONAL");
  await pool.user(name, { phone_number: phone });
  await env.admin().send(
    new AdminSetUserMFAPreferenceCommand({
      UserPoolId: pool.poolId,
      Username: name,
      SMSMfaSettings: { Enabled: true, PreferredMfa: true },
    }),
  );
  return pool;
}

describe("wrong codes and the lockout", () => {
  it("counts wrong codes as failed sign-ins: after five, the user is locked out, and a pending Session with them", async () => {
    const { signIn, answer } = await smsUser("+15555550131", "otto");
    const pending = await signIn("otto");
    const pendingCode = env.lastMessageTo("+15555550131").code!;
    const guessed = await signIn("otto");
    const code = env.lastMessageTo("+15555550131").code!;
    const wrong = [code, pendingCode].includes("000000")
      ? [code, pendingCode].includes("111111")
        ? "222222"
        : "111111"
      : "000000";
    for (let i = 0; i < 5; i++)
      expect(
        (await rejection(answer("SMS_MFA", guessed.Session, { USERNAME: "otto", SMS_MFA_CODE: wrong }))).name,
      ).toBe("CodeMismatchException");
    const locked = await rejection(signIn("otto"));
    expect([locked.name, locked.message]).toEqual(["NotAuthorizedException", "Password attempts exceeded"]);
    const stopped = await rejection(
      answer("SMS_MFA", pending.Session, { USERNAME: "otto", SMS_MFA_CODE: pendingCode }),
    );
    expect([stopped.name, stopped.message]).toEqual(["NotAuthorizedException", "Password attempts exceeded"]);
    // The lockout ends (1 s after the fifth failure); the right code on a new sign-in works and starts the count over.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const again = await signIn("otto");
    expect(
      (
        await answer("SMS_MFA", again.Session, {
          USERNAME: "otto",
          SMS_MFA_CODE: env.lastMessageTo("+15555550131").code!,
        })
      ).AuthenticationResult?.AccessToken,
    ).toBeDefined();
    expect((await signIn("otto")).ChallengeName).toBe("SMS_MFA");
  });
});

describe("Sessions", () => {
  it("are not used up by an answer for another challenge", async () => {
    const { signIn, answer } = await smsUser("+15555550132", "pia");
    const started = await signIn("pia");
    const mismatched = await rejection(
      answer("SOFTWARE_TOKEN_MFA", started.Session, { USERNAME: "pia", SOFTWARE_TOKEN_MFA_CODE: "123456" }),
    );
    expect([mismatched.name, mismatched.message]).toEqual([
      "NotAuthorizedException",
      "Invalid session for the user.",
    ]);
    const done = await answer("SMS_MFA", started.Session, {
      USERNAME: "pia",
      SMS_MFA_CODE: env.lastMessageTo("+15555550132").code!,
    });
    expect(done.AuthenticationResult?.AccessToken).toBeDefined();
  });

  it("survive a mistyped code while setting up TOTP during sign-in, five times at most", async () => {
    const { user, signIn, answer } = await mfaPool("ON");
    await user("quin");
    const started = await signIn("quin");
    const associated = await env
      .anyone()
      .send(new AssociateSoftwareTokenCommand({ Session: started.Session }));
    const right = await generate({ secret: associated.SecretCode! });
    const wrong = right === "000000" ? "111111" : "000000";
    expect(
      (
        await rejection(
          env.anyone().send(new VerifySoftwareTokenCommand({ Session: associated.Session, UserCode: wrong })),
        )
      ).name,
    ).toBe("EnableSoftwareTokenMFAException");
    const verified = await env
      .anyone()
      .send(new VerifySoftwareTokenCommand({ Session: associated.Session, UserCode: right }));
    expect(verified.Status).toBe("SUCCESS");
    expect(
      (await answer("MFA_SETUP", verified.Session, { USERNAME: "quin" })).AuthenticationResult?.AccessToken,
    ).toBeDefined();

    await user("rosa");
    const next = await env
      .anyone()
      .send(new AssociateSoftwareTokenCommand({ Session: (await signIn("rosa")).Session }));
    for (let i = 0; i < 5; i++)
      await rejection(
        env.anyone().send(
          new VerifySoftwareTokenCommand({
            Session: next.Session,
            UserCode: "000000" === (await generate({ secret: next.SecretCode! })) ? "111111" : "000000",
          }),
        ),
      );
    const spent = await rejection(
      env.anyone().send(
        new VerifySoftwareTokenCommand({
          Session: next.Session,
          UserCode: await generate({ secret: next.SecretCode! }),
        }),
      ),
    );
    expect(spent.message).toBe("Invalid session for the user, session can only be used once.");
  });
});
