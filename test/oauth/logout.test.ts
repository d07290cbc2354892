// /logout over the wire: Cognito's client_id + logout_uri and redirect_uri forms, OIDC
// RP-Initiated Logout with id_token_hint + post_logout_redirect_uri; look-alike and unregistered
// URIs get the error page (never a redirect); the session cookie is cleared every time.
import { describe, expect, it } from "vitest";
import { InitiateAuthCommand } from "@aws-sdk/client-cognito-identity-provider";
import { Browser, CALLBACK, hostedPool, LOGOUT } from "./pages-harness.js";
import { passwordUser, suiteServer, unique } from "./server.js";

const server = suiteServer();

async function idToken(poolId: string, clientId: string): Promise<string> {
  const username = unique("out");
  await passwordUser(server, poolId, username, "Passw0rd-long", { email: `${username}@example.com` });
  const out = await server.sdk.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: "USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: username, PASSWORD: "Passw0rd-long" },
    }),
  );
  return out.AuthenticationResult!.IdToken!;
}

/** A GET of /logout with these parameters, from a browser holding a (stale) session cookie. */
async function logout(base: string, params: Record<string, string>, init: RequestInit = {}) {
  const browser = new Browser();
  browser.cookies.set("cognito", "A".repeat(43));
  const query = new URLSearchParams(params).toString();
  const response = await browser.fetch(`${base}/logout${init.method === "POST" ? "" : `?${query}`}`, {
    ...init,
    ...(init.method === "POST" && {
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: query,
    }),
  });
  const cleared = response.headers.getSetCookie().some((c) => /^cognito=;/.test(c) && /Max-Age=0/i.test(c));
  return { response, cleared, browser, html: await response.text() };
}

