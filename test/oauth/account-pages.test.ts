// The account pages over the wire: sign-up, its code and confirmation, a new code, forgotten
// password and reset, each through the page's form (CSRF token, cookie jar) and the same
// operations the API runs; the codes come from the outbox. Then sign-in with the result.
import { describe, expect, it } from "vitest";
import {
  AdminGetUserCommand,
  InitiateAuthCommand,
  ListUsersCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { createHmac } from "node:crypto";
import { actionsOf, Browser, follow, hostedPool } from "./pages-harness.js";
import { suiteServer, unique } from "./server.js";

const server = suiteServer();

const signIn = (clientId: string, USERNAME: string, PASSWORD: string, secret?: string) =>
  server.sdk.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: "USER_PASSWORD_AUTH",
      AuthParameters: {
        USERNAME,
        PASSWORD,
        ...(secret !== undefined && {
          SECRET_HASH: createHmac("sha256", secret)
            .update(USERNAME + clientId)
            .digest("base64"),
        }),
      },
    }),
  );

/** The sign-up form (`html`, the page of `/signup`) posted for `username` with its email and the suite's password. */
const postSignUp = (browser: Browser, base: string, query: string, html: string, username: string) =>
  browser.submit(`${base}/signup?${query}`, html, {
    username,
    "requiredAttributes[email]": `${username}@example.com`,
    password: "Passw0rd-long",
  });

/** `/signup` fetched, then posted as {@link postSignUp} posts it. */
const signUp = async (browser: Browser, base: string, query: string, username: string) =>
  postSignUp(browser, base, query, (await browser.page(`${base}/signup?${query}`)).html, username);

