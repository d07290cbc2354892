// SAML behind TLS in Chromium: cognate's public URL is https and the IdP stand-in is plain http on
// 127.0.0.1, so the IdP's auto-posted Response is a cross-site POST (schemeful same-site): the
// round trip's state cookie must be SameSite=None; Secure to ride along, the session cookie stays
// Lax. Then single logout: /logout to the IdP and its LogoutResponse posted back across sites.
import { CreateUserPoolClientCommand } from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, describe, expect, it } from "vitest";
import { poolWithDomain } from "../../oauth/server.js";
import { arriveAt, browserSuite, newPage } from "../../oauth/browser/harness.js";
import { samlProvider, serviceProvider } from "../saml-world.js";
import { type SamlStandIn, startSamlIdp } from "../stand-ins/saml.js";

const suite = browserSuite({
  cognate: { tls: true, config: { federation: { allowLoopbackHttp: true } } },
  rp: { https: true },
});
let idp: SamlStandIn | undefined;
afterAll(async () => {
  await idp?.close();
});

describe("SAML over https with an http IdP (cross-site POSTs)", () => {
  it("signs in through the IdP's cross-site POST, and signs out through it again", async () => {
    const { sdk, publicUrl } = suite.cognate;
    expect(publicUrl).toMatch(/^https:/);
    const { poolId } = await poolWithDomain({ sdk, url: publicUrl }, {}, "samltls");
    const issuer = `${publicUrl}/${poolId}`;
    idp = await startSamlIdp(await serviceProvider(sdk, poolId, issuer));
    await samlProvider(sdk, poolId, "Okta", idp, { IDPSignout: "true" }, { email: "email" });
    const { UserPoolClient } = await sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: "tls",
        GenerateSecret: true,
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ["code"],
        AllowedOAuthScopes: ["openid", "email"],
        CallbackURLs: [suite.rp.callback],
        LogoutURLs: [suite.rp.signedOut],
        SupportedIdentityProviders: ["Okta"],
      }),
    );
    const clientId = UserPoolClient!.ClientId!;

    const { context, page } = await newPage(suite.browser, { https: true });
    try {
      idp.nextUser({ nameId: "tess", attributes: { email: "tess@corp.example" } });
      const authorize = `${issuer}/oauth2/authorize?${new URLSearchParams({
        response_type: "code",
        client_id: clientId,
        redirect_uri: suite.rp.callback,
        scope: "openid email",
        state: "tls",
        identity_provider: "Okta",
      })}`;
      await page.goto(authorize);
      const landed = await arriveAt(page, suite.rp.callback);
      expect(landed.searchParams.get("error_description")).toBeNull();
      expect(landed.searchParams.get("state")).toBe("tls");
      expect(landed.searchParams.get("code")).toBeTruthy();
      const cookies = await context.cookies(`${issuer}/saml2/idpresponse`);
      const binding = cookies.find((c) => c.name === `__Host-federation-${poolId}`);
      expect(binding).toMatchObject({ secure: true, sameSite: "None", httpOnly: true });
      expect(cookies.find((c) => c.name === `__Host-cognito-${poolId}`)?.sameSite).toBe("Lax");

      const before = idp.logoutRequests.length;
      await page.goto(
        `${issuer}/logout?${new URLSearchParams({ client_id: clientId, logout_uri: suite.rp.signedOut })}`,
      );
      await arriveAt(page, suite.rp.signedOut);
      expect(idp.logoutRequests.length).toBe(before + 1);
      expect(idp.logoutRequests.at(-1)).toContain(">tess</");
    } finally {
      await context.close();
    }
  });
});
