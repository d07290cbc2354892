// Devices the hosted UI remembers, over the wire: the "Remember this device" checkbox where the
// pool asks, remembering without asking where it does not, nothing without a DeviceConfiguration;
// MFA skipped at the next sign-in in that browser (tokens with device_key), asked again once the
// device is forgotten or not remembered, in another browser, with another user's cookie, for
// acr_values=mfa, and where threat protection asks for it; the device in ListDevices.
import {
  AdminForgetDeviceCommand,
  AdminListDevicesCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminUpdateDeviceStatusCommand,
  type CreateUserPoolCommandInput,
  ForgetDeviceCommand,
  InitiateAuthCommand,
  ListDevicesCommand,
  RespondToAuthChallengeCommand,
  SetRiskConfigurationCommand,
  SetUserPoolMfaConfigCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { generate } from "otplib";
import { describe, expect, it } from "vitest";
import { Browser, formOf } from "./browser-wire.js";
import { codeOf, grantOf, hostedPool, loginServer, loginUrl, signInForm } from "./login-harness.js";
import { lastCode, PASSWORD, user } from "./server.js";

const server = loginServer();

const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
// RFC 7636 appendix B's verifier and its S256 challenge.
const VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
const ASKS = { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true };
const ALWAYS = { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false };
const CHECKBOX = '<input type="checkbox" id="remember_device" name="remember_device" value="true"/>';

type Pool = Awaited<ReturnType<typeof hostedPool>>;

const lastCodeTo = (to: string) => lastCode(server, to);

/** A pool with email MFA (OPTIONAL) and the DeviceConfiguration given, if any. */
async function devicePool(device?: CreateUserPoolCommandInput["DeviceConfiguration"], extra = {}) {
  const pool = await hostedPool(server, {
    ...(device === undefined ? {} : { DeviceConfiguration: device }),
    ...extra,
  });
  await server.sdk.send(
    new SetUserPoolMfaConfigCommand({
      UserPoolId: pool.poolId,
      MfaConfiguration: "OPTIONAL",
      EmailMfaConfiguration: { Message: "Your code is {####}", Subject: "Sign-in code" },
    }),
  );
  return pool;
}

/** A user whose second factor is an emailed code. */
async function mfaUser(pool: Pool, username: string) {
  await user(server, pool.poolId, username, { email: `${username}@example.com`, email_verified: "true" });
  await server.sdk.send(
    new AdminSetUserMFAPreferenceCommand({
      UserPoolId: pool.poolId,
      Username: username,
      EmailMfaSettings: { Enabled: true, PreferredMfa: true },
    }),
  );
}

const newBrowser = (headers: Record<string, string> = {}) =>
  new Browser({ "user-agent": FIREFOX, ...headers });

/** The sign-in form submitted (prompt=login: a new sign-in whatever the browser session). */
async function signIn(browser: Browser, pool: Pool, username: string, extra: Record<string, string> = {}) {
  const url = loginUrl(pool.base, pool.clientId, {
    prompt: "login",
    code_challenge: CHALLENGE,
    ...extra,
  });
  const form = await signInForm(browser, url);
  return browser.submit(server.url, form, { username, password: PASSWORD });
}

/** The emailed code's page answered, the box ticked or not (a browser sends an unticked box not at all). */
async function passMfa(browser: Browser, html: string, username: string, remember: boolean) {
  const form = formOf(html);
  expect(form.fields.challenge).toBe("EMAIL_OTP");
  const fields = { ...form.fields };
  delete fields.remember_device;
  const values: Record<string, string> = { code: lastCodeTo(`${username}@example.com`) };
  if (remember) values.remember_device = "true";
  return browser.submit(server.url, { ...form, fields }, values);
}

const deviceCookieOf = (response: Response) =>
  response.headers.getSetCookie().find((c) => /^(__Host-)?cognito-device(-[\w-]+)?=/.test(c));

const devicesOf = async (pool: Pool, username: string) =>
  (await server.sdk.send(new AdminListDevicesCommand({ UserPoolId: pool.poolId, Username: username })))
    .Devices ?? [];

const attribute = (device: { DeviceAttributes?: { Name?: string; Value?: string }[] }, name: string) =>
  device.DeviceAttributes?.find((a) => a.Name === name)?.Value;

/** The payload of a JWT. */
const claimsOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString("utf8")) as Record<string, unknown>;

