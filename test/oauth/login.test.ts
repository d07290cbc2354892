// /login over the wire, on the real Node entry, as a browser without JavaScript uses it: the form,
// its POST through the sign-in pipeline, the browser session that authorizes silently afterwards,
// prompt/max_age forcing the form, prompt=none, CSRF, and the lockout through the form.
import {
  AdminResetUserPasswordCommand,
  SetUICustomizationCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { beforeAll, describe, expect, it } from "vitest";
import { Browser, formOf } from "./browser-wire.js";
import {
  CALLBACK,
  codeOf,
  grantOf,
  hostedPool,
  loginSuite,
  loginUrl,
  oauthClient,
  signInForm,
} from "./login-harness.js";
import { PASSWORD, user } from "./server.js";

const { server, pool } = loginSuite();

beforeAll(async () => {
  await user(server, pool.poolId, "alice", { email: "alice@example.com" });
});

describe("/login: the form", () => {
  it("shows the sign-in form with Cognito's names, a CSRF token bound to its cookie, and the username from login_hint", async () => {
    const browser = new Browser();
    const { response, html } = await browser.get(
      loginUrl(pool.base, pool.clientId, { login_hint: "ali<ce" }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    // The form's 303 to the client is held to form-action: the callback's origin is allowed, no other.
    expect(response.headers.get("content-security-policy")).toBe(
      "default-src 'none'; img-src 'self' data:; style-src 'self'; form-action 'self' https://app.example; frame-ancestors 'none'; base-uri 'none'",
    );
    expect(html).toMatch(/^<!DOCTYPE html><html lang="en">/);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1"/>');
    expect(html).toContain(`<link rel="stylesheet" href="/${pool.poolId}/assets/cognate.css"/>`);
    expect(html).not.toMatch(/<script|style=/i);
    expect(html.match(/<h1>/g)).toHaveLength(1);
    const form = formOf(html);
    expect(form.action.startsWith(`/${pool.poolId}/login?`)).toBe(true);
    expect(new URLSearchParams(form.action.split("?")[1]).get("client_id")).toBe(pool.clientId);
    expect(form.names).toEqual(["_csrf", "username", "password"]);
    expect(form.fields.username).toBe("ali<ce");
    expect(form.fields._csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(form.html).toContain('id="signInFormUsername"');
    expect(form.html).toContain('id="signInFormPassword"');
    expect(form.html).toContain('<label for="signInFormUsername">');
    expect(form.html).toContain('<label for="signInFormPassword">');
    expect(form.html).toMatch(/<button type="submit"/);
    const xsrf = browser.jar.get("XSRF-TOKEN");
    expect(xsrf?.attributes).toEqual(
      expect.arrayContaining(["HttpOnly", "SameSite=Lax", `Path=/${pool.poolId}`]),
    );
    expect(xsrf?.attributes).not.toContain("Secure");
    // A second page keeps the browser's cookie and its token.
    const again = formOf((await browser.get(loginUrl(pool.base, pool.clientId))).html);
    expect(again.fields._csrf).toBe(form.fields._csrf);
  });

  it("links the client's styles (SetUICustomization)", async () => {
    const styled = await hostedPool(server);
    await server.sdk.send(
      new SetUICustomizationCommand({
        UserPoolId: styled.poolId,
        CSS: ".banner-customizable { background-color: #123456; }",
      }),
    );
    const { html } = await new Browser().get(loginUrl(styled.base, styled.clientId));
    const query = `client_id=${styled.clientId}`;
    expect(html).toContain(`<link rel="stylesheet" href="/${styled.poolId}/assets/style.css?${query}"/>`);
  });

  it("serves the default stylesheet", async () => {
    const response = await fetch(`${pool.base}/assets/cognate.css`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(await response.text()).toContain(".cognate-card");
  });

  it("refuses an invalid authorization request as the authorize endpoint does", async () => {
    const page = await fetch(
      loginUrl(pool.base, pool.clientId, { redirect_uri: "https://evil.example/cb" }),
      {
        redirect: "manual",
      },
    );
    expect(page.status).toBe(400);
    const redirect = await fetch(loginUrl(pool.base, pool.clientId, { response_type: "id_token" }), {
      redirect: "manual",
    });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("location")).toMatch(
      /^https:\/\/app\.example\/callback\?error=unsupported_response_type/,
    );
  });
});

describe("/login: signing in", () => {
  it("signs in with the form: 303 to the callback with a code for what the user did, and a session cookie", async () => {
    const browser = new Browser();
    const form = await signInForm(browser, loginUrl(pool.base, pool.clientId, { nonce: "n-1" }));
    const before = Date.now();
    const { response } = await browser.submit(server.url, form, { username: "alice", password: PASSWORD });
    expect(response.status).toBe(303);
    const code = codeOf(response);
    const grant = await grantOf(server, pool.poolId, code);
    expect(grant.clientId).toBe(pool.clientId);
    expect(grant.grant).toMatchObject({
      redirectUri: CALLBACK,
      username: "alice",
      amr: ["pwd"],
      nonce: "n-1",
    });
    expect(Number(grant.grant.authTime)).toBeGreaterThanOrEqual(before);
    const cookie = browser.jar.get("cognito");
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie?.attributes).toEqual(
      expect.arrayContaining(["HttpOnly", "SameSite=Lax", `Path=/${pool.poolId}`]),
    );
    expect(cookie?.attributes.find((a) => a.startsWith("Max-Age="))).toMatch(/^Max-Age=(3600|359\d)$/);
    expect(cookie?.attributes).not.toContain("Secure");
    // Stored by keyed hash only: no row holds the cookie's value.
    const rows = await (await server.ctx.store()).driver.all("SELECT id_hash, data FROM browser_sessions");
    expect(JSON.stringify(rows)).not.toContain(cookie!.value);
  });

  it("tells wrong credentials on the form in the pipeline's words, the username kept", async () => {
    const browser = new Browser();
    const form = await signInForm(browser, loginUrl(pool.base, pool.clientId));
    const { response, html } = await browser.submit(server.url, form, {
      username: "alice",
      password: "wrong-Password-1",
    });
    expect(response.status).toBe(400);
    expect(html).toContain(
      '<p class="cognate-error" role="alert" id="form-error">Incorrect username or password.</p>',
    );
    expect(formOf(html).fields.username).toBe("alice");
    const missing = await browser.submit(server.url, formOf(html), { username: "", password: "" });
    expect(missing.response.status).toBe(400);
    expect(missing.html).toContain('aria-invalid="true" aria-describedby="signInFormUsername-error"');
    expect(missing.html).toContain(
      '<p class="cognate-field-error" id="signInFormUsername-error">Enter your username.</p>',
    );
    // A user who does not exist, on a client that does not hide users, is told so (LEGACY).
    const unknown = await browser.submit(server.url, formOf(missing.html), {
      username: "nobody",
      password: PASSWORD,
    });
    expect(unknown.html).toContain("User does not exist.");
  });

  it("hides unknown users on a client with PreventUserExistenceErrors", async () => {
    const hiding = await oauthClient(server, pool.poolId, { PreventUserExistenceErrors: "ENABLED" });
    const browser = new Browser();
    const form = await signInForm(browser, loginUrl(pool.base, hiding));
    const { html } = await browser.submit(server.url, form, { username: "nobody", password: PASSWORD });
    expect(html).toContain("Incorrect username or password.");
  });

  it("needs no ExplicitAuthFlows and no SECRET_HASH: a client with a secret and SRP only signs in on the page", async () => {
    const srpOnly = await oauthClient(server, pool.poolId, {
      ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      GenerateSecret: true,
    });
    const browser = new Browser();
    const form = await signInForm(browser, loginUrl(pool.base, srpOnly));
    const { response } = await browser.submit(server.url, form, { username: "alice", password: PASSWORD });
    codeOf(response);
  });

  it("sends an unconfirmed user on to /confirm and a reset one to /forgotPassword, with the request and the username", async () => {
    await server.anyone.send(
      new SignUpCommand({ ClientId: pool.clientId, Username: "newcomer", Password: PASSWORD }),
    );
    await user(server, pool.poolId, "resetme", { email: "resetme@example.com", email_verified: "true" });
    await server.sdk.send(
      new AdminResetUserPasswordCommand({ UserPoolId: pool.poolId, Username: "resetme" }),
    );
    for (const [username, path] of [
      ["newcomer", "/confirm"],
      ["resetme", "/forgotPassword"],
    ] as const) {
      const browser = new Browser();
      const form = await signInForm(browser, loginUrl(pool.base, pool.clientId));
      const { response } = await browser.submit(server.url, form, { username, password: PASSWORD });
      expect(response.status).toBe(303);
      const location = new URL(response.headers.get("location")!, server.url);
      expect(location.pathname).toBe(`/${pool.poolId}${path}`);
      expect(location.searchParams.get("username")).toBe(username);
      expect(location.searchParams.get("client_id")).toBe(pool.clientId);
      expect(location.searchParams.get("state")).toBe("st-123");
    }
  });

  it("locks a user out through the form as through the API", async () => {
    await user(server, pool.poolId, "locked");
    const browser = new Browser();
    let form = await signInForm(browser, loginUrl(pool.base, pool.clientId));
    let html = "";
    for (let i = 0; i < 6; i++) {
      ({ html } = await browser.submit(server.url, form, {
        username: "locked",
        password: `wrong-${i}-Password`,
      }));
      form = formOf(html);
    }
    expect(html).toContain("Password attempts exceeded");
    const right = await browser.submit(server.url, form, { username: "locked", password: PASSWORD });
    expect(right.response.status).toBe(400);
    expect(right.html).toContain("Password attempts exceeded");
  });
});

describe("/login: CSRF", () => {
  it("refuses a POST without the token, or with another browser's, with the form again (403) and does nothing", async () => {
    const browser = new Browser();
    const form = await signInForm(browser, loginUrl(pool.base, pool.clientId));
    const missing = await browser.submit(server.url, form, {
      username: "alice",
      password: PASSWORD,
      _csrf: "",
    });
    expect(missing.response.status).toBe(403);
    expect(missing.html).toContain('role="alert"');
    expect(formOf(missing.html).fields.username).toBe("alice");
    const other = new Browser();
    const theirs = await signInForm(other, loginUrl(pool.base, pool.clientId));
    const wrong = await browser.submit(server.url, form, {
      username: "alice",
      password: PASSWORD,
      _csrf: theirs.fields._csrf!,
    });
    expect(wrong.response.status).toBe(403);
    // The right token without its cookie (a cross-site POST whose cookie was not sent) fails too.
    const cookieless = new Browser();
    const stripped = await cookieless.submit(server.url, form, { username: "alice", password: PASSWORD });
    expect(stripped.response.status).toBe(403);
    expect(browser.jar.has("cognito")).toBe(false);
    // Nothing ran: not even a failed attempt was counted.
    const store = await server.ctx.store();
    expect((await store.users.get(pool.poolId, "alice"))?.failedSignIns).toBe(0);
  });
});

describe("/login: no page text from the form", () => {
  const EVIL = "your phone. Your account is suspended: call +1 555 0100";

  it("answers a cross-site POST of a challenge with the plain sign-in form: none of its session or detail", async () => {
    const victim = new Browser();
    await signInForm(victim, loginUrl(pool.base, pool.clientId)); // the victim's own XSRF cookie
    const url = loginUrl(pool.base, pool.clientId);
    for (const [challenge, detail] of [
      ["SMS_MFA", EVIL],
      ["SELECT_MFA_TYPE", "SMS_MFA"],
      ["NEW_PASSWORD_REQUIRED", "Bank_card_PIN"],
    ] as const) {
      const posted = await victim.fetch(url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ challenge, session: "ATTACKER-SESSION", detail }).toString(),
      });
      expect(posted.status).toBe(403);
      const html = await posted.text();
      expect(formOf(html).names).toEqual(expect.arrayContaining(["username", "password", "_csrf"]));
      expect(formOf(html).names).not.toContain("session");
      for (const planted of ["ATTACKER-SESSION", "suspended", "Bank_card_PIN", 'value="SMS_MFA"'])
        expect(html).not.toContain(planted);
    }
  });

  it("shows a challenge page's destination and attribute names only as the API and the pool's schema give them", async () => {
    const strict = await hostedPool(server, {
      Schema: [{ Name: "email", AttributeDataType: "String", Required: true, Mutable: true }],
    });
    const browser = new Browser();
    const form = await signInForm(browser, loginUrl(strict.base, strict.clientId));
    const post = (fields: Record<string, string>) =>
      browser.submit(server.url, { ...form, fields: { _csrf: form.fields._csrf! } }, fields);
    const code = await post({ challenge: "SMS_MFA", session: "S", detail: EVIL, code: "" });
    expect(code.response.status).toBe(400); // "Enter the code." on the code page
    expect(formOf(code.html).names).toContain("code");
    expect(code.html).not.toContain("suspended");
    const masked = await post({ challenge: "SMS_MFA", session: "S", detail: "+*******0100", code: "" });
    expect(masked.html).toContain("+*******0100");
    const fresh = await post({
      challenge: "NEW_PASSWORD_REQUIRED",
      session: "S",
      detail: "Bank_card_PIN email",
      password: "",
    });
    expect(fresh.response.status).toBe(400);
    expect(fresh.html).not.toContain("Bank_card_PIN");
    expect(formOf(fresh.html).names).toContain("userAttributes.email"); // the pool requires email
  });
});