describe("the account pages", () => {
  it("sign-up → the emailed code → confirm → back to /login with the query → sign-in", async () => {
    const { poolId, clientId, base, query } = await hostedPool(server);
    const browser = new Browser();
    const form = await browser.page(`${base}/signup?${query}`);
    expect(form.response.status).toBe(200);
    expect(form.response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    // The username, the pool's required email, the password with its rules, and a submit button.
    expect(form.html).toContain('name="username"');
    expect(form.html).toContain('name="requiredAttributes[email]"');
    expect(form.html).toContain('name="password"');
    expect(form.html).toContain("At least 8 characters");
    expect(form.html).toContain('<button type="submit"');
    expect(form.html).toContain(`/assets/style.css?client_id=${clientId}`);
    const [action] = actionsOf(form.html);
    expect(new URL(action!, server.url).pathname).toBe(`/${poolId}/signup`);
    expect(Object.fromEntries(new URL(action!, server.url).searchParams)).toEqual(
      Object.fromEntries(new URLSearchParams(query)),
    );

    const username = unique("jane");
    const email = `${username}@example.com`;
    const signedUp = await postSignUp(browser, base, query, form.html, username);
    // 303 to the confirmation page (never a 307 that would post the password again).
    const confirmPage = await follow(browser, signedUp, server.url);
    expect(new URL(confirmPage.url).pathname).toBe(`/${poolId}/confirm`);
    expect(confirmPage.html).toMatch(
      /We have sent a code by email to [^@]\*{4}@[^@]\*{4}\. Enter it below\./,
    );
    expect(confirmPage.html).toContain('autocomplete="one-time-code"');
    expect(confirmPage.html).toContain('name="code"');
    expect(confirmPage.html).toContain(`value="${username}"`);
    const user = await server.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));
    expect(user.UserStatus).toBe("UNCONFIRMED");

    // A wrong code is shown on the code field, in words.
    const confirmUrl = `${server.url}${actionsOf(confirmPage.html)[0]}`;
    const wrong = await browser.submit(confirmUrl, confirmPage.html, { username, code: "000000" });
    expect(wrong.response.status).toBe(400);
    expect(wrong.html).toMatch(
      /aria-invalid="true"[^>]*aria-describedby="field-code-error"|id="field-code-error"/,
    );
    expect(wrong.html).toContain("Invalid verification code provided, please try again.");

    const code = await server.readCode(email);
    const confirmed = await browser.submit(confirmUrl, wrong.html, { username, code });
    expect(confirmed.response.status).toBe(303);
    const location = new URL(confirmed.response.headers.get("location")!, server.url);
    expect(location.pathname).toBe(`/${poolId}/login`);
    expect(location.searchParams.get("client_id")).toBe(clientId);
    expect(location.searchParams.get("state")).toBe("st-123");
    expect(location.searchParams.get("login_hint")).toBe(username);
    expect(
      (await server.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }))).UserStatus,
    ).toBe("CONFIRMED");
    const tokens = await signIn(clientId, username, "Passw0rd-long");
    expect(tokens.AuthenticationResult?.IdToken).toBeDefined();
    // And through the sign-in page the redirect lands on: the username pre-filled, a code for the app.
    const login = await browser.page(location.toString());
    expect(login.response.status).toBe(200);
    expect(login.html).toContain(`value="${username}"`);
    const signedIn = await browser.submit(location.toString(), login.html, {
      username,
      password: "Passw0rd-long",
    });
    expect(signedIn.response.status).toBe(303);
    const callback = new URL(signedIn.response.headers.get("location")!);
    expect(`${callback.origin}${callback.pathname}`).toBe("https://app.example.com/callback");
    expect(callback.searchParams.get("code")).toMatch(/^[\w-]{43}$/);
    expect(callback.searchParams.get("state")).toBe("st-123");
  });

  it("shows the operation's errors on their fields: a taken username, a password the policy refuses", async () => {
    const { base, query } = await hostedPool(server);
    const browser = new Browser();
    const form = await browser.page(`${base}/signup?${query}`);
    const weak = await browser.submit(`${base}/signup?${query}`, form.html, {
      username: unique("weak"),
      "requiredAttributes[email]": "weak@example.com",
      password: "short",
    });
    expect(weak.response.status).toBe(400);
    expect(weak.html).toContain("Password not long enough.");
    expect(weak.html).toContain('id="field-password-error"');
    expect(weak.html).not.toContain('value="short"'); // a password is never echoed
    const username = unique("taken");
    const first = await browser.submit(`${base}/signup?${query}`, weak.html, {
      username,
      "requiredAttributes[email]": `${username}@example.com`,
      password: "Passw0rd-long",
    });
    expect(first.response.status).toBe(303);
    const again = await browser.submit(`${base}/signup?${query}`, weak.html, {
      username,
      "requiredAttributes[email]": `${username}@example.com`,
      password: "Passw0rd-long",
    });
    expect(again.response.status).toBe(400);
    expect(again.html).toContain("An account with this username already exists.");
    expect(again.html).toContain('id="field-username-error"');
  });

  it("refuses a POST without its CSRF token (403, nothing done)", async () => {
    const { poolId, base, query } = await hostedPool(server);
    const browser = new Browser();
    const form = await browser.page(`${base}/signup?${query}`);
    const username = unique("csrf");
    const forged = await browser.submit(`${base}/signup?${query}`, form.html, {
      _csrf: "forged",
      username,
      "requiredAttributes[email]": `${username}@example.com`,
      password: "Passw0rd-long",
    });
    expect(forged.response.status).toBe(403);
    const stranger = new Browser(); // no XSRF-TOKEN cookie at all
    const noCookie = await stranger.submit(`${base}/signup?${query}`, form.html, {
      username,
      "requiredAttributes[email]": `${username}@example.com`,
      password: "Passw0rd-long",
    });
    expect(noCookie.response.status).toBe(403);
    const { Users } = await server.sdk.send(new ListUsersCommand({ UserPoolId: poolId }));
    expect(Users).toEqual([]);
  });

  it("resends the sign-up code: the new code confirms", async () => {
    const { poolId, base, query } = await hostedPool(server);
    const browser = new Browser();
    const form = await browser.page(`${base}/signup?${query}`);
    const username = unique("resend");
    const email = `${username}@example.com`;
    const signedUp = await postSignUp(browser, base, query, form.html, username);
    const first = await server.readCode(email);
    // The confirmation page's second form asks for a new code.
    const confirmPage = await follow(browser, signedUp, server.url);
    const resendUrl = `${server.url}${actionsOf(confirmPage.html)[1]}`;
    expect(new URL(resendUrl).pathname).toBe(`/${poolId}/resendcode`);
    const resent = await follow(
      browser,
      await browser.submit(resendUrl, confirmPage.html, { username }),
      server.url,
    );
    expect(new URL(resent.url).pathname).toBe(`/${poolId}/confirm`);
    expect(resent.html).toContain("We have sent a code by email to");
    const second = await server.readCode(email);
    expect(second).not.toBe(first);
    // The GET form of /resendcode exists too, and sends nothing by itself.
    const get = await browser.page(`${base}/resendcode?${query}&username=${username}`);
    expect(get.html).toContain(`value="${username}"`);
    const confirmed = await browser.submit(`${server.url}${actionsOf(resent.html)[0]}`, resent.html, {
      username,
      code: second,
    });
    expect(confirmed.response.status).toBe(303);
  });

  it("an unconfirmed user signing in is sent to /confirm, asks for a new code there and confirms", async () => {
    const { poolId, base, query } = await hostedPool(server);
    const browser = new Browser();
    const username = unique("late");
    const email = `${username}@example.com`;
    await signUp(browser, base, query, username);
    await server.readCode(email); // the first code, never used
    const login = await browser.page(`${base}/login?${query}`);
    const confirmPage = await follow(
      browser,
      await browser.submit(`${base}/login?${query}`, login.html, { username, password: "Passw0rd-long" }),
      server.url,
    );
    expect(new URL(confirmPage.url).pathname).toBe(`/${poolId}/confirm`);
    expect(confirmPage.html).toContain(`value="${username}"`);
    const resent = await follow(
      browser,
      await browser.submit(`${server.url}${actionsOf(confirmPage.html)[1]}`, confirmPage.html, { username }),
      server.url,
    );
    const confirmed = await browser.submit(`${server.url}${actionsOf(resent.html)[0]}`, resent.html, {
      username,
      code: await server.readCode(email),
    });
    expect(confirmed.response.status).toBe(303);
    expect(
      (await server.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }))).UserStatus,
    ).toBe("CONFIRMED");
  });

  it("forgot password → the code → a new password (typed twice) → sign-in with it", async () => {
    const { poolId, clientId, base, query } = await hostedPool(server);
    const browser = new Browser();
    const username = unique("forgot");
    const email = `${username}@example.com`;
    await signUp(browser, base, query, username);
    const signedUp = await browser.page(`${base}/confirm?${query}&username=${username}`);
    expect(signedUp.html).toContain(`value="${username}"`);
    await browser.submit(`${base}/confirm?${query}`, signedUp.html, {
      username,
      code: await server.readCode(email),
    });

    const forgot = await browser.page(`${base}/forgotPassword?${query}`);
    expect(forgot.response.status).toBe(200);
    const sent = await follow(
      browser,
      await browser.submit(`${base}/forgotPassword?${query}`, forgot.html, { username }),
      server.url,
    );
    expect(new URL(sent.url).pathname).toBe(`/${poolId}/confirmforgotPassword`);
    expect(sent.html).toContain("We have sent a code by email to");
    expect(sent.html).toContain(`value="${username}"`);
    expect(sent.html).toContain('name="confirm_password"');
    const resetUrl = `${server.url}${actionsOf(sent.html)[0]}`;
    expect(new URL(resetUrl).pathname).toBe(`/${poolId}/confirmforgotPassword`);
    const code = await server.readCode(email);
    const mismatch = await browser.submit(resetUrl, sent.html, {
      username,
      code,
      password: "N3w-password!",
      confirm_password: "N3w-passw0rd!",
    });
    expect(mismatch.response.status).toBe(400);
    expect(mismatch.html).toContain("The passwords do not match.");
    const reset = await browser.submit(resetUrl, mismatch.html, {
      username,
      code,
      password: "N3w-password!",
      confirm_password: "N3w-password!",
    });
    expect(reset.response.status).toBe(303);
    expect(new URL(reset.response.headers.get("location")!, server.url).pathname).toBe(`/${poolId}/login`);
    await expect(signIn(clientId, username, "Passw0rd-long")).rejects.toMatchObject({
      name: "NotAuthorizedException",
    });
    expect((await signIn(clientId, username, "N3w-password!")).AuthenticationResult).toBeDefined();
  });

  it("a name nobody holds reads as a real one where the client hides users (PreventUserExistenceErrors)", async () => {
    const { base, query } = await hostedPool(server, {}, { PreventUserExistenceErrors: "ENABLED" });
    const browser = new Browser();
    const forgot = await browser.page(`${base}/forgotPassword?${query}`);
    const sent = await follow(
      browser,
      await browser.submit(`${base}/forgotPassword?${query}`, forgot.html, { username: "nobody-here" }),
      server.url,
    );
    expect(sent.html).toContain("We have sent a code");
  });

  it("runs for a client with a secret: the page computes the SecretHash", async () => {
    const { poolId, clientId, clientSecret, base, query } = await hostedPool(
      server,
      {},
      { GenerateSecret: true },
    );
    expect(clientSecret).toBeDefined();
    const browser = new Browser();
    const username = unique("secret");
    const email = `${username}@example.com`;
    const signedUp = await signUp(browser, base, query, username);
    const confirmPage = await follow(browser, signedUp, server.url);
    const confirmed = await browser.submit(
      `${server.url}${actionsOf(confirmPage.html)[0]}`,
      confirmPage.html,
      {
        username,
        code: await server.readCode(email),
      },
    );
    expect(confirmed.response.status).toBe(303);
    expect(
      (await signIn(clientId, username, "Passw0rd-long", clientSecret)).AuthenticationResult,
    ).toBeDefined();
    void poolId;
  });

  it("asks for the email once where the pool signs in with it (UsernameAttributes)", async () => {
    const { poolId, base, query } = await hostedPool(server, { UsernameAttributes: ["email"] });
    const browser = new Browser();
    const form = await browser.page(`${base}/signup?${query}`);
    expect(form.html).toContain(">Email<");
    expect(form.html).toMatch(/name="username" type="email"/);
    expect(form.html).not.toContain("requiredAttributes[email]");
    const email = `${unique("ada")}@example.com`;
    const signedUp = await browser.submit(`${base}/signup?${query}`, form.html, {
      username: email,
      password: "Passw0rd-long",
    });
    const confirmPage = await follow(browser, signedUp, server.url);
    const confirmed = await browser.submit(
      `${server.url}${actionsOf(confirmPage.html)[0]}`,
      confirmPage.html,
      {
        username: email,
        code: await server.readCode(email),
      },
    );
    expect(confirmed.response.status).toBe(303);
    const { Users } = await server.sdk.send(new ListUsersCommand({ UserPoolId: poolId }));
    expect(Users?.[0]?.UserStatus).toBe("CONFIRMED");
  });

  it("has no sign-up in a pool where only administrators create users", async () => {
    const { poolId, base, query } = await hostedPool(server, {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
    const browser = new Browser();
    // The sign-in page has no link to it, where an open pool's has one.
    const login = await browser.page(`${base}/login?${query}`);
    expect(login.html).toContain('name="password"');
    expect(login.html).not.toContain("/signup?");
    const open = await hostedPool(server);
    expect((await browser.page(`${open.base}/login?${open.query}`)).html).toContain(
      `/${open.poolId}/signup?`,
    );
    const page = await browser.page(`${base}/signup?${query}`);
    expect(page.html).toContain("Sign-up is not available here");
    expect(page.html).not.toContain('name="password"');
    const posted = await browser.fetch(`${base}/signup?${query}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ username: "x", password: "Passw0rd-long" }),
    });
    expect(await posted.text()).toContain("Sign-up is not available here");
    expect((await server.sdk.send(new ListUsersCommand({ UserPoolId: poolId }))).Users).toEqual([]);
  });

  it("prints only a medium and a masked address from a link into the notice", async () => {
    const { base, query } = await hostedPool(server);
    const browser = new Browser();
    const forged = await browser.page(
      `${base}/confirm?${query}&username=u&delivery=EMAIL&destination=${encodeURIComponent("call +1 555 0100 now")}`,
    );
    expect(forged.html).toContain("We have sent a code by email. Enter it below.");
    expect(forged.html).not.toContain("555");
    const odd = await browser.page(`${base}/confirm?${query}&delivery=CARRIER_PIGEON`);
    expect(odd.html).not.toContain("We have sent a code");
  });

  it("refuses a page whose authorization request is not valid: the error page, never a redirect", async () => {
    const { base, query } = await hostedPool(server);
    const browser = new Browser();
    const bad = query.replace(
      encodeURIComponent("https://app.example.com/callback"),
      encodeURIComponent("https://evil.example.com/callback"),
    );
    for (const path of ["/signup", "/confirm", "/resendcode", "/forgotPassword", "/confirmforgotPassword"]) {
      const { response, html } = await browser.page(`${base}${path}?${bad}`);
      expect(response.status, path).toBe(400);
      expect(response.headers.get("location"), path).toBeNull();
      expect(html).toContain("An error was encountered with the requested page.");
    }
  });
});
