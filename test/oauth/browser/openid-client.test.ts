// openid-client (v6) as the relying party of cognate's hosted UI, in real Chromium: discovery, the
// code flow with PKCE and nonce through the sign-in page, the ID token's validation, userinfo,
// refresh and revocation; silent re-authorization from the session cookie, prompt=login and
// max_age=0 forcing a new sign-in; logout in both forms (OIDC RP-initiated and Cognito's).
import {
  AdminUserGlobalSignOutCommand,
  CreateUserPoolClientCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import * as oidc from "openid-client";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import {
  arriveAt,
  browserSuite,
  claimsOf,
  codeAuthorization,
  codeGrant,
  confirmedUser,
  hostedPool,
  type HostedPool,
  newPage,
  oidcConfig,
  pageText,
  screenshot,
  type Started,
  submitSignIn,
} from "./harness.js";

const PASSWORD = "Browser-Pass-2024";
let pool: HostedPool;
let config: oidc.Configuration;
let sub: string;

const suite = browserSuite();

beforeAll(async () => {
  pool = await hostedPool(suite.cognate, [suite.rp.callback], { app: { LogoutURLs: [suite.rp.signedOut] } });
  sub = await confirmedUser(suite.cognate, pool.poolId, "ada", PASSWORD, "ada@example.com");
  config = await oidcConfig(pool);
}, 60_000);

/** An authorization request with PKCE (S256), nonce and state, as openid-client builds it. */
const authorization = (extra: Record<string, string> = {}) =>
  codeAuthorization(config, suite.rp.callback, "openid email profile", extra);

/** The code exchange for where the browser landed, with every check openid-client makes. */
const exchange = (page: Page, started: Started, maxAge?: number) =>
  codeGrant(config, page.url(), started, maxAge);

/** An authorization signed in through the page as ada, the browser back at the callback. */
async function signedIn(page: Page): Promise<Started> {
  const first = await authorization();
  await page.goto(first.url.href);
  await submitSignIn(page, "ada", PASSWORD);
  await arriveAt(page, suite.rp.callback);
  return first;
}

const landedOnCallback = (page: Page) => page.url().startsWith(`${suite.rp.callback}?`);
const signInFormShown = async (page: Page) => (await page.locator('input[name="password"]').count()) > 0;

describe("openid-client against the hosted UI in Chromium", () => {
  it("discovers every endpoint under the issuer, with S256 only", () => {
    const meta = config.serverMetadata();
    expect(meta.issuer).toBe(pool.issuer);
    for (const [key, path] of [
      ["authorization_endpoint", "/oauth2/authorize"],
      ["token_endpoint", "/oauth2/token"],
      ["userinfo_endpoint", "/oauth2/userInfo"],
      ["revocation_endpoint", "/oauth2/revoke"],
      ["jwks_uri", "/.well-known/jwks.json"],
    ] as const)
      expect(meta[key], key).toBe(`${pool.issuer}${path}`);
    expect(meta.end_session_endpoint?.startsWith(`${pool.issuer}/`), meta.end_session_endpoint).toBe(true);
    expect(meta.code_challenge_methods_supported).toEqual(["S256"]);
    expect(meta.grant_types_supported).toEqual(
      expect.arrayContaining(["authorization_code", "refresh_token", "client_credentials"]),
    );
    expect(meta.token_endpoint_auth_methods_supported).toEqual(
      expect.arrayContaining(["client_secret_basic", "client_secret_post"]),
    );
    expect(meta.scopes_supported).toEqual(expect.arrayContaining(["openid", "email", "profile"]));
  });

  it("signs in through the page: code flow with PKCE and nonce, verified tokens, userinfo, refresh, revoke, logout", async () => {
    const { context, page } = await newPage(suite.browser);
    try {
      const started = await authorization({ login_hint: "ada" });
      const shown = await page.goto(started.url.href);
      expect(shown?.status()).toBe(200);
      expect(new URL(page.url()).pathname).toBe(`/${pool.poolId}/login`);
      // login_hint pre-fills the username.
      expect(await page.locator('input[name="username"]').inputValue()).toBe("ada");
      await screenshot(page, "sign-in");

      // A wrong password: the page again, with the error, and no navigation to the client.
      await submitSignIn(page, "ada", "Wrong-Pass-0000");
      await page.waitForLoadState();
      expect(new URL(page.url()).pathname).toBe(`/${pool.poolId}/login`);
      expect(await pageText(page)).toMatch(/incorrect username or password/i);
      await screenshot(page, "sign-in-error");
      expect(suite.rp.seen.some((u) => u.pathname === "/callback")).toBe(false);

      await submitSignIn(page, "ada", PASSWORD);
      await arriveAt(page, suite.rp.callback);
      const landed = new URL(page.url());
      expect(landed.searchParams.get("state")).toBe(started.state);
      expect(landed.searchParams.get("code")).toMatch(/^[\w-]{20,}$/);

      const tokens = await exchange(page, started);
      const id = tokens.claims()!;
      expect(id).toMatchObject({
        iss: pool.issuer,
        aud: pool.clientId,
        sub,
        nonce: started.nonce,
        token_use: "id",
        email: "ada@example.com",
        "cognito:username": "ada",
      });
      expect(id.at_hash).toBeTypeOf("string");
      expect(id.amr).toEqual(["pwd"]);
      expect(Math.abs((id.auth_time as number) - Date.now() / 1000)).toBeLessThan(60);
      const access = claimsOf(tokens.access_token);
      expect(access).toMatchObject({ iss: pool.issuer, sub, client_id: pool.clientId, token_use: "access" });
      expect(String(access.scope).split(" ").sort()).toEqual(["email", "openid", "profile"]);
      expect(tokens.token_type.toLowerCase()).toBe("bearer");
      expect(tokens.refresh_token).toBeTypeOf("string");

      const info = await oidc.fetchUserInfo(config, tokens.access_token, sub);
      expect(info).toMatchObject({ sub, email: "ada@example.com", username: "ada" });
      expect(info.email_verified).toBeTruthy();

      const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
      expect(refreshed.claims()).toMatchObject({ sub, aud: pool.clientId, iss: pool.issuer });
      expect(claimsOf(refreshed.access_token).scope).toBe(access.scope);

      // Revoking the refresh token ends its family: the next refresh is invalid_grant.
      await oidc.tokenRevocation(config, tokens.refresh_token!, { token_type_hint: "refresh_token" });
      const afterRevoke = await oidc.refreshTokenGrant(config, tokens.refresh_token!).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(afterRevoke).toBeInstanceOf(oidc.ResponseBodyError);
      expect((afterRevoke as oidc.ResponseBodyError).error).toBe("invalid_grant");

      // OIDC RP-initiated logout back to a registered URL; then the session is gone.
      const logout = oidc.buildEndSessionUrl(config, {
        id_token_hint: tokens.id_token!,
        post_logout_redirect_uri: suite.rp.signedOut,
        state: "bye",
      });
      await page.goto(logout.href);
      expect(page.url().startsWith(suite.rp.signedOut)).toBe(true);
      expect(new URL(page.url()).searchParams.get("state")).toBe("bye");
      const again = await authorization();
      await page.goto(again.url.href);
      expect(new URL(page.url()).pathname).toBe(`/${pool.poolId}/login`);
      expect(await signInFormShown(page)).toBe(true);
    } finally {
      await context.close();
    }
  });

  it("authorizes again silently from the session; prompt=login and max_age=0 ask for the password again", async () => {
    const { context, page } = await newPage(suite.browser);
    try {
      const first = await signedIn(page);
      const firstId = (await exchange(page, first)).claims()!;
      const cookies = await context.cookies(`${pool.issuer}/login`);
      const session = cookies.find((c) => /cognito$/.test(c.name));
      expect(session, JSON.stringify(cookies.map((c) => c.name))).toBeDefined();
      expect(session!.httpOnly).toBe(true);
      expect(session!.sameSite).toBe("Lax");

      // The session cookie: straight back to the client, no form, the same sign-in time.
      const silent = await authorization();
      await page.goto(silent.url.href);
      expect(landedOnCallback(page)).toBe(true);
      const silentId = (await exchange(page, silent)).claims()!;
      expect(silentId.sub).toBe(sub);
      expect(silentId.nonce).toBe(silent.nonce);
      expect(silentId.auth_time).toBe(firstId.auth_time);

      // prompt=none with a session: silent too.
      const none = await authorization({ prompt: "none" });
      await page.goto(none.url.href);
      expect(landedOnCallback(page)).toBe(true);
      expect((await exchange(page, none)).claims()!.auth_time).toBe(firstId.auth_time);

      // auth_time has a resolution of seconds: the forced sign-ins must be later ones.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      for (const forcing of [{ prompt: "login" }, { max_age: "0" }] as Record<string, string>[]) {
        const forced = await authorization(forcing);
        await page.goto(forced.url.href);
        expect(new URL(page.url()).pathname, JSON.stringify(forcing)).toBe(`/${pool.poolId}/login`);
        expect(await signInFormShown(page), JSON.stringify(forcing)).toBe(true);
        await submitSignIn(page, "ada", PASSWORD);
        await arriveAt(page, suite.rp.callback);
        const forcedId = (await exchange(page, forced, forcing.max_age === "0" ? 0 : undefined)).claims()!;
        expect(forcedId.auth_time as number, JSON.stringify(forcing)).toBeGreaterThan(
          firstId.auth_time as number,
        );
      }
    } finally {
      await context.close();
    }
  });

  it("prompt=none without a session is login_required at the client; Cognito's logout form ends the session", async () => {
    const { context, page } = await newPage(suite.browser);
    try {
      const none = await authorization({ prompt: "none" });
      await page.goto(none.url.href);
      expect(landedOnCallback(page)).toBe(true);
      const refused = new URL(page.url()).searchParams;
      expect(refused.get("error")).toBe("login_required");
      expect(refused.get("state")).toBe(none.state);
      expect(refused.get("code")).toBeNull();

      const first = await signedIn(page);
      await exchange(page, first);

      // /logout?client_id=&logout_uri= (a registered LogoutURL): back to the client, session gone.
      const logout = new URL(`${pool.issuer}/logout`);
      logout.searchParams.set("client_id", pool.clientId);
      logout.searchParams.set("logout_uri", suite.rp.signedOut);
      await page.goto(logout.href);
      expect(page.url()).toBe(suite.rp.signedOut);
      const after = await authorization({ prompt: "none" });
      await page.goto(after.url.href);
      expect(new URL(page.url()).searchParams.get("error")).toBe("login_required");
    } finally {
      await context.close();
    }
  });

  it("lets the session authorize another client of the pool silently, until AdminUserGlobalSignOut ends it", async () => {
    const { UserPoolClient } = await suite.cognate.sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: pool.poolId,
        ClientName: "second",
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ["code"],
        AllowedOAuthScopes: ["openid"],
        CallbackURLs: [suite.rp.callback],
        SupportedIdentityProviders: ["COGNITO"],
      }),
    );
    const second = UserPoolClient!.ClientId!;
    const secondAuthorization = async (state: string) => {
      const url = new URL(`${pool.issuer}/oauth2/authorize`);
      url.search = new URLSearchParams({
        response_type: "code",
        client_id: second,
        redirect_uri: suite.rp.callback,
        scope: "openid",
        state,
        prompt: "none",
        code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
        code_challenge_method: "S256",
      }).toString();
      return url.href;
    };
    const { context, page } = await newPage(suite.browser);
    try {
      await signedIn(page);

      await page.goto(await secondAuthorization("other-client"));
      const silent = new URL(page.url());
      expect(silent.href.startsWith(`${suite.rp.callback}?`)).toBe(true);
      expect(silent.searchParams.get("state")).toBe("other-client");
      expect(silent.searchParams.get("code")).toBeTruthy();

      await suite.cognate.sdk.send(
        new AdminUserGlobalSignOutCommand({ UserPoolId: pool.poolId, Username: "ada" }),
      );
      await page.goto(await secondAuthorization("after-sign-out"));
      const ended = new URL(page.url()).searchParams;
      expect(ended.get("error")).toBe("login_required");
      expect(ended.get("state")).toBe("after-sign-out");
    } finally {
      await context.close();
    }
  });
});
