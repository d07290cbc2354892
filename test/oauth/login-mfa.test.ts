// The challenge pages of /login over the wire: a TOTP code, the choice of a factor and an emailed
// code, MFA set-up from the page with its QR code, a new password with the required attributes,
// acr_values=mfa asking for a second factor the pool would not ask, and the Session kept apart
// from the API's.
import {
  AdminGetUserCommand,
  AdminCreateUserCommand,
  AdminSetUserMFAPreferenceCommand,
  AssociateSoftwareTokenCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand,
  VerifySoftwareTokenCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { generate } from "otplib";
import { describe, expect, it } from "vitest";
import { Browser, formOf } from "./browser-wire.js";
import { codeOf, grantOf, hostedPool, loginServer, loginUrl, signInForm } from "./login-harness.js";
import { lastCode, PASSWORD, user } from "./server.js";

const server = loginServer();

/** The TOTP code `ahead` steps from now (a step ahead: in the tolerance, and not yet used). */
const totp = (secret: string, ahead = 0) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 * ahead });

const lastCodeTo = (to: string) => lastCode(server, to);

async function mfaPool(mode: "OFF" | "ON" | "OPTIONAL", extra: Record<string, unknown> = {}) {
  const pool = await hostedPool(server);
  await server.sdk.send(
    new SetUserPoolMfaConfigCommand({
      UserPoolId: pool.poolId,
      MfaConfiguration: mode,
      SoftwareTokenMfaConfiguration: { Enabled: true },
      ...extra,
    }),
  );
  return pool;
}

/** A TOTP authenticator enrolled through the API, enabled (and preferred unless told not). */
async function enrolTotp(pool: { poolId: string; clientId: string }, username: string, preferred = true) {
  const signedIn = await server.anyone.send(
    new InitiateAuthCommand({
      ClientId: pool.clientId,
      AuthFlow: "USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: username, PASSWORD },
    }),
  );
  const AccessToken = signedIn.AuthenticationResult!.AccessToken!;
  const { SecretCode } = await server.anyone.send(new AssociateSoftwareTokenCommand({ AccessToken }));
  await server.anyone.send(
    new VerifySoftwareTokenCommand({ AccessToken, UserCode: await totp(SecretCode!) }),
  );
  await server.sdk.send(
    new AdminSetUserMFAPreferenceCommand({
      UserPoolId: pool.poolId,
      Username: username,
      SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: preferred },
    }),
  );
  return SecretCode!;
}

async function signInTo(
  pool: { base: string; clientId: string },
  username: string,
  extra: Record<string, string> = {},
) {
  const browser = new Browser();
  const form = await signInForm(browser, loginUrl(pool.base, pool.clientId, extra));
  return { browser, ...(await browser.submit(server.url, form, { username, password: PASSWORD })) };
}

describe("/login: MFA codes", () => {
  it("asks a TOTP user for the code on its own page; a wrong code stays there with the same Session", async () => {
    const pool = await mfaPool("OPTIONAL");
    await user(server, pool.poolId, "tess");
    const secret = await enrolTotp(pool, "tess");
    const { browser, response, html } = await signInTo(pool, "tess");
    expect(response.status).toBe(200);
    expect(html).toContain("<h1>Enter the code from your authenticator app</h1>");
    const form = formOf(html);
    expect(form.names).toEqual(["_csrf", "challenge", "session", "code"]);
    expect(form.fields.challenge).toBe("SOFTWARE_TOKEN_MFA");
    expect(form.html).toMatch(
      /<input id="code" name="code" type="text" autocomplete="one-time-code" inputmode="numeric"/,
    );
    expect(form.html).toContain('<label for="code">');
    expect(form.html).toMatch(/<button type="submit"/);
    const wrong = await browser.submit(server.url, form, { code: "000000" });
    expect(wrong.response.status).toBe(400);
    expect(wrong.html).toContain('aria-invalid="true"');
    expect(wrong.html).toContain("Invalid code received for user");
    expect(formOf(wrong.html).fields.session).toBe(form.fields.session);
    const right = await browser.submit(server.url, formOf(wrong.html), { code: await totp(secret, 1) });
    expect(right.response.status).toBe(303);
    const grant = await grantOf(server, pool.poolId, codeOf(right.response));
    expect(grant.grant.amr).toEqual(["pwd", "mfa", "otp"]);
    // The session's amr says mfa: acr_values=mfa is then met silently.
    codeOf(await browser.fetch(loginUrl(pool.base, pool.clientId, { acr_values: "mfa" })));
  });

  it("lets a user with two factors choose, then asks the emailed code, named to a masked address", async () => {
    const pool = await mfaPool("OPTIONAL", {
      EmailMfaConfiguration: { Message: "Your code is {####}", Subject: "Sign-in code" },
    });
    await user(server, pool.poolId, "emma", { email: "emma@example.com", email_verified: "true" });
    await enrolTotp(pool, "emma", false);
    await server.sdk.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: pool.poolId,
        Username: "emma",
        EmailMfaSettings: { Enabled: true, PreferredMfa: false },
      }),
    );
    const { browser, html } = await signInTo(pool, "emma");
    const form = formOf(html);
    expect(form.fields.challenge).toBe("SELECT_MFA_TYPE");
    expect(html).toContain("<legend>Verification method</legend>");
    expect(form.html).toContain('<label class="cognate-choice" for="answer-EMAIL_OTP">');
    const chosen = await browser.submit(server.url, form, { answer: "EMAIL_OTP" });
    expect(chosen.response.status).toBe(200);
    const code = formOf(chosen.html);
    expect(code.fields.challenge).toBe("EMAIL_OTP");
    expect(chosen.html).toMatch(/We sent it to e\*+@e/);
    const done = await browser.submit(server.url, code, { code: lastCodeTo("emma@example.com") });
    expect((await grantOf(server, pool.poolId, codeOf(done.response))).grant.amr).toEqual([
      "pwd",
      "mfa",
      "otp",
    ]);
  });
});

