// The code flow against `wrangler dev` (workerd, D1): the hosted UI served by the Worker, Chromium
// signing in through its page, openid-client verifying the tokens and reading userinfo.
import * as oidc from "openid-client";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWranglerDev, type WranglerDev } from "../../helpers/wrangler-dev.js";
import {
  arriveAt,
  codeAuthorization,
  codeGrant,
  confirmedUser,
  hostedPool,
  launchBrowser,
  newPage,
  oidcConfig,
  relyingParty,
  type RelyingParty,
  submitSignIn,
} from "./harness.js";
import { adminSdk } from "../server.js";

let dev: WranglerDev | undefined;
let browser: Browser;
let rp: RelyingParty;

beforeAll(async () => {
  [dev, browser, rp] = await Promise.all([
    startWranglerDev("cognate-browser-worker"),
    launchBrowser(),
    relyingParty(),
  ]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await rp?.close();
  await dev?.stop();
});

describe("the hosted UI on wrangler dev", () => {
  it("runs the code flow with PKCE and nonce through the Worker's sign-in page", async () => {
    const { endpoint } = dev!;
    const cognate = { sdk: adminSdk(endpoint, await dev!.adminKeys()), publicUrl: endpoint };
    const pool = await hostedPool(cognate, [rp.callback]);
    const sub = await confirmedUser(cognate, pool.poolId, "wendy", "Worker-Pass-2024", "wendy@example.com");
    const config = await oidcConfig(pool);
    expect(config.serverMetadata().authorization_endpoint).toBe(`${pool.issuer}/oauth2/authorize`);

    const started = await codeAuthorization(config, rp.callback, "openid email");
    const { url, verifier, nonce } = started;
    const { context, page } = await newPage(browser);
    try {
      await page.goto(url.href);
      expect(new URL(page.url()).pathname).toBe(`/${pool.poolId}/login`);
      expect((await page.context().request.get(page.url())).headers()["x-frame-options"]).toBe("DENY");
      await submitSignIn(page, "wendy", "Worker-Pass-2024");
      await arriveAt(page, rp.callback);
      const tokens = await codeGrant(config, page.url(), started);
      expect(tokens.claims()).toMatchObject({ iss: pool.issuer, aud: pool.clientId, sub, nonce });
      const info = await oidc.fetchUserInfo(config, tokens.access_token, sub);
      expect(info).toMatchObject({ sub, email: "wendy@example.com" });
      const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
      expect(refreshed.claims()?.sub).toBe(sub);

      // The session cookie set by the Worker: a second authorization is silent.
      const again = oidc.buildAuthorizationUrl(config, {
        redirect_uri: rp.callback,
        scope: "openid",
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: "S256",
        state: "again",
      });
      await page.goto(again.href);
      expect(page.url().startsWith(`${rp.callback}?`)).toBe(true);
      expect(new URL(page.url()).searchParams.get("code")).toBeTruthy();
    } finally {
      await context.close();
    }
  });
});
