// The account pages in real Chromium, with openid-client finishing each flow at the relying party:
// sign-up with the code from the outbox, forgot password and reset, TOTP set-up from the page (the
// secret read from the text beside the QR code, codes made with otplib) and the MFA sign-in after.
import { SetUserPoolMfaConfigCommand } from "@aws-sdk/client-cognito-identity-provider";
import type * as oidc from "openid-client";
import { generate } from "otplib";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  arriveAt,
  browserSuite,
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
  submitCode,
  submitSignIn,
  unique,
} from "./harness.js";

const PASSWORD = "Account-Pass-2024";

const suite = browserSuite();

interface Flow extends Started {
  config: oidc.Configuration;
}

/** Opens the sign-in page of a code-flow authorization request (PKCE, nonce, state). */
async function authorize(page: Page, pool: HostedPool): Promise<Flow> {
  const config = await oidcConfig(pool);
  const started = await codeAuthorization(config, suite.rp.callback, "openid email");
  await page.goto(started.url.href);
  expect(new URL(page.url()).pathname).toBe(`/${pool.poolId}/login`);
  return { config, ...started };
}

/** The ID token's claims once the browser is back at the client. */
async function finish(page: Page, flow: Flow) {
  await arriveAt(page, suite.rp.callback);
  const tokens = await codeGrant(config(flow), page.url(), flow);
  return tokens.claims()!;
}
const config = (flow: Flow) => flow.config;

/** Where a page's form lands after a submit: the client's callback, or the sign-in page again. */
async function callbackOrSignIn(page: Page, poolId: string) {
  await arriveAt(page, (u) => u.href.startsWith(suite.rp.callback) || u.pathname === `/${poolId}/login`);
  return page.url().startsWith(suite.rp.callback) ? "callback" : "login";
}

const pathOf = (page: Page) => new URL(page.url()).pathname;

/** The TOTP secret printed on the page: a line of base32 (maybe grouped by spaces or hyphens). */
function secretIn(text: string): string | undefined {
  for (const line of text.split("\n")) {
    const joined = line
      .slice(line.lastIndexOf(":") + 1)
      .trim()
      .replace(/[ -]/g, "");
    if (/^[A-Z2-7]{16,}=*$/.test(joined)) return joined.replace(/=+$/, "");
  }
  return undefined;
}

