// Federated sign-in in real Chromium: openid-client as the app's relying party starts at cognate,
// the browser is sent to panva's oidc-provider (the OIDC IdP, on loopback), signs in there and
// comes back through /oauth2/idpresponse; the app gets tokens whose claims follow the mapping.
// Also through the sign-in page's button, Sign in with Apple's form_post back (the state cookie
// must survive it), and a state carried into another browser refused.
import {
  CreateIdentityProviderCommand,
  CreateUserPoolClientCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { exportPKCS8, generateKeyPair } from "jose";
import type * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  arriveAt,
  browserSuite,
  type Cognate,
  startCognate,
  claimsOf,
  codeAuthorization,
  codeGrant,
  type HostedPool,
  hostedPool,
  newPage,
  oidcConfig,
  pageText,
} from "../../oauth/browser/harness.js";
import { type AppleStandIn, startApple } from "../stand-ins/apple.js";
import { type OidcStandIn, startOidc } from "../stand-ins/oidc.js";

// Apple's fixed origin is mapped onto its stand-in, which must exist before cognate starts.
const appleRedirects: string[] = [];
const { privateKey } = await generateKeyPair("ES256", { extractable: true });
const p8 = await exportPKCS8(privateKey);
const apple: AppleStandIn = await startApple({
  clientId: "com.example.browser",
  teamId: "TEAM000001",
  keyId: "KEY0000001",
  p8,
  redirectUris: appleRedirects,
});

const suite = browserSuite({
  cognate: {
    config: {
      federation: { allowLoopbackHttp: true, endpointOrigins: { "https://appleid.apple.com": apple.url } },
    },
  },
});
/** The pool's Sign in with Apple provider, its stand-in's client and key. */
const appleProvider = (cognate: Cognate, poolId: string) =>
  cognate.sdk.send(
    new CreateIdentityProviderCommand({
      UserPoolId: poolId,
      ProviderName: "SignInWithApple",
      ProviderType: "SignInWithApple",
      ProviderDetails: {
        client_id: "com.example.browser",
        team_id: "TEAM000001",
        key_id: "KEY0000001",
        private_key: p8,
        authorize_scopes: "email name",
      },
      AttributeMapping: { email: "email", name: "name" },
    }),
  );
/** `base` with a code-flow client of its own (a secret, the app's callback) for `scopes` and `providers`. */
async function withClient(
  cognate: Cognate,
  base: HostedPool,
  scopes: string[],
  providers: string[],
): Promise<HostedPool> {
  const { UserPoolClient } = await cognate.sdk.send(
    new CreateUserPoolClientCommand({
      UserPoolId: base.poolId,
      ClientName: "federated",
      GenerateSecret: true,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: scopes,
      CallbackURLs: [suite.rp.callback],
      SupportedIdentityProviders: providers,
    }),
  );
  return { ...base, clientId: UserPoolClient!.ClientId!, clientSecret: UserPoolClient!.ClientSecret };
}
let op: OidcStandIn;
let pool: HostedPool;
let config: oidc.Configuration;

beforeAll(async () => {
  const base = await hostedPool(suite.cognate, [suite.rp.callback]);
  const idpResponse = `${base.issuer}/oauth2/idpresponse`;
  appleRedirects.push(idpResponse);
  op = await startOidc({
    clientId: "cognate-browser",
    clientSecret: "browser-secret",
    redirectUris: [idpResponse],
  });
  await suite.cognate.sdk.send(
    new CreateIdentityProviderCommand({
      UserPoolId: base.poolId,
      ProviderName: "Corp",
      ProviderType: "OIDC",
      ProviderDetails: {
        client_id: "cognate-browser",
        client_secret: "browser-secret",
        authorize_scopes: "openid email profile",
        attributes_request_method: "GET",
        oidc_issuer: op.url,
      },
      AttributeMapping: { email: "email", name: "name" },
    }),
  );
  await appleProvider(suite.cognate, base.poolId);
  pool = await withClient(
    suite.cognate,
    base,
    ["openid", "email", "profile"],
    ["COGNITO", "Corp", "SignInWithApple"],
  );
  config = await oidcConfig(pool);
}, 60_000);