describe("/logout", () => {
  it("client_id + logout_uri: a registered LogoutURL only, exactly; the cookie cleared either way", async () => {
    const { clientId, base } = await hostedPool(server);
    const ok = await logout(base, { client_id: clientId, logout_uri: LOGOUT });
    expect(ok.response.status).toBe(302);
    expect(ok.response.headers.get("location")).toBe(LOGOUT);
    expect(ok.cleared).toBe(true);
    expect(ok.browser.cookies.has("cognito")).toBe(false);
    for (const lookAlike of [
      `${LOGOUT}/`,
      LOGOUT.toUpperCase(),
      `${LOGOUT}?next=https://evil.example`,
      `${LOGOUT}.evil.example`,
      "https://app.example.com.evil.example/signed-out",
      "https://evil.example/",
      CALLBACK, // a callback URL is no logout URL
    ]) {
      const refused = await logout(base, { client_id: clientId, logout_uri: lookAlike });
      expect(refused.response.status, lookAlike).toBe(400);
      expect(refused.response.headers.get("location"), lookAlike).toBeNull();
      expect(refused.html).toContain("An error was encountered with the requested page.");
      expect(refused.html).toContain("redirect_mismatch");
      expect(refused.cleared).toBe(true);
    }
    const unknownClient = await logout(base, { client_id: "nosuchclient1234567890abcd", logout_uri: LOGOUT });
    expect(unknownClient.response.status).toBe(400);
    expect(unknownClient.response.headers.get("location")).toBeNull();
    const nothing = await logout(base, { client_id: clientId });
    expect(nothing.response.status).toBe(400);
    expect(nothing.cleared).toBe(true);
  });

  it("client_id + redirect_uri + response_type: on to /login with those parameters", async () => {
    const { poolId, clientId, base } = await hostedPool(server);
    const { response, cleared } = await logout(base, {
      client_id: clientId,
      redirect_uri: CALLBACK,
      response_type: "code",
      state: "s1",
      scope: "openid",
    });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location")!, server.url);
    expect(location.pathname).toBe(`/${poolId}/login`);
    expect(Object.fromEntries(location.searchParams)).toEqual({
      client_id: clientId,
      redirect_uri: CALLBACK,
      response_type: "code",
      state: "s1",
      scope: "openid",
    });
    expect(cleared).toBe(true);
  });

  it("RP-initiated: id_token_hint + post_logout_redirect_uri + state (GET and POST)", async () => {
    const { poolId, clientId, base } = await hostedPool(server);
    const hint = await idToken(poolId, clientId);
    for (const method of ["GET", "POST"]) {
      const { response, cleared } = await logout(
        base,
        { id_token_hint: hint, post_logout_redirect_uri: LOGOUT, state: "xyz" },
        { method },
      );
      expect(response.status, method).toBe(302);
      expect(response.headers.get("location")).toBe(`${LOGOUT}?state=xyz`);
      expect(cleared).toBe(true);
    }
    // Without a post-logout URI: the signed-out page.
    const page = await logout(base, { id_token_hint: hint });
    expect(page.response.status).toBe(200);
    expect(page.html).toContain("You have been signed out.");
    // client_id instead of the hint.
    const byClient = await logout(base, { client_id: clientId, post_logout_redirect_uri: LOGOUT });
    expect(byClient.response.headers.get("location")).toBe(LOGOUT);
  });

  it("RP-initiated: refuses an unregistered post-logout URI, a hint of another pool or client, a forged hint", async () => {
    const { poolId, clientId, base } = await hostedPool(server);
    const other = await hostedPool(server);
    const hint = await idToken(poolId, clientId);
    const foreign = await idToken(other.poolId, other.clientId);
    const [header, payload] = hint.split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString("utf8")) as Record<string, unknown>;
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: "someone-else" })).toString("base64url")}.${hint.split(".")[2]}`;
    for (const [why, params] of [
      ["unregistered", { id_token_hint: hint, post_logout_redirect_uri: "https://evil.example/" }],
      ["look-alike", { id_token_hint: hint, post_logout_redirect_uri: `${LOGOUT}/` }],
      ["other pool's token", { id_token_hint: foreign, post_logout_redirect_uri: LOGOUT }],
      ["tampered token", { id_token_hint: tampered, post_logout_redirect_uri: LOGOUT }],
      ["garbage", { id_token_hint: "e30.e30.e30", post_logout_redirect_uri: LOGOUT }],
      [
        "client mismatch",
        { id_token_hint: hint, client_id: other.clientId, post_logout_redirect_uri: LOGOUT },
      ],
      ["no client at all", { post_logout_redirect_uri: LOGOUT }],
    ] as const) {
      const refused = await logout(base, params);
      expect(refused.response.status, why).toBe(400);
      expect(refused.response.headers.get("location"), why).toBeNull();
      expect(refused.cleared, why).toBe(true);
    }
  });

  it("ends the browser session a sign-in through /login started: the old cookie no longer authorizes silently", async () => {
    const { poolId, clientId, base, query } = await hostedPool(server);
    const username = unique("session");
    await passwordUser(server, poolId, username, "Passw0rd-long", { email: `${username}@example.com` });
    const browser = new Browser();
    const form = await browser.page(`${base}/login?${query}`);
    const signedIn = await browser.submit(`${base}/login?${query}`, form.html, {
      username,
      password: "Passw0rd-long",
    });
    expect(signedIn.response.status).toBe(303);
    expect(signedIn.response.headers.get("location")).toMatch(
      /^https:\/\/app\.example\.com\/callback\?code=/,
    );
    const session = browser.cookies.get("cognito");
    expect(session).toBeDefined();
    // With the session, /login grants at once.
    const silent = await browser.fetch(`${base}/login?${query}`);
    expect(silent.status).toBe(302);
    expect(silent.headers.get("location")).toMatch(/^https:\/\/app\.example\.com\/callback\?code=/);

    const out = await browser.fetch(
      `${base}/logout?client_id=${clientId}&logout_uri=${encodeURIComponent(LOGOUT)}`,
    );
    expect(out.status).toBe(302);
    expect(browser.cookies.has("cognito")).toBe(false);
    // The old cookie, kept by an attacker or a stale tab, is dead on the server too.
    const replay = new Browser();
    replay.cookies.set("cognito", session!);
    const after = await replay.page(`${base}/login?${query}`);
    expect(after.response.status).toBe(200);
    expect(after.html).toContain('name="password"');
  });

  it("the /error page names the error as text and builds no link from the request", async () => {
    const { base } = await hostedPool(server);
    const browser = new Browser();
    const { response, html } = await browser.page(
      `${base}/error?error=redirect_mismatch&client_id=${encodeURIComponent('"><a href="https://evil.example">x</a>')}`,
    );
    expect(response.status).toBe(400);
    expect(html).toContain("An error was encountered with the requested page.");
    expect(html).toContain("redirect_mismatch");
    expect(html).not.toContain("evil.example");
    const unknown = await browser.page(
      `${base}/error?error=${encodeURIComponent("<script>alert(1)</script>")}`,
    );
    expect(unknown.html).not.toContain("<script>");
    expect(unknown.html).toContain("invalid_request");
  });
});
