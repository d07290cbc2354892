// SAML 2.0 sign-in in real Chromium: openid-client as the app's relying party starts at cognate,
// which sends the browser to the samlify IdP stand-in with an AuthnRequest (HTTP-Redirect); the
// IdP's page auto-posts its signed Response to /saml2/idpresponse (HTTP-POST binding, the state
// cookie riding along) and the app gets tokens whose claims follow the mapping. Signed response,
// signed assertion, encrypted assertion; and the attacks: a wrapped signature and a replayed
// response (the posted form altered or sent again by the page), an expired assertion, another
// audience, another Recipient, an unsolicited response to a provider without IDPInit.
import { CreateUserPoolClientCommand } from "@aws-sdk/client-cognito-identity-provider";
import type * as oidc from "openid-client";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { poolWithDomain } from "../../oauth/server.js";
import {
  arriveAt,
  browserSuite,
  claimsOf,
  codeAuthorization,
  codeGrant,
  type HostedPool,
  newPage,
  oidcConfig,
  pageText,
} from "../../oauth/browser/harness.js";
import { encryptingProvider, samlProvider, serviceProvider, wrapSignature } from "../saml-world.js";
import { type ResponseOptions, type SamlStandIn, startSamlIdp } from "../stand-ins/saml.js";

const suite = browserSuite({ cognate: { config: { federation: { allowLoopbackHttp: true } } } });
let okta: SamlStandIn;
let secure: SamlStandIn;
let pool: HostedPool;
let config: oidc.Configuration;
let acs: string;

beforeAll(async () => {
  const { sdk, publicUrl } = suite.cognate;
  const { poolId, domain } = await poolWithDomain({ sdk, url: publicUrl }, {}, "samlbrowser");
  const issuer = `${publicUrl}/${poolId}`;
  const sp = await serviceProvider(sdk, poolId, issuer);
  acs = sp.acs;
  okta = await startSamlIdp(sp);
  secure = await startSamlIdp({ spEntityId: sp.spEntityId, acs, slo: sp.slo });
  await samlProvider(
    sdk,
    poolId,
    "Okta",
    okta,
    { RequestSigningAlgorithm: "rsa-sha256", IDPInit: "true" },
    { email: "email", name: "displayName" },
  );
  await encryptingProvider(sdk, poolId, secure);
  const { UserPoolClient } = await sdk.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: "saml-web",
      GenerateSecret: true,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid", "email", "profile"],
      CallbackURLs: [suite.rp.callback],
      SupportedIdentityProviders: ["Okta", "Secure"],
    }),
  );
  pool = {
    poolId,
    issuer,
    domain,
    clientId: UserPoolClient!.ClientId!,
    clientSecret: UserPoolClient!.ClientSecret!,
  };
  config = await oidcConfig(pool);
}, 60_000);

afterAll(async () => {
  await okta?.close();
  await secure?.close();
});

/** Signs in through `provider` in a fresh browser context; the RP's code exchange (every openid-client check). */
async function signIn(
  provider: string,
  options: ResponseOptions = {},
  stand = provider === "Okta" ? okta : secure,
) {
  stand.setResponseOptions(options);
  const { context, page } = await newPage(suite.browser);
  try {
    const started = await codeAuthorization(config, suite.rp.callback, "openid email profile", {
      identity_provider: provider,
    });
    await page.goto(started.url.href);
    await arriveAt(page, suite.rp.callback);
    const tokens = await codeGrant(config, page.url(), started);
    return claimsOf(tokens.id_token!);
  } finally {
    stand.setResponseOptions({});
    await context.close();
  }
}

/**
 * Starts a sign-in through Okta in `page` and ends where cognate's answer to the IdP's post
 * lands; `alter` may change the posted SAMLResponse on its way (a man in the browser).
 */
async function attempt(page: Page, alter?: (samlResponse: string) => string): Promise<URL> {
  if (alter !== undefined)
    await page.route(acs, async (route) => {
      const form = new URLSearchParams(route.request().postData() ?? "");
      form.set("SAMLResponse", alter(form.get("SAMLResponse") ?? ""));
      await route.continue({ postData: form.toString() });
    });
  const started = await codeAuthorization(config, suite.rp.callback, "openid email profile", {
    identity_provider: "Okta",
  });
  await page.goto(started.url.href);
  return arriveAt(page, (url) => url.href.startsWith(suite.rp.callback) || url.href === acs);
}

const samlError = (url: URL) => ({
  error: url.searchParams.get("error"),
  description: url.searchParams.get("error_description"),
});

