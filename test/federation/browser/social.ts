// What the social providers' Chromium suites share: a pool of the browser suite's cognate with one
// social identity provider pointing at its loopback stand-in (shown with its consent page), an app
// client of openid-client's, the walk through the stand-in's page, and the user as AdminGetUser
// sees it.
import {
  AdminGetUserCommand,
  type AdminGetUserCommandOutput,
  type CreateIdentityProviderCommandInput,
  CreateIdentityProviderCommand,
  CreateUserPoolClientCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import type * as oidc from "openid-client";
import type { Page, Response } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import {
  arriveAt,
  type BrowserSuite,
  browserSuite,
  codeAuthorization,
  codeGrant,
  type HostedPool,
  hostedPool,
  newPage,
  oidcConfig,
  type Started,
} from "../../oauth/browser/harness.js";

/** A pool with the provider, the app's client and its openid-client configuration. */
export interface SocialPool extends HostedPool {
  provider: string;
  config: oidc.Configuration;
  /** cognate's redirect URI at the provider. */
  idpResponse: string;
}

/**
 * A case-insensitive pool with `idp` (its stand-in registered `redirectUris`, which gains the
 * pool's `/oauth2/idpresponse`) and a client supporting COGNITO and it.
 */
export async function socialPool(
  suite: BrowserSuite,
  redirectUris: string[],
  idp: Omit<CreateIdentityProviderCommandInput, "UserPoolId"> & { ProviderName: string },
): Promise<SocialPool> {
  const base = await hostedPool(suite.cognate, [suite.rp.callback], {
    pool: { UsernameConfiguration: { CaseSensitive: false } },
  });
  const idpResponse = `${base.issuer}/oauth2/idpresponse`;
  redirectUris.push(idpResponse);
  await suite.cognate.sdk.send(new CreateIdentityProviderCommand({ ...idp, UserPoolId: base.poolId }));
  const { UserPoolClient } = await suite.cognate.sdk.send(
    new CreateUserPoolClientCommand({
      UserPoolId: base.poolId,
      ClientName: "social-app",
      GenerateSecret: true,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid", "email", "profile"],
      CallbackURLs: [suite.rp.callback],
      SupportedIdentityProviders: ["COGNITO", idp.ProviderName],
    }),
  );
  const pool = { ...base, clientId: UserPoolClient!.ClientId!, clientSecret: UserPoolClient!.ClientSecret };
  return { ...pool, provider: idp.ProviderName, idpResponse, config: await oidcConfig(pool) };
}

/** A provider's loopback stand-in, as the suites use it. */
export interface StandIn {
  url: string;
  close(): Promise<void>;
}

/** The browser suite of one provider, its pool made before the tests. */
export interface SocialSuite extends BrowserSuite {
  pool: SocialPool;
  standIn: StandIn;
}

/**
 * The browser suite's cognate with the provider's fixed `hosts` mapped onto its stand-in, and (in
 * `beforeAll`) the {@link socialPool} of `idp`; the stand-in is closed after the suite.
 */
export function socialSuite(
  standIn: StandIn,
  redirectUris: string[],
  hosts: string[],
  idp: Parameters<typeof socialPool>[2],
): SocialSuite {
  const endpointOrigins = Object.fromEntries(hosts.map((host) => [host, standIn.url]));
  const suite = browserSuite({
    cognate: { config: { federation: { allowLoopbackHttp: true, endpointOrigins } } },
  }) as SocialSuite;
  suite.standIn = standIn;
  beforeAll(async () => {
    suite.pool = await socialPool(suite, redirectUris, idp);
  }, 60_000);
  afterAll(async () => {
    await standIn.close();
  });
  return suite;
}

/**
 * One sign-in in a fresh browser context (closed after) through the stand-in, where `choice` is
 * clicked: where the browser lands at the app and the request it started from. `direct` names the
 * provider in the request; otherwise the sign-in page's button is taken.
 */
export async function landing(
  suite: SocialSuite,
  options: { direct?: boolean; choice?: "allow" | "cancel" } = {},
): Promise<{ landed: URL; started: Started }> {
  const { context, page } = await newPage(suite.browser);
  try {
    const started = await authorization(suite, suite.pool, options.direct ?? true);
    const { landed } = await throughProvider(
      page,
      suite,
      suite.pool,
      started,
      suite.standIn.url,
      options.choice,
    );
    return { landed, started };
  } finally {
    await context.close();
  }
}

/** One sign-in through to the app's tokens (see {@link landing}): the ID token's claims. */
export async function signIn(suite: SocialSuite, direct = true) {
  const { landed, started } = await landing(suite, { direct });
  const tokens = await codeGrant(suite.pool.config, landed.href, started);
  return { claims: tokens.claims()! as Record<string, unknown>, started, tokens };
}

/** openid-client's authorization request (PKCE, nonce, state) at the pool; `direct` names the provider. */
export const authorization = (suite: BrowserSuite, pool: SocialPool, direct: boolean) =>
  codeAuthorization(
    pool.config,
    suite.rp.callback,
    "openid email profile",
    direct ? { identity_provider: pool.provider } : {},
  );

/** The stand-in's consent page: at `origin`, its Continue and Cancel buttons showing. */
export async function atConsent(page: Page, origin: string): Promise<void> {
  await arriveAt(page, (u) => u.origin === origin);
  await expect.poll(() => page.locator("#allow").isVisible()).toBe(true);
}

/**
 * The browser from the app's authorization URL to the provider's consent page (through the
 * sign-in page's button unless the request names the provider), where `choice` is clicked; resolves
 * with where it lands at the app, and the `/oauth2/idpresponse` request it went through. No
 * response on the way may be a 5xx.
 */
export async function throughProvider(
  page: Page,
  suite: BrowserSuite,
  pool: SocialPool,
  started: Started,
  standIn: string,
  choice: "allow" | "cancel" = "allow",
): Promise<{ landed: URL; idpResponse: string }> {
  const failed: string[] = [];
  const watch = (r: Response) => {
    if (r.status() >= 500) failed.push(`${r.status()} ${r.url()}`);
  };
  page.on("response", watch);
  await page.goto(started.url.href);
  if (!started.url.searchParams.has("identity_provider")) {
    expect(new URL(page.url()).pathname).toBe(`/${pool.poolId}/login`);
    await page.locator(`#idp-${pool.provider}`).click();
  }
  await atConsent(page, standIn);
  const back = page.waitForRequest((r) => r.url().startsWith(pool.idpResponse));
  await page.locator(`#${choice}`).click();
  const idpResponse = (await back).url();
  const landed = await arriveAt(page, suite.rp.callback);
  page.off("response", watch);
  expect(failed, "no 5xx on the way").toEqual([]);
  return { landed, idpResponse };
}

/** The user as AdminGetUser returns it, its attributes as an object. */
export async function adminUser(
  suite: SocialSuite,
  username: string,
): Promise<AdminGetUserCommandOutput & { attributes: Record<string, string> }> {
  const user = await suite.cognate.sdk.send(
    new AdminGetUserCommand({ UserPoolId: suite.pool.poolId, Username: username }),
  );
  return {
    ...user,
    attributes: Object.fromEntries((user.UserAttributes ?? []).map((a) => [a.Name!, a.Value!])),
  };
}

/** The claims every federated ID token has: the `identities` array Cognito puts in the ID token, the auto group. */
export function expectFederated(
  claims: Record<string, unknown>,
  pool: SocialPool,
  providerType: string,
  subject: string,
): void {
  expect(claims.iss).toBe(pool.issuer);
  expect(claims.aud).toBe(pool.clientId);
  expect(claims["cognito:groups"]).toContain(`${pool.poolId}_${pool.provider}`);
  const identities = claims.identities as Array<Record<string, unknown>>;
  expect(identities).toEqual([
    {
      userId: subject,
      providerName: pool.provider,
      providerType,
      issuer: null,
      primary: "true",
      dateCreated: expect.stringMatching(/^\d{13}$/),
    },
  ]);
}

/** The error page's HTTP status of a navigation (never a 500). */
export const statusOf = (response: Response | null) => response?.status() ?? 0;
