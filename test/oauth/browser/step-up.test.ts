// The RFC 9470 step-up loop, end to end: a gateway route with requireMfa answers a password-only
// token from the hosted UI with the challenge; the browser goes back to /oauth2/authorize with the
// challenge's acr_values and max_age, the page asks for the TOTP code, and the new token passes.
import {
  AssociateSoftwareTokenCommand,
  InitiateAuthCommand,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  VerifySoftwareTokenCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import type * as oidc from "openid-client";
import { generate } from "otplib";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { challenge } from "../../helpers/app.js";
import {
  arriveAt,
  browserSuite,
  claimsOf,
  codeAuthorization,
  codeGrant,
  type Cognate,
  confirmedUser,
  hostedPool,
  type HostedPool,
  newPage,
  oidcConfig,
  screenshot,
  startCognate,
  submitCode,
  submitSignIn,
} from "./harness.js";

const PASSWORD = "Step-Up-Pass-2024";
let gateway: Cognate;
let pool: HostedPool;
let config: oidc.Configuration;

// The relying party is also the upstream of the gateway's route.
const suite = browserSuite({
  rp: { extend: (app) => app.get("/api/admin/report", (c) => c.text("the report")) },
});

beforeAll(async () => {
  pool = await hostedPool(suite.cognate, [suite.rp.callback]);
  await suite.cognate.sdk.send(
    new SetUserPoolMfaConfigCommand({
      UserPoolId: pool.poolId,
      MfaConfiguration: "OPTIONAL",
      SoftwareTokenMfaConfiguration: { Enabled: true },
    }),
  );
  // A second cognate as the gateway: its route trusts the first one's pool by its JWKS over HTTP.
  gateway = await startCognate({
    config: {
      routes: [
        {
          path: "/api/*",
          upstream: suite.rp.url,
          auth: {
            issuers: [
              {
                type: "cognito",
                userPoolId: pool.poolId,
                clientId: pool.clientId,
                tokenUse: "access",
                issuer: pool.issuer,
              },
            ],
            policies: { routes: [{ path: "/api/admin/*", requireMfa: true, maxAuthAge: 300 }] },
          },
        },
      ],
    },
  });
  config = await oidcConfig(pool);
}, 90_000);
afterAll(async () => {
  await gateway?.close();
});

/** A code-flow authorization in the browser up to the tokens, the page's steps in `signIn`. */
async function codeFlow(page: Page, extra: Record<string, string>, signIn: () => Promise<void>) {
  const started = await codeAuthorization(config, suite.rp.callback, "openid email", extra);
  await page.goto(started.url.href);
  await signIn();
  await arriveAt(page, suite.rp.callback);
  return codeGrant(config, page.url(), started);
}

const report = (token: string) =>
  fetch(`${gateway.url}/api/admin/report`, { headers: { authorization: `Bearer ${token}` } });

describe("step-up through the hosted UI", () => {
  it("a password-only token gets the RFC 9470 challenge; after TOTP on the page the new token passes", async () => {
    await confirmedUser(suite.cognate, pool.poolId, "stepper", PASSWORD);
    const { context, page } = await newPage(suite.browser);
    try {
      // 1. A password sign-in on the page: amr ["pwd"].
      const first = await codeFlow(page, {}, () => submitSignIn(page, "stepper", PASSWORD));
      expect(claimsOf(first.access_token).amr).toEqual(["pwd"]);

      // The user enrols an authenticator (through the API, with a token of their own).
      const api = await suite.cognate.sdk.send(
        new InitiateAuthCommand({
          ClientId: pool.clientId,
          AuthFlow: "USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: "stepper", PASSWORD, SECRET_HASH: await secretHash("stepper") },
        }),
      );
      const AccessToken = api.AuthenticationResult!.AccessToken!;
      const { SecretCode } = await suite.cognate.sdk.send(new AssociateSoftwareTokenCommand({ AccessToken }));
      await suite.cognate.sdk.send(
        new VerifySoftwareTokenCommand({ AccessToken, UserCode: await generate({ secret: SecretCode! }) }),
      );
      await suite.cognate.sdk.send(
        new SetUserMFAPreferenceCommand({
          AccessToken,
          SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
        }),
      );

      // 2. The gateway's MFA route: the challenge, and nothing forwarded.
      const denied = await report(first.access_token);
      expect(denied.status).toBe(401);
      const asked = challenge(denied);
      expect(asked).toMatchObject({
        error: "insufficient_user_authentication",
        acr_values: "mfa",
        max_age: "300",
      });
      expect(suite.rp.seen.some((u) => u.pathname === "/api/admin/report")).toBe(false);

      // 3. Back to the authorization endpoint with what the challenge asks: the browser session is
      // password-only, so the page asks again, down to the TOTP code.
      const stepped = await codeFlow(
        page,
        { acr_values: asked.acr_values!, max_age: asked.max_age! },
        async () => {
          expect(page.url().startsWith(suite.rp.callback)).toBe(false);
          if ((await page.locator('input[name="password"]').count()) > 0)
            await submitSignIn(page, "stepper", PASSWORD);
          await page.waitForSelector('input[name="code"]');
          await screenshot(page, "step-up-code");
          await submitCode(
            page,
            await generate({ secret: SecretCode!, epoch: Math.floor(Date.now() / 1000) + 30 }),
          );
        },
      );
      const amr = claimsOf(stepped.access_token).amr as string[];
      expect(
        amr.some((f) => f === "mfa" || f === "otp"),
        JSON.stringify(amr),
      ).toBe(true);
      const id = stepped.claims()!;
      expect(id.auth_time as number).toBeGreaterThanOrEqual(claimsOf(first.id_token!).auth_time as number);

      // 4. The new token passes the route, and the upstream answers.
      const passed = await report(stepped.access_token);
      expect(passed.status).toBe(200);
      expect(await passed.text()).toBe("the report");
    } finally {
      await context.close();
    }
  });
});

/** Cognito's SECRET_HASH for the client's secret: Base64(HMAC-SHA256(secret, username + clientId)). */
async function secretHash(username: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(pool.clientSecret!),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(username + pool.clientId));
  return Buffer.from(mac).toString("base64");
}
