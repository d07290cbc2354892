// Login with Amazon in real Chromium: openid-client as the app starts at cognate, the browser goes
// to the Amazon stand-in's sign-in page (Cognito's fixed LWA endpoints mapped onto it), back
// through /oauth2/idpresponse after the token exchange and the profile API, and the app gets
// tokens whose claims follow the mapping; the username is lower-cased whole. A person who declines
// reaches the app as access_denied.
import { describe, expect, it } from "vitest";
import { type AmazonStandIn, startAmazon } from "../stand-ins/amazon.js";
import { adminUser, expectFederated, landing, signIn, socialSuite } from "./social.js";

const redirectUris: string[] = [];
const amazon: AmazonStandIn = await startAmazon({
  clientId: "amzn1.application-oa2-client.browser",
  clientSecret: "amzn-browser-secret",
  redirectUris,
  consent: true,
});

const suite = socialSuite(amazon, redirectUris, ["https://www.amazon.com", "https://api.amazon.com"], {
  ProviderName: "LoginWithAmazon",
  ProviderType: "LoginWithAmazon",
  ProviderDetails: {
    client_id: "amzn1.application-oa2-client.browser",
    client_secret: "amzn-browser-secret",
    authorize_scopes: "profile postal_code",
  },
  AttributeMapping: { email: "email", name: "name" },
});

describe("Login with Amazon in Chromium", () => {
  it("goes from the sign-in page's button to Amazon's page and back, the tokens following the mapping", async () => {
    amazon.nextUser({
      user_id: "amzn1.account.AFXYZ123BROWSER",
      name: "Amy Zon",
      email: "amy@amazon.test",
      postal_code: "98101",
    });
    const { claims, started } = await signIn(suite, false);
    expect(claims).toMatchObject({
      nonce: started.nonce,
      "cognito:username": "loginwithamazon_amzn1.account.afxyz123browser",
      email: "amy@amazon.test",
      name: "Amy Zon",
      email_verified: false,
    });
    // The subject keeps Amazon's case in `identities`; only the username is lower-cased.
    expectFederated(claims, suite.pool, "LoginWithAmazon", "amzn1.account.AFXYZ123BROWSER");
    // Unmapped profile fields are not attributes.
    expect(claims.postal_code).toBeUndefined();

    const user = await adminUser(suite, "loginwithamazon_amzn1.account.afxyz123browser");
    expect(user.UserStatus).toBe("EXTERNAL_PROVIDER");
    expect(user.Username).toBe("loginwithamazon_amzn1.account.afxyz123browser");
    expect(user.attributes).toMatchObject({ sub: claims.sub, email: "amy@amazon.test", name: "Amy Zon" });
  });

  it("goes straight to Amazon with identity_provider=, and finds the same user under any case", async () => {
    amazon.nextUser({
      user_id: "amzn1.account.AFXYZ123BROWSER",
      name: "Amy Zon-Prime",
      email: "amy@amazon.test",
    });
    const { claims } = await signIn(suite, true);
    expect(claims).toMatchObject({
      "cognito:username": "loginwithamazon_amzn1.account.afxyz123browser",
      name: "Amy Zon-Prime",
    });
    expect((await adminUser(suite, "LoginWithAmazon_amzn1.account.AFXYZ123BROWSER")).attributes.name).toBe(
      "Amy Zon-Prime",
    );
  });

  it("a person who declines at Amazon reaches the app as access_denied", async () => {
    const { landed, started } = await landing(suite, { choice: "cancel" });
    expect(Object.fromEntries(landed.searchParams)).toEqual({
      error: "access_denied",
      error_description: "LoginWithAmazon Error - The customer denied the request",
      state: started.state,
    });
  });
});