describe("account pages in Chromium", () => {
  it("signs up with the emailed code and comes back to the client signed in", async () => {
    // The page asks for the pool's required attributes: the email the code goes to.
    const pool = await hostedPool(suite.cognate, [suite.rp.callback], {
      pool: { Schema: [{ Name: "email", AttributeDataType: "String", Required: true, Mutable: true }] },
    });
    const { context, page } = await newPage(suite.browser);
    try {
      const flow = await authorize(page, pool);
      await page.locator('a[href*="/signup"]').first().click();
      await arriveAt(page, (u) => u.pathname === `/${pool.poolId}/signup`);
      // The request travels with the user from page to page.
      expect(new URL(page.url()).searchParams.get("client_id")).toBe(pool.clientId);
      await screenshot(page, "sign-up");
      const username = unique("grace");
      const email = `${username}@example.com`;
      await page.locator('input[name="username"]').fill(username);
      await page
        .locator('input[type="email"], input[name="email"], input[name$="[email]"]')
        .first()
        .fill(email);
      await page.locator('input[name="password"]').first().fill(PASSWORD);
      await page.locator('form:has(input[name="password"]) button[type="submit"]').first().click();

      // The confirmation form (rendered in answer to the sign-up's POST, or after a redirect).
      await page.locator('input[name="code"]').waitFor();
      expect(await pageText(page)).toMatch(/sent a code/i);
      const codeInput = page.locator('input[name="code"]');
      expect(await codeInput.getAttribute("autocomplete")).toBe("one-time-code");
      await screenshot(page, "confirm-sign-up");
      // A wrong code first: the page says so, and the user stays unconfirmed.
      await submitCode(page, "000000");
      await page.waitForLoadState();
      expect(page.url().startsWith(suite.rp.callback)).toBe(false);
      expect(await page.locator('input[name="code"]').count()).toBe(1);
      expect(await pageText(page)).toMatch(/invalid verification code|code mismatch/i);
      await submitCode(page, await suite.cognate.readCode(email));

      if ((await callbackOrSignIn(page, pool.poolId)) === "login")
        await submitSignIn(page, username, PASSWORD);
      const id = await finish(page, flow);
      expect(id).toMatchObject({
        "cognito:username": username,
        email,
        email_verified: true,
        nonce: flow.nonce,
      });
    } finally {
      await context.close();
    }
  });

  it("resets a forgotten password with the emailed code; the old one stops working", async () => {
    const pool = await hostedPool(suite.cognate, [suite.rp.callback]);
    const username = unique("linus");
    const email = `${username}@example.com`;
    const sub = await confirmedUser(suite.cognate, pool.poolId, username, PASSWORD, email);
    const { context, page } = await newPage(suite.browser);
    try {
      const flow = await authorize(page, pool);
      await page.locator('a[href*="/forgotPassword"]').first().click();
      await arriveAt(page, (u) => u.pathname === `/${pool.poolId}/forgotPassword`);
      await screenshot(page, "forgot-password");
      await page.locator('input[name="username"]').fill(username);
      await page.locator('form:has(input[name="username"]) button[type="submit"]').first().click();

      await page.locator('input[name="code"]').waitFor();
      expect(await page.locator('input[name="code"]').getAttribute("autocomplete")).toBe("one-time-code");
      await screenshot(page, "reset-password");
      const newPassword = "Reset-Pass-2025";
      await page.locator('input[name="code"]').fill(await suite.cognate.readCode(email));
      await page.locator('input[name="password"]').fill(newPassword);
      await page.locator('input[name="confirm_password"]').fill(newPassword);
      await page.locator('form:has(input[name="code"]) button[type="submit"]').first().click();

      if ((await callbackOrSignIn(page, pool.poolId)) === "login") {
        await submitSignIn(page, username, PASSWORD);
        await page.waitForLoadState();
        expect(pathOf(page)).toBe(`/${pool.poolId}/login`);
        expect(await pageText(page)).toMatch(/incorrect username or password/i);
        await submitSignIn(page, username, newPassword);
      }
      expect((await finish(page, flow)).sub).toBe(sub);
    } finally {
      await context.close();
    }
  });

  it("sets up TOTP from the page (QR code and secret), then signs in with a TOTP code", async () => {
    const pool = await hostedPool(suite.cognate, [suite.rp.callback]);
    await suite.cognate.sdk.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: pool.poolId,
        MfaConfiguration: "ON",
        SoftwareTokenMfaConfiguration: { Enabled: true },
      }),
    );
    const username = unique("mira");
    const sub = await confirmedUser(suite.cognate, pool.poolId, username, PASSWORD);
    let secret: string;
    {
      const { context, page } = await newPage(suite.browser);
      try {
        const flow = await authorize(page, pool);
        await submitSignIn(page, username, PASSWORD);
        await page.waitForSelector('input[name="code"]');
        // The QR code is an SVG drawn on the server (inline or as a data: image); the secret is printed beside it.
        const qr = page.locator('svg, img[src^="data:image/svg+xml"]').first();
        expect(await qr.count()).toBe(1);
        // Drawn, under the page's CSP (img-src 'self' data:).
        expect(
          await qr.evaluate((e) => (e instanceof HTMLImageElement ? e.complete && e.naturalWidth > 0 : true)),
        ).toBe(true);
        expect(await page.locator("script").count()).toBe(0);
        const text = await pageText(page);
        secret = secretIn(text)!;
        expect(secret, text).toBeDefined();
        await screenshot(page, "mfa-setup");
        await submitCode(page, await generate({ secret }));
        const id = await finish(page, flow);
        expect(id.sub).toBe(sub);
        expect(id.amr).toEqual(expect.arrayContaining(["pwd"]));
        expect((id.amr as string[]).some((f) => f === "mfa" || f === "otp")).toBe(true);
      } finally {
        await context.close();
      }
    }
    {
      const { context, page } = await newPage(suite.browser);
      try {
        const flow = await authorize(page, pool);
        await submitSignIn(page, username, PASSWORD);
        await page.waitForSelector('input[name="code"]');
        expect(page.url().startsWith(suite.rp.callback)).toBe(false);
        expect(await page.locator('input[name="code"]').getAttribute("autocomplete")).toBe("one-time-code");
        await screenshot(page, "mfa-code");
        // The next step's code: the one used at set-up is spent.
        await submitCode(page, await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
        const id = await finish(page, flow);
        expect(id.sub).toBe(sub);
        expect((id.amr as string[]).some((f) => f === "mfa" || f === "otp")).toBe(true);
      } finally {
        await context.close();
      }
    }
  });
});
