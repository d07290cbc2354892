// The browser session over the wire: its cookie's name and flags over http and https (through a
// trusted proxy's X-Forwarded-Proto), under the issuer and on the pool's domain host, and the
// events that end it: AdminUserGlobalSignOut, GlobalSignOut, AdminDisableUser (enabling again
// does not revive it), AdminDeleteUser, AdminResetUserPassword and a password change.
import {
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminResetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  ChangePasswordCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { Browser, formOf } from "./browser-wire.js";
import { codeOf, loginSuite, loginUrl, signInForm } from "./login-harness.js";
import { PASSWORD, user } from "./server.js";

const { server, pool } = loginSuite();
let users = 0;

/** A new user signed in on the page; the browser holds the session. */
async function signedIn(browser = new Browser(), url = loginUrl(pool.base, pool.clientId)) {
  const username = `user${++users}`;
  await user(server, pool.poolId, username, { email: `${username}@example.com`, email_verified: "true" });
  const form = await signInForm(browser, url);
  const origin = new URL(url).origin;
  codeOf((await browser.submit(origin, form, { username, password: PASSWORD })).response);
  return { browser, username };
}

/** Whether the browser is authorized silently (else it gets the form). */
async function silent(browser: Browser, url = loginUrl(pool.base, pool.clientId)): Promise<boolean> {
  const { response, html } = await browser.get(url);
  if (response.status === 200) {
    expect(formOf(html).names).toContain("password");
    return false;
  }
  codeOf(response);
  return true;
}

const apiToken = async (username: string, password = PASSWORD) =>
  (
    await server.anyone.send(
      new InitiateAuthCommand({
        ClientId: pool.clientId,
        AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: username, PASSWORD: password },
      }),
    )
  ).AuthenticationResult!.AccessToken!;

describe("the session cookie's flags", () => {
  it("over https under the issuer: __Host-cognito-{poolId}, Secure, Path=/ (no sibling host can plant it)", async () => {
    const browser = new Browser({ "x-forwarded-proto": "https" });
    await signedIn(browser);
    const session = browser.jar.get(`__Host-cognito-${pool.poolId}`);
    expect(session?.path).toBe("/");
    expect(session?.attributes).toEqual(
      expect.arrayContaining(["HttpOnly", "Secure", "SameSite=Lax", "Path=/"]),
    );
    expect(browser.jar.get(`__Host-XSRF-TOKEN-${pool.poolId}`)?.attributes).toContain("Secure");
    expect([...browser.jar.keys()].filter((name) => !name.startsWith("__Host-"))).toEqual([]);
    expect(await silent(browser)).toBe(true);
  });

  it("counts a session or CSRF cookie sent twice (one planted beside it) as none", async () => {
    const { browser } = await signedIn();
    const url = loginUrl(pool.base, pool.clientId);
    const jar = [...browser.jar.values()].map((c) => `${c.name}=${c.value}`).join("; ");
    const planted = `cognito=${"A".repeat(43)}; XSRF-TOKEN=${"B".repeat(43)}`;
    for (const cookie of [`${planted}; ${jar}`, `${jar}; ${planted}`]) {
      const page = await browser.fetch(url, { headers: { cookie } });
      expect(page.status).toBe(200); // the form, not a silent authorization
      const form = formOf(await page.text());
      const posted = await browser.fetch(new URL(form.action, pool.base).toString(), {
        method: "POST",
        headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ ...form.fields, username: "nobody", password: "x" }).toString(),
      });
      expect(posted.status).toBe(403); // the CSRF cookie is ambiguous: the token binds nothing
    }
    expect(await silent(browser)).toBe(true); // the real cookies alone still work
  });

  it("over https on the domain's host: __Host-cognito, Secure, Path=/", async () => {
    const host = `${pool.prefix}.localhost`;
    const browser = new Browser({ "x-forwarded-proto": "https" }, host);
    const url = loginUrl(server.url, pool.clientId);
    const { html } = await browser.get(url);
    expect(formOf(html).action.startsWith("/login?")).toBe(true);
    await signedIn(browser, url);
    const session = browser.jar.get("__Host-cognito");
    expect(session?.path).toBe("/");
    expect(session?.attributes).toEqual(
      expect.arrayContaining(["HttpOnly", "Secure", "SameSite=Lax", "Path=/"]),
    );
    expect(browser.jar.get("__Host-XSRF-TOKEN")?.path).toBe("/");
    expect(await silent(browser, url)).toBe(true);
  });

  it("over http on the domain's host: cognito, Path=/, no Secure", async () => {
    const browser = new Browser({}, `${pool.prefix}.localhost`);
    const url = loginUrl(server.url, pool.clientId);
    await signedIn(browser, url);
    const session = browser.jar.get("cognito");
    expect(session?.path).toBe("/");
    expect(session?.attributes).not.toContain("Secure");
  });
});

describe("what ends a session", () => {
  it("AdminUserGlobalSignOut", async () => {
    const { browser, username } = await signedIn();
    expect(await silent(browser)).toBe(true);
    await server.sdk.send(new AdminUserGlobalSignOutCommand({ UserPoolId: pool.poolId, Username: username }));
    expect(await silent(browser)).toBe(false);
  });

  it("GlobalSignOut with the user's own access token", async () => {
    const { browser, username } = await signedIn();
    await server.anyone.send(new GlobalSignOutCommand({ AccessToken: await apiToken(username) }));
    expect(await silent(browser)).toBe(false);
  });

  it("AdminDisableUser, and enabling the user again does not revive it", async () => {
    const { browser, username } = await signedIn();
    await server.sdk.send(new AdminDisableUserCommand({ UserPoolId: pool.poolId, Username: username }));
    expect(await silent(browser)).toBe(false);
    await server.sdk.send(new AdminEnableUserCommand({ UserPoolId: pool.poolId, Username: username }));
    expect(await silent(browser)).toBe(false);
  });

  it("AdminDeleteUser: the user's sessions go with it", async () => {
    const { browser, username } = await signedIn();
    await server.sdk.send(new AdminDeleteUserCommand({ UserPoolId: pool.poolId, Username: username }));
    expect(await silent(browser)).toBe(false);
    const store = await server.ctx.store();
    const rows = await store.driver.all(
      "SELECT sub FROM browser_sessions WHERE sub NOT IN (SELECT sub FROM users)",
    );
    expect(rows).toEqual([]);
  });

  it("AdminResetUserPassword", async () => {
    const { browser, username } = await signedIn();
    await server.sdk.send(new AdminResetUserPasswordCommand({ UserPoolId: pool.poolId, Username: username }));
    expect(await silent(browser)).toBe(false);
  });

  it("a password change after the sign-in", async () => {
    const { browser, username } = await signedIn();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await server.anyone.send(
      new ChangePasswordCommand({
        AccessToken: await apiToken(username),
        PreviousPassword: PASSWORD,
        ProposedPassword: "Another-Horse-8-battery",
      }),
    );
    expect(await silent(browser)).toBe(false);
  });

  it("not another user's sign-out", async () => {
    const { browser } = await signedIn();
    const other = await signedIn();
    await server.sdk.send(
      new AdminUserGlobalSignOutCommand({ UserPoolId: pool.poolId, Username: other.username }),
    );
    expect(await silent(browser)).toBe(true);
  });
});
