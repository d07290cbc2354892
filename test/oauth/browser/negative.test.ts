// What the hosted UI refuses, seen from real Chromium: unregistered and look-alike redirect URIs
// (an error page, never a navigation to them), code replay (which also revokes what the code gave),
// a wrong PKCE verifier, plain PKCE, a form POST without its CSRF token, framing by another origin,
// and the implicit flow for a client that does not have it.
import { CreateUserPoolClientCommand } from "@aws-sdk/client-cognito-identity-provider";
import * as oidc from "openid-client";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import {
  arriveAt,
  browserSuite,
  claimsOf,
  confirmedUser,
  hostedPool,
  type HostedPool,
  newPage,
  oidcConfig,
  pageText,
  screenshot,
  submitSignIn,
} from "./harness.js";

const PASSWORD = "Negative-Pass-2024";
let pool: HostedPool;
let config: oidc.Configuration;

const suite = browserSuite({
  rp: {
    extend: (app) =>
      // Another origin framing whatever `src` names.
      app.get("/frame", (c) =>
        c.html(
          `<!doctype html><title>framer</title><iframe name="victim" src="${encodeURI(c.req.query("src") ?? "")}" width="600" height="600"></iframe>`,
        ),
      ),
  },
});

beforeAll(async () => {
  pool = await hostedPool(suite.cognate, [suite.rp.callback]);
  await confirmedUser(suite.cognate, pool.poolId, "nora", PASSWORD);
  config = await oidcConfig(pool);
}, 60_000);

/** An authorization URL built by hand (`redirect_uri` defaults to the registered callback). */
function authorizeUrl(params: Record<string, string>, clientId = pool.clientId): string {
  const url = new URL(`${pool.issuer}/oauth2/authorize`);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: clientId,
    redirect_uri: suite.rp.callback,
    scope: "openid email",
    state: "st-1",
    ...params,
  }).toString();
  return url.href;
}

/** A signed-in code for a PKCE authorization; the verifier and nonce that go with it. */
async function signedInCode(page: Page) {
  const verifier = oidc.randomPKCECodeVerifier();
  const nonce = oidc.randomNonce();
  await page.goto(
    authorizeUrl({
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      nonce,
    }),
  );
  await submitSignIn(page, "nora", PASSWORD);
  await arriveAt(page, suite.rp.callback);
  return { landed: new URL(page.url()), verifier, nonce };
}

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e as oidc.ResponseBodyError,
  );