describe("/login: SMS", () => {
  it("texts a code to a user with a phone number where the pool requires MFA, and asks for it", async () => {
    const pool = await mfaPool("ON", {
      SmsMfaConfiguration: {
        SmsAuthenticationMessage: "Your code is {####}",
        SmsConfiguration: { SnsCallerArn: "arn:aws:iam::123456789012:role/sns-caller" },
      },
    });
    await user(server, pool.poolId, "sid", { phone_number: "+15555550123" });
    const { browser, html } = await signInTo(pool, "sid");
    expect(html).toContain("<h1>Enter the code we texted you</h1>");
    expect(html).toMatch(/We sent it to \+\*+0123\./);
    const form = formOf(html);
    expect(form.fields.challenge).toBe("SMS_MFA");
    const done = await browser.submit(server.url, form, { code: lastCodeTo("+15555550123") });
    expect((await grantOf(server, pool.poolId, codeOf(done.response))).grant.amr).toEqual([
      "pwd",
      "mfa",
      "sms",
    ]);
  });
});

describe("/login: MFA set-up", () => {
  it("sets up an authenticator from the page: a QR code made on the server, the key as text, then the code", async () => {
    const pool = await mfaPool("ON");
    await user(server, pool.poolId, "sam");
    const { browser, html } = await signInTo(pool, "sam");
    expect(html).toContain("<h1>Set up your authenticator app</h1>");
    expect(html).toMatch(
      /<div class="cognate-qr" role="img" aria-label="[^"]+"><svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 \d+ \d+"><rect fill="white"/,
    );
    const secret = /<code class="cognate-secret" id="totp-secret">([A-Z2-7]+)<\/code>/.exec(html)![1]!;
    const form = formOf(html);
    expect(form.fields.challenge).toBe("MFA_SETUP");
    expect(form.html).toContain('autocomplete="one-time-code"');
    const wrong = await browser.submit(server.url, form, { code: "123456" });
    expect(wrong.response.status).toBe(400);
    expect(wrong.html).toContain(`id="totp-secret">${secret}</code>`);
    const done = await browser.submit(server.url, formOf(wrong.html), { code: await totp(secret) });
    expect(done.response.status).toBe(303);
    expect((await grantOf(server, pool.poolId, codeOf(done.response))).grant.amr).toEqual([
      "pwd",
      "mfa",
      "otp",
    ]);
    const after = await server.sdk.send(
      new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: "sam" }),
    );
    expect(after.UserMFASettingList).toEqual(["SOFTWARE_TOKEN_MFA"]);
    // The next sign-in asks for the code.
    const next = await signInTo(pool, "sam");
    expect(formOf(next.html).fields.challenge).toBe("SOFTWARE_TOKEN_MFA");
  });
});