afterAll(async () => {
  await op?.close();
  await apple.close();
});

const authorization = (extra: Record<string, string> = {}) =>
  codeAuthorization(config, suite.rp.callback, "openid email profile", extra);

describe("federated sign-in in Chromium", () => {
  it("goes from the app through cognate to oidc-provider and back, with verified tokens following the mapping", async () => {
    const { context, page } = await newPage(suite.browser);
    try {
      op.nextSubject("marie", { email: "marie@corp.example", name: "Marie Curie" });
      const started = await authorization({ identity_provider: "Corp" });
      const toIdp = page.waitForRequest((r) => r.url().startsWith(`${op.url}/auth`));
      await page.goto(started.url.href);
      const atIdp = new URL((await toIdp).url());
      // cognate's own state, nonce and PKCE towards the IdP; the exact redirect URI.
      expect(atIdp.searchParams.get("state")).not.toBe(started.state);
      expect(atIdp.searchParams.get("redirect_uri")).toBe(`${pool.issuer}/oauth2/idpresponse`);
      expect(atIdp.searchParams.get("code_challenge_method")).toBe("S256");
      expect(atIdp.searchParams.get("nonce")).not.toBe(started.nonce);
      await arriveAt(page, suite.rp.callback);

      const tokens = await codeGrant(config, page.url(), started);
      const id = tokens.claims()!;
      expect(id).toMatchObject({
        iss: pool.issuer,
        aud: pool.clientId,
        nonce: started.nonce,
        "cognito:username": "corp_marie",
        email: "marie@corp.example",
        name: "Marie Curie",
      });
      expect(id["cognito:groups"]).toContain(`${pool.poolId}_Corp`);
      expect(claimsOf(tokens.access_token).username).toBe("corp_marie");
    } finally {
      await context.close();
    }
  });

  it("starts from the sign-in page's button", async () => {
    const { context, page } = await newPage(suite.browser);
    try {
      op.nextSubject("pierre", { email: "pierre@corp.example", name: "Pierre Curie" });
      const started = await authorization();
      await page.goto(started.url.href);
      expect(new URL(page.url()).pathname).toBe(`/${pool.poolId}/login`);
      await page.locator("#idp-Corp").click();
      await arriveAt(page, suite.rp.callback);
      const id = (await codeGrant(config, page.url(), started)).claims()!;
      expect(id["cognito:username"]).toBe("corp_pierre");
    } finally {
      await context.close();
    }
  });

  it("comes back from Sign in with Apple by form POST, the state cookie with it, the name from the first sign-in", async () => {
    const { context, page } = await newPage(suite.browser);
    try {
      apple.nextUser({
        sub: "001122.browser",
        email: "steve@privaterelay.test",
        firstName: "Steve",
        lastName: "Jobs",
      });
      const started = await authorization({ identity_provider: "SignInWithApple" });
      const posted = page.waitForRequest(
        (r) => r.method() === "POST" && r.url() === `${pool.issuer}/oauth2/idpresponse`,
      );
      await page.goto(started.url.href);
      expect((await (await posted).allHeaders()).cookie).toMatch(/(^|; )federation=/);
      await arriveAt(page, suite.rp.callback);
      const id = (await codeGrant(config, page.url(), started)).claims()!;
      expect(id).toMatchObject({
        "cognito:username": "signinwithapple_001122.browser",
        email: "steve@privaterelay.test",
        name: "Steve Jobs",
      });
    } finally {
      await context.close();
    }
  });

  it("refuses the round trip in a browser that did not begin it", async () => {
    const victim = await newPage(suite.browser);
    const attacker = await newPage(suite.browser);
    try {
      const started = await authorization({ identity_provider: "Corp" });
      // The victim's browser begins (its context's request API shares its cookies) and is stopped
      // before the IdP; the attacker's browser gets the IdP URL, state and all.
      const begun = await victim.context.request.get(started.url.href, { maxRedirects: 0 });
      expect(begun.status()).toBe(302);
      expect((await victim.context.cookies()).map((c) => c.name)).toContain("federation");
      const idpUrl = begun.headers().location!;
      expect(idpUrl.startsWith(`${op.url}/auth`)).toBe(true);
      await attacker.page.goto(idpUrl);
      await arriveAt(attacker.page, (u) => u.pathname === `/${pool.poolId}/oauth2/idpresponse`);
      expect(await pageText(attacker.page)).toContain(
        "Invalid state: this browser did not begin the sign-in",
      );
      expect(suite.rp.seen.filter((u) => u.searchParams.get("state") === started.state)).toEqual([]);
    } finally {
      await victim.context.close();
      await attacker.context.close();
    }
  });
});