describe("the hosted UI's refusals in Chromium", () => {
  it("shows an error page for unregistered and look-alike redirect URIs and never navigates to them", async () => {
    const { context, page } = await newPage(suite.browser);
    const port = Number(new URL(suite.rp.url).port);
    try {
      for (const redirect of [
        `${suite.rp.url}/elsewhere`,
        `${suite.rp.callback}/`,
        `${suite.rp.url}/Callback`,
        `${suite.rp.callback}?next=1`,
        `${suite.rp.callback}#x`,
        `http://127.0.0.1:${port + 1}/callback`,
        `http://localhost:${port}/callback`,
        `https://127.0.0.1:${port}/callback`,
        `http://127.0.0.1:${port}@127.0.0.2/callback`,
      ]) {
        const before = suite.rp.seen.length;
        const response = await page.goto(authorizeUrl({ redirect_uri: redirect }));
        expect(new URL(page.url()).origin, redirect).toBe(suite.cognate.url);
        expect(response?.status(), redirect).toBe(400);
        expect(await pageText(page), redirect).toMatch(/redirect_mismatch/);
        expect(suite.rp.seen.length, redirect).toBe(before);
      }
      await screenshot(page, "error");
      // An unknown client: the error page too.
      const before = suite.rp.seen.length;
      await page.goto(authorizeUrl({}, "1234567890abcdefghijklmnop"));
      expect(new URL(page.url()).origin).toBe(suite.cognate.url);
      expect(await page.locator('input[name="password"]').count()).toBe(0);
      expect(suite.rp.seen.length).toBe(before);
    } finally {
      await context.close();
    }
  });

  it("refuses a replayed code with invalid_grant and revokes the refresh token the code gave", async () => {
    const { context, page } = await newPage(suite.browser);
    try {
      const { landed, verifier, nonce } = await signedInCode(page);
      const checks = { pkceCodeVerifier: verifier, expectedNonce: nonce, expectedState: "st-1" };
      const tokens = await oidc.authorizationCodeGrant(config, landed, checks);
      expect(tokens.claims()!.nonce).toBe(nonce);
      const replayed = await rejection(oidc.authorizationCodeGrant(config, landed, checks));
      expect(replayed).toBeInstanceOf(oidc.ResponseBodyError);
      expect(replayed!.error).toBe("invalid_grant");
      const refreshed = await rejection(oidc.refreshTokenGrant(config, tokens.refresh_token!));
      expect(refreshed).toBeInstanceOf(oidc.ResponseBodyError);
      expect(refreshed!.error).toBe("invalid_grant");
    } finally {
      await context.close();
    }
  });

  it("refuses a code with the wrong PKCE verifier, and plain PKCE", async () => {
    const { context, page } = await newPage(suite.browser);
    try {
      const { landed, nonce } = await signedInCode(page);
      const wrong = await rejection(
        oidc.authorizationCodeGrant(config, landed, {
          pkceCodeVerifier: oidc.randomPKCECodeVerifier(),
          expectedNonce: nonce,
          expectedState: "st-1",
        }),
      );
      expect(wrong).toBeInstanceOf(oidc.ResponseBodyError);
      expect(wrong!.error).toBe("invalid_grant");

      // code_challenge_method=plain: an error redirect to the (registered) client, no code.
      await page.goto(authorizeUrl({ code_challenge: "a".repeat(43), code_challenge_method: "plain" }));
      expect(page.url().startsWith(`${suite.rp.callback}?`)).toBe(true);
      const refused = new URL(page.url()).searchParams;
      expect(refused.get("error")).toBe("invalid_request");
      expect(refused.get("state")).toBe("st-1");
      expect(refused.get("code")).toBeNull();
    } finally {
      await context.close();
    }
  });

  it("refuses the sign-in form without its CSRF token (or with another), and takes it with it", async () => {
    const { context, page } = await newPage(suite.browser);
    try {
      const verifier = oidc.randomPKCECodeVerifier();
      const url = authorizeUrl({
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: "S256",
      });
      for (const tamper of ["remove", "replace"] as const) {
        const callbacks = suite.rp.seen.filter((u) => u.pathname === "/callback").length;
        await page.goto(url);
        const field = page.locator('form:has(input[name="password"]) input[name="_csrf"]');
        expect(await field.count(), tamper).toBe(1);
        // Changing the page's DOM from outside: the page itself runs no script.
        await field.evaluate((input: HTMLInputElement, how) => {
          if (how === "remove") input.remove();
          else input.value = "A".repeat(Math.max(input.value.length, 32));
        }, tamper);
        const posted = page.waitForResponse((r) => r.request().method() === "POST");
        await submitSignIn(page, "nora", PASSWORD);
        const answer = await posted;
        expect(answer.status(), tamper).toBeGreaterThanOrEqual(400);
        await page.waitForLoadState();
        expect(page.url().startsWith(suite.rp.callback), tamper).toBe(false);
        expect(suite.rp.seen.filter((u) => u.pathname === "/callback").length, tamper).toBe(callbacks);
        const cookies = await context.cookies(`${pool.issuer}/login`);
        expect(
          cookies.some((c) => /cognito$/.test(c.name)),
          tamper,
        ).toBe(false);
      }
      // The same form, untouched, signs in.
      await page.goto(url);
      await submitSignIn(page, "nora", PASSWORD);
      await arriveAt(page, suite.rp.callback);
      expect(new URL(page.url()).searchParams.get("code")).toBeTruthy();
    } finally {
      await context.close();
    }
  });

  it("does not render inside another origin's frame (X-Frame-Options and CSP frame-ancestors)", async () => {
    const login = authorizeUrl({});
    const direct = await fetch(`${pool.issuer}/login?${new URL(login).search.slice(1)}`);
    expect(direct.status).toBe(200);
    expect(direct.headers.get("x-frame-options")).toBe("DENY");
    expect(direct.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");

    const { context, page } = await newPage(suite.browser);
    try {
      await page.goto(`${suite.rp.url}/frame?src=${encodeURIComponent(login)}`, { waitUntil: "load" });
      const frame = page.frame({ name: "victim" });
      expect(frame).not.toBeNull();
      // Chromium replaces a refused frame by its own error document: no form of cognate's in it.
      expect(await frame!.locator('input[name="password"]').count()).toBe(0);
      expect(frame!.url().startsWith(suite.cognate.url)).toBe(false);
    } finally {
      await context.close();
    }
  });

  it("refuses the implicit flow to a client without it, and grants it to one that has it", async () => {
    const { context, page } = await newPage(suite.browser);
    try {
      await page.goto(authorizeUrl({ response_type: "token", nonce: "n-1" }));
      const refused = new URL(page.url());
      expect(refused.href.startsWith(suite.rp.callback)).toBe(true);
      const answer = new URLSearchParams(refused.hash.slice(1) || refused.search.slice(1));
      expect(answer.get("error")).toBe("unauthorized_client");
      expect(refused.href).not.toContain("access_token");

      const { UserPoolClient } = await suite.cognate.sdk.send(
        new CreateUserPoolClientCommand({
          UserPoolId: pool.poolId,
          ClientName: "spa",
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthFlows: ["implicit"],
          AllowedOAuthScopes: ["openid", "email"],
          CallbackURLs: [suite.rp.callback],
          SupportedIdentityProviders: ["COGNITO"],
        }),
      );
      const spa = UserPoolClient!.ClientId!;
      await page.goto(authorizeUrl({ response_type: "token", nonce: "n-2" }, spa));
      await submitSignIn(page, "nora", PASSWORD);
      await arriveAt(page, suite.rp.callback);
      const granted = new URL(page.url());
      expect(granted.search).toBe("");
      const fragment = new URLSearchParams(granted.hash.slice(1));
      expect(fragment.get("state")).toBe("st-1");
      expect(fragment.get("token_type")?.toLowerCase()).toBe("bearer");
      expect(fragment.get("refresh_token")).toBeNull();
      expect(claimsOf(fragment.get("id_token")!)).toMatchObject({ aud: spa, nonce: "n-2" });
      expect(claimsOf(fragment.get("access_token")!)).toMatchObject({ client_id: spa, token_use: "access" });
    } finally {
      await context.close();
    }
  });
});
