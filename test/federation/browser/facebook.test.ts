// Facebook Login in real Chromium: openid-client as the app starts at cognate, the browser goes to
// the Facebook stand-in's dialog (Cognito's fixed Facebook endpoints mapped onto it), back through
// /oauth2/idpresponse after the GET token exchange and Graph's /me, and the app gets tokens whose
// claims follow the mapping. A person who cancels the dialog reaches the app as access_denied.
import { describe, expect, it } from "vitest";
import { type FacebookStandIn, startFacebook } from "../stand-ins/facebook.js";
import { adminUser, expectFederated, landing, signIn, socialSuite } from "./social.js";

const redirectUris: string[] = [];
const facebook: FacebookStandIn = await startFacebook({
  clientId: "fb-browser",
  clientSecret: "fb-browser-secret",
  redirectUris,
  consent: true,
});

const suite = socialSuite(
  facebook,
  redirectUris,
  ["https://www.facebook.com", "https://graph.facebook.com"],
  {
    ProviderName: "Facebook",
    ProviderType: "Facebook",
    ProviderDetails: {
      client_id: "fb-browser",
      client_secret: "fb-browser-secret",
      authorize_scopes: "public_profile,email",
      api_version: "v21.0",
    },
    AttributeMapping: { email: "email", given_name: "first_name", family_name: "last_name", name: "name" },
  },
);

describe("Facebook Login in Chromium", () => {
  it("goes from the sign-in page's button to Facebook's dialog and back, the tokens following the mapping", async () => {
    facebook.nextUser({
      id: "10215551234567890",
      email: "frances@fb.test",
      first_name: "Frances",
      last_name: "Allen",
      name: "Frances Allen",
    });
    const { claims, started } = await signIn(suite, false);
    expect(claims).toMatchObject({
      nonce: started.nonce,
      "cognito:username": "facebook_10215551234567890",
      email: "frances@fb.test",
      given_name: "Frances",
      family_name: "Allen",
      name: "Frances Allen",
    });
    // Facebook vouches for no email and the mapping names no flag: unverified.
    expect(claims.email_verified).toBe(false);
    expectFederated(claims, suite.pool, "Facebook", "10215551234567890");

    const user = await adminUser(suite, "facebook_10215551234567890");
    expect(user.UserStatus).toBe("EXTERNAL_PROVIDER");
    expect(user.attributes).toMatchObject({
      sub: claims.sub,
      email: "frances@fb.test",
      given_name: "Frances",
      name: "Frances Allen",
    });
    expect(user.attributes.email_verified).toBe("false");
  });

  it("goes straight to Facebook with identity_provider=; a mapped field the user withholds is left out", async () => {
    facebook.nextUser({ id: "10215550000000001", first_name: "Barbara", name: "Barbara Liskov" });
    const { claims } = await signIn(suite, true);
    expect(claims).toMatchObject({
      "cognito:username": "facebook_10215550000000001",
      given_name: "Barbara",
      name: "Barbara Liskov",
    });
    expect(claims.email).toBeUndefined();
    expectFederated(claims, suite.pool, "Facebook", "10215550000000001");
    expect((await adminUser(suite, "facebook_10215550000000001")).attributes.email).toBeUndefined();
  });

  it("a person who cancels the dialog reaches the app as access_denied, with Facebook's words", async () => {
    const { landed, started } = await landing(suite, { choice: "cancel" });
    expect(Object.fromEntries(landed.searchParams)).toEqual({
      error: "access_denied",
      error_description: "Facebook Error - Permissions error",
      state: started.state,
    });
  });
});