describe("over https", () => {
  let secure: Cognate;
  let securePool: HostedPool;

  beforeAll(async () => {
    secure = await startCognate({
      tls: true,
      config: { federation: { endpointOrigins: { "https://appleid.apple.com": apple.url } } },
    });
    const base = await hostedPool(secure, [suite.rp.callback]);
    appleRedirects.push(`${base.issuer}/oauth2/idpresponse`);
    await appleProvider(secure, base.poolId);
    securePool = await withClient(secure, base, ["openid", "email"], ["SignInWithApple"]);
  }, 60_000);
  afterAll(async () => {
    await secure?.close();
  });

  it("keeps the state cookie through Apple's cross-site form POST (SameSite=None; Secure)", async () => {
    const { context, page } = await newPage(suite.browser, { https: true });
    try {
      apple.nextUser({ sub: "001122.tls", email: "tls@privaterelay.test", firstName: "Tee", lastName: "Ls" });
      const authorize = new URL(`${securePool.issuer}/oauth2/authorize`);
      authorize.search = new URLSearchParams({
        response_type: "code",
        client_id: securePool.clientId,
        redirect_uri: suite.rp.callback,
        scope: "openid email",
        state: "tls-state",
        identity_provider: "SignInWithApple",
      }).toString();
      const posted = page.waitForRequest(
        (r) => r.method() === "POST" && r.url() === `${securePool.issuer}/oauth2/idpresponse`,
      );
      await page.goto(authorize.href);
      // From http://127.0.0.1 (the stand-in) to https://127.0.0.1: another site, so no Lax cookie.
      const cookie = (await (await posted).allHeaders()).cookie ?? "";
      expect(cookie).toContain(`__Host-federation-${securePool.poolId}=`);
      const stored = (await context.cookies(securePool.issuer)).find(
        (c) => c.name === `__Host-federation-${securePool.poolId}`,
      );
      expect(stored).toMatchObject({ secure: true, httpOnly: true, sameSite: "None", path: "/" });
      const landed = await arriveAt(page, suite.rp.callback);
      expect(landed.searchParams.get("state")).toBe("tls-state");
      // The exchange through the context (it accepts the loopback certificate).
      const exchanged = await context.request.post(`${securePool.issuer}/oauth2/token`, {
        form: {
          grant_type: "authorization_code",
          code: landed.searchParams.get("code")!,
          redirect_uri: suite.rp.callback,
          client_id: securePool.clientId,
          client_secret: securePool.clientSecret!,
        },
      });
      expect(exchanged.status()).toBe(200);
      const id = claimsOf(((await exchanged.json()) as { id_token: string }).id_token);
      expect(id).toMatchObject({ iss: securePool.issuer, "cognito:username": "signinwithapple_001122.tls" });
    } finally {
      await context.close();
    }
  });
});