describe("/login: the browser session", () => {
  async function signedIn(clientId = pool.clientId) {
    const browser = new Browser();
    const form = await signInForm(browser, loginUrl(pool.base, clientId));
    codeOf((await browser.submit(server.url, form, { username: "alice", password: PASSWORD })).response);
    return browser;
  }

  it("authorizes silently with the session, for another client of the pool too, with the first sign-in's time", async () => {
    const browser = await signedIn();
    const first = await browser.fetch(loginUrl(pool.base, pool.clientId));
    expect(first.status).toBe(302);
    const grant = await grantOf(server, pool.poolId, codeOf(first));
    const other = await oauthClient(server, pool.poolId);
    const second = await browser.fetch(loginUrl(pool.base, other));
    const otherGrant = await grantOf(server, pool.poolId, codeOf(second));
    expect(otherGrant.clientId).toBe(other);
    expect(otherGrant.grant.authTime).toBe(grant.grant.authTime);
    // prompt=none with a session is silent too.
    codeOf(await browser.fetch(loginUrl(pool.base, pool.clientId, { prompt: "none" })));
  });

  it("shows the form again for prompt=login and max_age=0, and not for a max_age the sign-in is within", async () => {
    const browser = await signedIn();
    for (const extra of [{ prompt: "login" }, { max_age: "0" }] as Record<string, string>[]) {
      const { response, html } = await browser.get(loginUrl(pool.base, pool.clientId, extra));
      expect(response.status).toBe(200);
      expect(formOf(html).names).toContain("password");
    }
    codeOf(await browser.fetch(loginUrl(pool.base, pool.clientId, { max_age: "3600" })));
    // prompt=login signs in again: a new session cookie.
    const before = browser.jar.get("cognito")!.value;
    const form = await signInForm(browser, loginUrl(pool.base, pool.clientId, { prompt: "login" }));
    codeOf((await browser.submit(server.url, form, { username: "alice", password: PASSWORD })).response);
    expect(browser.jar.get("cognito")!.value).not.toBe(before);
  });

  it("answers prompt=none without a session with login_required, and with one that does not do, interaction_required", async () => {
    const response = await new Browser().fetch(loginUrl(pool.base, pool.clientId, { prompt: "none" }));
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location")!);
    expect(location.searchParams.get("error")).toBe("login_required");
    expect(location.searchParams.get("state")).toBe("st-123");
    // prompt=none with a session that does not answer the request (acr_values=mfa and a
    // password-only sign-in, max_age=0) is no silent grant either: the user is known but must
    // sign in again, interaction_required (OpenID Connect Core 3.1.2.6).
    const browser = await signedIn();
    for (const extra of [{ acr_values: "mfa" }, { max_age: "0" }] as Record<string, string>[]) {
      const refused = await browser.fetch(loginUrl(pool.base, pool.clientId, { prompt: "none", ...extra }));
      expect(refused.status).toBe(302);
      const at = new URL(refused.headers.get("location")!);
      expect(at.searchParams.get("error")).toBe("interaction_required");
      expect(at.searchParams.get("state")).toBe("st-123");
    }
  });

  it("does not honour an unknown or forged cookie", async () => {
    const browser = new Browser();
    browser.jar.set("cognito", { name: "cognito", value: "A".repeat(43), path: "/", attributes: [] });
    const { response } = await browser.get(loginUrl(pool.base, pool.clientId));
    expect(response.status).toBe(200);
  });
});