async function exchange(pool: Pool, code: string) {
  const response = await fetch(`${pool.base}/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      client_id: pool.clientId,
      code,
      redirect_uri: "https://app.example/callback",
      code_verifier: VERIFIER,
    }).toString(),
  });
  expect([response.status, response.status === 200 ? "" : await response.text()]).toEqual([200, ""]);
  return (await response.json()) as { id_token: string; access_token: string };
}

/** The user's own API sign-in (USER_PASSWORD_AUTH, then the emailed code). */
async function apiAccessToken(pool: Pool, username: string): Promise<string> {
  const started = await server.anyone.send(
    new InitiateAuthCommand({
      ClientId: pool.clientId,
      AuthFlow: "USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: username, PASSWORD },
    }),
  );
  expect(started.ChallengeName).toBe("EMAIL_OTP");
  const done = await server.anyone.send(
    new RespondToAuthChallengeCommand({
      ClientId: pool.clientId,
      ChallengeName: "EMAIL_OTP",
      Session: started.Session,
      ChallengeResponses: { USERNAME: username, EMAIL_OTP_CODE: lastCodeTo(`${username}@example.com`) },
    }),
  );
  return done.AuthenticationResult!.AccessToken!;
}

describe("/login: remembering the device where the pool asks", () => {
  it("offers the box, remembers the device when it is ticked, and skips MFA next time: tokens name the device", async () => {
    const pool = await devicePool(ASKS);
    await mfaUser(pool, "rita");
    const browser = newBrowser({ "x-forwarded-proto": "https" });
    const first = await signIn(browser, pool, "rita");
    expect(first.html).toContain(CHECKBOX);
    expect(first.html).toContain('<label class="cognate-choice" for="remember_device">');
    expect(formOf(first.html).names).toEqual([
      "_csrf",
      "challenge",
      "session",
      "detail",
      "code",
      "remember_device",
    ]);
    const passed = await passMfa(browser, first.html, "rita", true);
    const granted = await grantOf(server, pool.poolId, codeOf(passed.response));
    expect(granted.grant.amr).toEqual(["pwd", "mfa", "otp"]);

    const cookie = deviceCookieOf(passed.response)!;
    expect(cookie).toMatch(
      new RegExp(
        `^__Host-cognito-device-${pool.poolId}=[A-Za-z0-9_-]{43}; Path=/; Max-Age=31536000; HttpOnly; Secure; SameSite=Lax$`,
      ),
    );
    const [device, ...more] = await devicesOf(pool, "rita");
    expect(more).toEqual([]);
    expect(attribute(device!, "device_name")).toBe("Firefox on Linux");
    expect(attribute(device!, "dev:device_remembered_status")).toBe("remembered");
    expect(granted.grant.deviceKey).toBe(device!.DeviceKey);
    // Only a keyed hash of the cookie is stored.
    const value = /=([^;]+);/.exec(cookie)![1]!;
    const rows = await (await server.ctx.store()).driver.all(
      "SELECT browser_key_hash FROM devices WHERE device_key = ?",
      [device!.DeviceKey!],
    );
    expect(rows).toHaveLength(1);
    expect(String(rows[0]!.browser_key_hash)).not.toContain(value);
    expect(String(rows[0]!.browser_key_hash)).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // The next sign-in in this browser: the password, and no MFA.
    const again = await signIn(browser, pool, "rita");
    expect(again.response.status).toBe(303);
    const code = codeOf(again.response);
    expect((await grantOf(server, pool.poolId, code)).grant).toMatchObject({
      amr: ["pwd"],
      deviceKey: device!.DeviceKey,
    });
    expect(deviceCookieOf(again.response)).toBeUndefined();
    const tokens = await exchange(pool, code);
    expect(claimsOf(tokens.access_token).device_key).toBe(device!.DeviceKey);
    expect(claimsOf(tokens.id_token).amr).toEqual(["pwd"]);

    // The user's own ListDevices shows it.
    const listed = await server.anyone.send(
      new ListDevicesCommand({ AccessToken: await apiAccessToken(pool, "rita") }),
    );
    expect(listed.Devices?.map((d) => d.DeviceKey)).toEqual([device!.DeviceKey]);
  });

  it("does not remember a device when the box is left unticked", async () => {
    const pool = await devicePool(ASKS);
    await mfaUser(pool, "uma");
    const browser = newBrowser();
    const first = await signIn(browser, pool, "uma");
    const passed = await passMfa(browser, first.html, "uma", false);
    expect((await grantOf(server, pool.poolId, codeOf(passed.response))).grant.deviceKey).toBeUndefined();
    expect(deviceCookieOf(passed.response)).toBeUndefined();
    expect(await devicesOf(pool, "uma")).toEqual([]);
    expect(formOf((await signIn(browser, pool, "uma")).html).fields.challenge).toBe("EMAIL_OTP");
  });

  it("remembers without asking where the pool always remembers, and skips MFA next time", async () => {
    const pool = await devicePool(ALWAYS);
    await mfaUser(pool, "alf");
    const browser = newBrowser();
    const first = await signIn(browser, pool, "alf");
    expect(first.html).not.toContain("remember_device");
    expect(formOf(first.html).names).toEqual(["_csrf", "challenge", "session", "detail", "code"]);
    const passed = await passMfa(browser, first.html, "alf", false);
    expect(deviceCookieOf(passed.response)).toMatch(
      new RegExp(
        `^cognito-device=[A-Za-z0-9_-]{43}; Path=/${pool.poolId}; Max-Age=31536000; HttpOnly; SameSite=Lax$`,
      ),
    );
    const [device] = await devicesOf(pool, "alf");
    expect(attribute(device!, "device_name")).toBe("Firefox on Linux");
    const again = await signIn(browser, pool, "alf");
    expect((await grantOf(server, pool.poolId, codeOf(again.response))).grant).toMatchObject({
      amr: ["pwd"],
      deviceKey: device!.DeviceKey,
    });
  });

  it("offers nothing and remembers nothing without a DeviceConfiguration, whatever the form says", async () => {
    const pool = await devicePool(undefined);
    await mfaUser(pool, "nia");
    const browser = newBrowser();
    const first = await signIn(browser, pool, "nia");
    expect(first.html).not.toContain("remember_device");
    const passed = await passMfa(browser, first.html, "nia", true);
    expect(deviceCookieOf(passed.response)).toBeUndefined();
    expect((await grantOf(server, pool.poolId, codeOf(passed.response))).grant.deviceKey).toBeUndefined();
    expect(await devicesOf(pool, "nia")).toEqual([]);
    expect(formOf((await signIn(browser, pool, "nia")).html).fields.challenge).toBe("EMAIL_OTP");
  });

  it("asks again once the device is not remembered or forgotten, and the box remembers the same device again", async () => {
    const pool = await devicePool(ASKS);
    await mfaUser(pool, "fay");
    const browser = newBrowser();
    await passMfa(browser, (await signIn(browser, pool, "fay")).html, "fay", true);
    const [device] = await devicesOf(pool, "fay");
    const key = device!.DeviceKey!;

    await server.sdk.send(
      new AdminUpdateDeviceStatusCommand({
        UserPoolId: pool.poolId,
        Username: "fay",
        DeviceKey: key,
        DeviceRememberedStatus: "not_remembered",
      }),
    );
    const asked = await signIn(browser, pool, "fay");
    expect(formOf(asked.html).fields.challenge).toBe("EMAIL_OTP");
    // Not ticked: still the browser's device (the tokens name it), still not remembered.
    const unticked = await passMfa(browser, asked.html, "fay", false);
    expect((await grantOf(server, pool.poolId, codeOf(unticked.response))).grant.deviceKey).toBe(key);
    expect(await devicesOf(pool, "fay")).toEqual([]);
    // Ticked: the same device is remembered again; no new cookie, no new device.
    const ticked = await passMfa(browser, (await signIn(browser, pool, "fay")).html, "fay", true);
    expect(deviceCookieOf(ticked.response)).toBeUndefined();
    expect((await devicesOf(pool, "fay")).map((d) => d.DeviceKey)).toEqual([key]);
    expect((await signIn(browser, pool, "fay")).response.status).toBe(303);

    await server.sdk.send(
      new AdminForgetDeviceCommand({ UserPoolId: pool.poolId, Username: "fay", DeviceKey: key }),
    );
    const forgotten = await signIn(browser, pool, "fay");
    expect(formOf(forgotten.html).fields.challenge).toBe("EMAIL_OTP");
    // Remembered anew: a new device, a new cookie; the user's own ForgetDevice ends it too.
    const anew = await passMfa(browser, forgotten.html, "fay", true);
    expect(deviceCookieOf(anew.response)).toBeDefined();
    const [renewed] = await devicesOf(pool, "fay");
    expect(renewed!.DeviceKey).not.toBe(key);
    await server.anyone.send(
      new ForgetDeviceCommand({
        AccessToken: await apiAccessToken(pool, "fay"),
        DeviceKey: renewed!.DeviceKey,
      }),
    );
    expect(formOf((await signIn(browser, pool, "fay")).html).fields.challenge).toBe("EMAIL_OTP");
  });

  it("asks in another browser, and a device cookie copied from another user's browser does nothing", async () => {
    const pool = await devicePool(ALWAYS);
    await mfaUser(pool, "ann");
    await mfaUser(pool, "bob");
    const annBrowser = newBrowser();
    await passMfa(annBrowser, (await signIn(annBrowser, pool, "ann")).html, "ann", false);
    const [annDevice] = await devicesOf(pool, "ann");
    expect(formOf((await signIn(newBrowser(), pool, "ann")).html).fields.challenge).toBe("EMAIL_OTP");

    // Bob's browser with Ann's device cookie: asked for his code, and given a device of his own.
    const bobBrowser = newBrowser();
    const stolen = annBrowser.jar.get("cognito-device")!;
    bobBrowser.jar.set(stolen.name, { ...stolen });
    const bob = await signIn(bobBrowser, pool, "bob");
    expect(formOf(bob.html).fields.challenge).toBe("EMAIL_OTP");
    const passed = await passMfa(bobBrowser, bob.html, "bob", false);
    const bobGrant = (await grantOf(server, pool.poolId, codeOf(passed.response))).grant;
    const [bobDevice] = await devicesOf(pool, "bob");
    expect(bobGrant.deviceKey).toBe(bobDevice!.DeviceKey);
    expect(bobDevice!.DeviceKey).not.toBe(annDevice!.DeviceKey);
    expect((await devicesOf(pool, "ann")).map((d) => d.DeviceKey)).toEqual([annDevice!.DeviceKey]);
    // Ann's cookie still skips MFA for Ann in her own browser.
    expect((await signIn(annBrowser, pool, "ann")).response.status).toBe(303);
  });

  it("does not stand in for acr_values=mfa: the second factor is asked, and the tokens name the device", async () => {
    const pool = await devicePool(ALWAYS);
    await mfaUser(pool, "sue");
    const browser = newBrowser();
    await passMfa(browser, (await signIn(browser, pool, "sue")).html, "sue", false);
    const [device] = await devicesOf(pool, "sue");
    const stepUp = await signIn(browser, pool, "sue", { acr_values: "mfa" });
    expect(formOf(stepUp.html).fields.challenge).toBe("EMAIL_OTP");
    const passed = await passMfa(browser, stepUp.html, "sue", false);
    expect((await grantOf(server, pool.poolId, codeOf(passed.response))).grant).toMatchObject({
      amr: ["pwd", "mfa", "otp"],
      deviceKey: device!.DeviceKey,
    });
    expect((await devicesOf(pool, "sue")).map((d) => d.DeviceKey)).toEqual([device!.DeviceKey]);
  });
});

describe("/login: the browser session and its device", () => {
  it("authorizes silently for the remembered device until the device is forgotten", async () => {
    const pool = await devicePool(ALWAYS);
    await mfaUser(pool, "sol");
    const browser = newBrowser();
    await passMfa(browser, (await signIn(browser, pool, "sol")).html, "sol", false);
    const [device] = await devicesOf(pool, "sol");
    const silent = async () => {
      const response = await browser.fetch(loginUrl(pool.base, pool.clientId));
      return (await grantOf(server, pool.poolId, codeOf(response))).grant;
    };
    expect((await silent()).deviceKey).toBe(device!.DeviceKey);
    await server.sdk.send(
      new AdminForgetDeviceCommand({
        UserPoolId: pool.poolId,
        Username: "sol",
        DeviceKey: device!.DeviceKey,
      }),
    );
    const after = await silent();
    expect(after.amr).toEqual(["pwd", "mfa", "otp"]);
    expect(after.deviceKey).toBeUndefined();
  });
});

describe("/login: remembering the device at MFA set-up", () => {
  it("offers the box on the authenticator's set-up page; ticked, the device stands in for the new factor next time", async () => {
    const pool = await hostedPool(server, { DeviceConfiguration: ASKS });
    await server.sdk.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: pool.poolId,
        MfaConfiguration: "ON",
        SoftwareTokenMfaConfiguration: { Enabled: true },
      }),
    );
    await user(server, pool.poolId, "ted");
    const browser = newBrowser();
    const { html } = await signIn(browser, pool, "ted");
    expect(html).toContain("<h1>Set up your authenticator app</h1>");
    expect(html).toContain(CHECKBOX);
    const secret = /<code class="cognate-secret" id="totp-secret">([A-Z2-7]+)<\/code>/.exec(html)![1]!;
    const done = await browser.submit(server.url, formOf(html), {
      code: await generate({ secret }),
      remember_device: "true",
    });
    const grant = (await grantOf(server, pool.poolId, codeOf(done.response))).grant;
    expect(grant.amr).toEqual(["pwd", "mfa", "otp"]);
    expect(deviceCookieOf(done.response)).toBeDefined();
    const [device] = await devicesOf(pool, "ted");
    expect(grant.deviceKey).toBe(device!.DeviceKey);
    const again = await signIn(browser, pool, "ted");
    expect((await grantOf(server, pool.poolId, codeOf(again.response))).grant).toMatchObject({
      amr: ["pwd"],
      deviceKey: device!.DeviceKey,
    });
  });
});

describe("/login: remembered devices and threat protection", () => {
  it("does not stand in for the MFA a risky sign-in calls for", async () => {
    const pool = await devicePool(ALWAYS, { UserPoolAddOns: { AdvancedSecurityMode: "ENFORCED" } });
    await server.sdk.send(
      new SetRiskConfigurationCommand({
        UserPoolId: pool.poolId,
        AccountTakeoverRiskConfiguration: {
          Actions: {
            LowAction: { EventAction: "MFA_IF_CONFIGURED", Notify: false },
            MediumAction: { EventAction: "MFA_REQUIRED", Notify: false },
            HighAction: { EventAction: "MFA_REQUIRED", Notify: false },
          },
        },
      }),
    );
    await mfaUser(pool, "ivy");
    const london = {
      "x-forwarded-for": "198.51.100.7",
      "cf-iplatitude": "51.5074",
      "cf-iplongitude": "-0.1278",
      "cf-ipcity": "London",
      "cf-ipcountry": "GB",
    };
    const home = newBrowser(london);
    await passMfa(home, (await signIn(home, pool, "ivy")).html, "ivy", false);
    expect(await devicesOf(pool, "ivy")).toHaveLength(1);
    expect((await signIn(home, pool, "ivy")).response.status).toBe(303);
    // The same browser (its device cookie) seconds later from Sydney: an impossible trip.
    const away = newBrowser({
      "x-forwarded-for": "203.0.113.9",
      "cf-iplatitude": "-33.8688",
      "cf-iplongitude": "151.2093",
      "cf-ipcity": "Sydney",
      "cf-ipcountry": "AU",
    });
    for (const [name, cookie] of home.jar) away.jar.set(name, { ...cookie });
    const risky = await signIn(away, pool, "ivy");
    expect(formOf(risky.html).fields.challenge).toBe("EMAIL_OTP");
  });
});
