// @hono/oidc-auth (Hono's own OIDC middleware) protecting a Hono app with cognate as its issuer,
// configured only by its documented environment variables, and Chromium signing in through it.
import { getAuth, oidcAuthMiddleware, processOAuthCallback, revokeSession } from "@hono/oidc-auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  browserSuite,
  confirmedUser,
  hostedPool,
  type HostedPool,
  newPage,
  pageText,
  submitSignIn,
} from "./harness.js";

const PASSWORD = "Hono-Oidc-Pass-1";
const ENV = [
  "OIDC_ISSUER",
  "OIDC_CLIENT_ID",
  "OIDC_CLIENT_SECRET",
  "OIDC_AUTH_SECRET",
  "OIDC_REDIRECT_URI",
] as const;
let pool: HostedPool;
let sub: string;

const suite = browserSuite({
  rp: {
    extend: (hono) => {
      hono.get("/callback", (c) => processOAuthCallback(c));
      hono.get("/logout", async (c) => {
        await revokeSession(c);
        return c.text("signed out of the app");
      });
      hono.use("/private/*", oidcAuthMiddleware());
      hono.get("/private/me", async (c) => c.json(await getAuth(c)));
    },
  },
});

beforeAll(async () => {
  // Every standard scope allowed: the middleware asks for all of the discovery's scopes_supported.
  pool = await hostedPool(suite.cognate, [suite.rp.callback], {
    app: { AllowedOAuthScopes: ["openid", "email", "phone", "profile", "aws.cognito.signin.user.admin"] },
  });
  sub = await confirmedUser(suite.cognate, pool.poolId, "hono", PASSWORD, "hono@example.com");
  // The README's configuration: environment variables (hono/adapter's env() reads process.env on Node).
  Object.assign(process.env, {
    OIDC_ISSUER: pool.issuer,
    OIDC_CLIENT_ID: pool.clientId,
    OIDC_CLIENT_SECRET: pool.clientSecret!,
    OIDC_AUTH_SECRET: crypto.randomUUID() + crypto.randomUUID(),
    OIDC_REDIRECT_URI: "/callback",
  });
}, 60_000);
afterAll(async () => {
  for (const name of ENV) delete process.env[name];
});

describe("@hono/oidc-auth with cognate as its issuer", () => {
  it("sends the browser to the hosted UI and lets it into the protected page after sign-in", async () => {
    const { context, page } = await newPage(suite.browser);
    try {
      await page.goto(`${suite.rp.url}/private/me`);
      const login = new URL(page.url());
      expect(login.origin).toBe(suite.cognate.url);
      expect(login.pathname).toBe(`/${pool.poolId}/login`);
      expect(login.searchParams.get("client_id")).toBe(pool.clientId);
      expect(login.searchParams.get("code_challenge_method")).toBe("S256");

      await submitSignIn(page, "hono", PASSWORD);
      await page.waitForURL(`${suite.rp.url}/private/me`);
      const auth = JSON.parse(await pageText(page)) as Record<string, unknown>;
      expect(auth).toMatchObject({ sub, email: "hono@example.com" });
      // The middleware keeps the refresh token (it needs one) in its own session.
      expect(auth.rtk).toBeTypeOf("string");

      // Its session cookie holds: the page again without the hosted UI.
      const again = await page.goto(`${suite.rp.url}/private/me`);
      expect(again?.status()).toBe(200);
      expect(page.url()).toBe(`${suite.rp.url}/private/me`);

      // Signing out of the app (it revokes the refresh token at cognate), then the page asks again;
      // cognate's own session still signs the user in without the form.
      await page.goto(`${suite.rp.url}/logout`);
      expect(await pageText(page)).toBe("signed out of the app");
      await page.goto(`${suite.rp.url}/private/me`);
      expect(page.url()).toBe(`${suite.rp.url}/private/me`);
      expect(JSON.parse(await pageText(page))).toMatchObject({ sub });
    } finally {
      await context.close();
    }

    // Another browser (no cookies): the protected page is not served, the hosted UI is.
    const stranger = await newPage(suite.browser);
    try {
      await stranger.page.goto(`${suite.rp.url}/private/me`);
      expect(new URL(stranger.page.url()).pathname).toBe(`/${pool.poolId}/login`);
    } finally {
      await stranger.context.close();
    }
  });
});