describe("/login: acr_values=mfa", () => {
  it("never offers set-up for it (the password holder would enrol their own factor): access_denied, and a password-only session is not enough", async () => {
    const pool = await mfaPool("OPTIONAL");
    await user(server, pool.poolId, "olga");
    const plain = await signInTo(pool, "olga");
    codeOf(plain.response);
    const { response, html } = await plain.browser.get(
      loginUrl(pool.base, pool.clientId, { acr_values: "mfa" }),
    );
    expect(response.status).toBe(200);
    const form = formOf(html);
    const stepped = await plain.browser.submit(server.url, form, { username: "olga", password: PASSWORD });
    expect(stepped.html).not.toContain("Set up your authenticator app");
    expect(stepped.response.status).toBe(302);
    const location = new URL(stepped.response.headers.get("location")!);
    expect(location.searchParams.get("error")).toBe("access_denied");
    expect(location.searchParams.get("error_description")).toMatch(/no second factor to step up with/);
    expect(location.searchParams.get("state")).toBe("st-123");
    // Nothing was enrolled on the way.
    const after = await server.sdk.send(
      new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: "olga" }),
    );
    expect(after.UserMFASettingList ?? []).toEqual([]);
  });

  it("asks a TOTP user for the code even when the pool's MFA is off", async () => {
    const pool = await mfaPool("OPTIONAL");
    await user(server, pool.poolId, "tom");
    const secret = await enrolTotp(pool, "tom");
    await server.sdk.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: pool.poolId,
        MfaConfiguration: "OFF",
        SoftwareTokenMfaConfiguration: { Enabled: true },
      }),
    );
    codeOf((await signInTo(pool, "tom")).response);
    const stepped = await signInTo(pool, "tom", { acr_values: "mfa" });
    const form = formOf(stepped.html);
    expect(form.fields.challenge).toBe("SOFTWARE_TOKEN_MFA");
    const done = await stepped.browser.submit(server.url, form, { code: await totp(secret, 1) });
    expect((await grantOf(server, pool.poolId, codeOf(done.response))).grant.amr).toEqual([
      "pwd",
      "mfa",
      "otp",
    ]);
  });

  it("ends in access_denied at the callback when no factor can be had", async () => {
    const pool = await hostedPool(server);
    await user(server, pool.poolId, "nina");
    const { response } = await signInTo(pool, "nina", { acr_values: "mfa" });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location")!);
    expect(location.searchParams.get("error")).toBe("access_denied");
    expect(location.searchParams.get("state")).toBe("st-123");
  });
});

describe("/login: a new password", () => {
  it("asks for a new password twice and the required attributes the user lacks", async () => {
    const pool = await hostedPool(server, {
      Schema: [{ Name: "name", AttributeDataType: "String", Required: true, Mutable: true }],
    });
    await server.sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: pool.poolId,
        Username: "newbie",
        TemporaryPassword: PASSWORD,
        MessageAction: "SUPPRESS",
        UserAttributes: [{ Name: "name", Value: "placeholder" }],
      }),
    );
    // A user without the required attribute (made before it was required, say), as auth.test.ts seeds one.
    const store = await server.ctx.store();
    const seeded = (await store.users.get(pool.poolId, "newbie"))!;
    const { name: _name, ...rest } = seeded.attributes;
    await store.users.setAttributes(pool.poolId, "newbie", rest, { now: Date.now() });
    const { browser, html } = await signInTo(pool, "newbie");
    expect(html).toContain("<h1>Change your password</h1>");
    const form = formOf(html);
    expect(form.names).toEqual([
      "_csrf",
      "challenge",
      "session",
      "detail",
      "password",
      "confirm_password",
      "userAttributes.name",
    ]);
    expect(form.html).toContain('autocomplete="new-password"');
    const mismatch = await browser.submit(server.url, form, {
      password: "Brand-New-Pass-42",
      confirm_password: "Brand-New-Pass-43",
      "userAttributes.name": "Newbie",
    });
    expect(mismatch.response.status).toBe(400);
    expect(mismatch.html).toContain(
      '<p class="cognate-field-error" id="confirm_password-error">The passwords do not match.</p>',
    );
    const weak = await browser.submit(server.url, formOf(mismatch.html), {
      password: "short",
      confirm_password: "short",
      "userAttributes.name": "Newbie",
    });
    expect(weak.html).toContain("Password did not conform with policy");
    const done = await browser.submit(server.url, formOf(weak.html), {
      password: "Brand-New-Pass-42",
      confirm_password: "Brand-New-Pass-42",
      "userAttributes.name": "Newbie",
    });
    expect(done.response.status).toBe(303);
    codeOf(done.response);
    const after = await server.sdk.send(
      new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: "newbie" }),
    );
    expect(after.UserStatus).toBe("CONFIRMED");
    expect(after.UserAttributes).toContainEqual({ Name: "name", Value: "Newbie" });
    // The session it started is good for the next request.
    codeOf(await browser.fetch(loginUrl(pool.base, pool.clientId)));
  });
});

describe("/login: the hosted Session and the API", () => {
  it("is not answered through RespondToAuthChallenge", async () => {
    const pool = await mfaPool("OPTIONAL");
    await user(server, pool.poolId, "api");
    const secret = await enrolTotp(pool, "api");
    const { html } = await signInTo(pool, "api");
    const session = formOf(html).fields.session!;
    await expect(
      server.anyone.send(
        new RespondToAuthChallengeCommand({
          ClientId: pool.clientId,
          ChallengeName: "SOFTWARE_TOKEN_MFA",
          Session: session,
          ChallengeResponses: { USERNAME: "api", SOFTWARE_TOKEN_MFA_CODE: await totp(secret, 1) },
        }),
      ),
    ).rejects.toMatchObject({ name: "NotAuthorizedException", message: "Invalid session for the user." });
  });
});