describe("SAML sign-in in Chromium", () => {
  it("signed assertion: the RP gets tokens for the NameID with the mapped attributes", async () => {
    okta.nextUser({ nameId: "ada", attributes: { email: "ada@corp.example", displayName: "Ada L" } });
    const claims = await signIn("Okta");
    expect(claims["cognito:username"]).toBe("okta_ada");
    expect(claims.email).toBe("ada@corp.example");
    expect(claims.name).toBe("Ada L");
    expect(claims["cognito:groups"]).toEqual([`${pool.poolId}_Okta`]);
  });

  it("signed Response (assertion unsigned inside it)", async () => {
    okta.nextUser({ nameId: "bea", attributes: { email: "bea@corp.example" } });
    const claims = await signIn("Okta", { signResponse: true, signAssertion: false });
    expect(claims["cognito:username"]).toBe("okta_bea");
  });

  it("encrypted assertion (AES-GCM to the provider's ActiveEncryptionCertificate)", async () => {
    secure.nextUser({ nameId: "cy", attributes: { email: "cy@secure.example" } });
    const claims = await signIn("Secure", { encrypt: "gcm" });
    expect(claims["cognito:username"]).toBe("secure_cy");
    expect(claims.email).toBe("cy@secure.example");
  });

  it("refuses a wrapped signature: an unsigned assertion put beside the signed one on its way", async () => {
    const { context, page } = await newPage(suite.browser);
    try {
      okta.nextUser({ nameId: "dee" });
      const landed = await attempt(page, wrapSignature);
      expect(samlError(landed)).toEqual({
        error: "server_error",
        description: "Invalid SAML response received: Expected exactly one assertion, found 2.",
      });
    } finally {
      await context.close();
    }
  });

  it("refuses a replayed response: the same form posted again by the page", async () => {
    const { context, page } = await newPage(suite.browser);
    try {
      let posted: string | undefined;
      page.on("request", (request) => {
        if (request.url() === acs && request.method() === "POST") posted ??= request.postData() ?? undefined;
      });
      okta.nextUser({ nameId: "eve" });
      expect((await attempt(page)).searchParams.get("code")).toBeTruthy();
      const form = new URLSearchParams(posted!);
      await page.setContent(
        `<form method="post" action="${acs}">${[...form]
          .map(([k, v]) => `<input type="hidden" name="${k}" value="${v.replace(/"/g, "&quot;")}">`)
          .join("")}</form>`,
      );
      await Promise.all([
        page.waitForURL(acs),
        page.locator("form").evaluate((f: HTMLFormElement) => f.submit()),
      ]);
      expect(await pageText(page)).toContain("Invalid state: it was used already");
    } finally {
      await context.close();
    }
  });

  it("refuses an expired assertion, another audience and another Recipient at the app's redirect URI", async () => {
    const cases: [ResponseOptions, string][] = [
      [{ shiftMs: -11 * 60_000 }, "The assertion has expired."],
      [
        { audience: "urn:amazon:cognito:sp:us-east-1_Another1" },
        "The assertion's Audience is not this user pool.",
      ],
      [{ recipient: "https://evil.example/saml2/idpresponse" }, "Recipient does not match the ACS URL."],
    ];
    for (const [options, reason] of cases) {
      const { context, page } = await newPage(suite.browser);
      okta.setResponseOptions(options);
      try {
        const landed = await attempt(page);
        expect(samlError(landed)).toEqual({
          error: "server_error",
          description: `Invalid SAML response received: ${reason}`,
        });
      } finally {
        okta.setResponseOptions({});
        await context.close();
      }
    }
  });

  it("signs in from the IdP (IDPInit) and refuses an unsolicited response to a provider without it", async () => {
    const relay = (provider: string) =>
      encodeURIComponent(
        new URLSearchParams({
          identity_provider: provider,
          client_id: pool.clientId,
          redirect_uri: suite.rp.callback,
          response_type: "code",
          scope: "openid email",
        }).toString(),
      );
    const { context, page } = await newPage(suite.browser);
    try {
      okta.nextUser({ nameId: "fay" });
      await page.goto(`${okta.url}/init?RelayState=${relay("Okta")}`);
      expect((await arriveAt(page, suite.rp.callback)).searchParams.get("code")).toBeTruthy();
      await page.goto(`${secure.url}/init?RelayState=${relay("Secure")}`);
      await arriveAt(page, acs);
      expect(await pageText(page)).toContain("Invalid samlResponse or relayState from identity provider");
    } finally {
      await context.close();
    }
  });
});
