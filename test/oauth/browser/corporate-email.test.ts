// The sign-in page's corporate e-mail box in real Chromium: a client whose every SAML provider has
// IdpIdentifiers gets the box instead of their buttons; the address typed there takes the browser
// through /oauth2/authorize to the SAML IdP's SSO URL, which the page's form-action must allow
// (Chromium holds every hop of a form submission's redirects to it); an unknown domain stays on the
// page with a message.
import {
  CreateIdentityProviderCommand,
  CreateUserPoolClientCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { beforeAll, describe, expect, it } from "vitest";
import { pemPair, samlifyIdp } from "../../../src/user-pool/federation/saml-fixture.testing.js";
import { arriveAt, browserSuite, hostedPool, type HostedPool, newPage, pageText } from "./harness.js";

const suite = browserSuite({
  cognate: { config: { federation: { endpointOrigins: {}, allowLoopbackHttp: true } } },
  rp: {
    // The SAML IdP's SSO endpoint, on the relying party's loopback server.
    extend: (app) =>
      app.get("/idp/sso", (c) => c.html("<!doctype html><title>IdP</title><h1>IdP sign-in</h1>")),
  },
});
let pool: HostedPool;
let clientId: string;
// The IdP as another origin than the app's callback (localhost, not 127.0.0.1), so that only the
// page's own allowance of the IdP hop lets the form's redirects through.
const idpOrigin = () => suite.rp.url.replace("127.0.0.1", "localhost");

beforeAll(async () => {
  pool = await hostedPool(suite.cognate, [suite.rp.callback]);
  await suite.cognate.sdk.send(
    new CreateIdentityProviderCommand({
      UserPoolId: pool.poolId,
      ProviderName: "CorpSaml",
      ProviderType: "SAML",
      ProviderDetails: {
        MetadataFile: samlifyIdp(await pemPair(), { base: `${idpOrigin()}/idp` }).getMetadata(),
      },
      AttributeMapping: { email: "email" },
      IdpIdentifiers: ["corp.example"],
    }),
  );
  const { UserPoolClient } = await suite.cognate.sdk.send(
    new CreateUserPoolClientCommand({
      UserPoolId: pool.poolId,
      ClientName: "corporate",
      GenerateSecret: true,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid", "email"],
      CallbackURLs: [suite.rp.callback],
      SupportedIdentityProviders: ["COGNITO", "CorpSaml"],
    }),
  );
  clientId = UserPoolClient!.ClientId!;
});

const authorize = () =>
  `${pool.issuer}/oauth2/authorize?${new URLSearchParams({
    response_type: "code",
    client_id: clientId,
    redirect_uri: suite.rp.callback,
    scope: "openid email",
    state: "s-1",
  })}`;

describe("the corporate e-mail box in Chromium", () => {
  it("takes the address to the SAML IdP of its domain, through /oauth2/authorize", async () => {
    const { context, page } = await newPage(suite.browser);
    try {
      await page.goto(authorize());
      expect(await page.locator("#idp-CorpSaml").count()).toBe(0);
      await page.locator("#idpIdentifierEmail").fill("ada@corp.example");
      await page.locator('button[name="idpIdentifierSubmitButton"]').click();
      const at = await arriveAt(page, `${idpOrigin()}/idp/sso`);
      expect(at.searchParams.get("SAMLRequest")).toEqual(expect.any(String));
      expect(await pageText(page)).toContain("IdP sign-in");
    } finally {
      await context.close();
    }
  });

  it("keeps an unknown domain on the page, with the message and the address", async () => {
    const { context, page } = await newPage(suite.browser);
    try {
      await page.goto(authorize());
      await page.locator("#idpIdentifierEmail").fill("bob@elsewhere.example");
      await page.locator('button[name="idpIdentifierSubmitButton"]').click();
      await page.waitForLoadState();
      expect(new URL(page.url()).pathname).toBe(`/${pool.poolId}/login`);
      expect(await pageText(page)).toContain("No identity provider is set up for this email address.");
      expect(await page.locator("#idpIdentifierEmail").inputValue()).toBe("bob@elsewhere.example");
    } finally {
      await context.close();
    }
  });
});
