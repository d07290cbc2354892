// Facebook Login in real Chromium: openid-client as the app starts at cognate, the browser goes to
// the Facebook stand-in's dialog (Cognito's fixed Facebook endpoints mapped onto it), back through
// /oauth2/idpresponse after the GET token exchange and Graph's /me, and the app gets tokens whose
// claims follow the mapping. A person who cancels the dialog reaches the app as access_denied.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserSuite, codeGrant, newPage } from "../../oauth/browser/harness.js";
import { type FacebookStandIn, startFacebook } from "../stand-ins/facebook.js";
import {
  adminUser,
  authorization,
  expectFederated,
  type SocialPool,
  socialPool,
  throughProvider,
} from "./social.js";

const redirectUris: string[] = [];
const facebook: FacebookStandIn = await startFacebook({
  clientId: "fb-browser",
  clientSecret: "fb-browser-secret",
  redirectUris,
  consent: true,
});

const suite = browserSuite({
  cognate: {
    config: {
      federation: {
        allowLoopbackHttp: true,
        endpointOrigins: {
          "https://www.facebook.com": facebook.url,
          "https://graph.facebook.com": facebook.url,
        },
      },
    },
  },
});
let pool: SocialPool;

beforeAll(async () => {
  pool = await socialPool(suite, redirectUris, {
    ProviderName: "Facebook",
    ProviderType: "Facebook",
    ProviderDetails: {
      client_id: "fb-browser",
      client_secret: "fb-browser-secret",
      authorize_scopes: "public_profile,email",
      api_version: "v21.0",
    },
    AttributeMapping: { email: "email", given_name: "first_name", family_name: "last_name", name: "name" },
  });
}, 60_000);

afterAll(async () => {
  await facebook.close();
});

async function signIn(direct: boolean) {
  const { context, page } = await newPage(suite.browser);
  try {
    const started = await authorization(suite, pool, direct);
    const { landed } = await throughProvider(page, suite, pool, started, facebook.url);
    const tokens = await codeGrant(pool.config, landed.href, started);
    return { claims: tokens.claims()! as Record<string, unknown>, started };
  } finally {
    await context.close();
  }
}

describe("Facebook Login in Chromium", () => {
  it("goes from the sign-in page's button to Facebook's dialog and back, the tokens following the mapping", async () => {
    facebook.nextUser({
      id: "10215551234567890",
      email: "frances@fb.test",
      first_name: "Frances",
      last_name: "Allen",
      name: "Frances Allen",
    });
    const { claims, started } = await signIn(false);
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
    expectFederated(claims, pool, "Facebook", "10215551234567890");

    const user = await adminUser(suite, pool, "facebook_10215551234567890");
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
    const { claims } = await signIn(true);
    expect(claims).toMatchObject({
      "cognito:username": "facebook_10215550000000001",
      given_name: "Barbara",
      name: "Barbara Liskov",
    });
    expect(claims.email).toBeUndefined();
    expectFederated(claims, pool, "Facebook", "10215550000000001");
    expect((await adminUser(suite, pool, "facebook_10215550000000001")).attributes.email).toBeUndefined();
  });

  it("a person who cancels the dialog reaches the app as access_denied, with Facebook's words", async () => {
    const { context, page } = await newPage(suite.browser);
    try {
      const started = await authorization(suite, pool, true);
      const { landed } = await throughProvider(page, suite, pool, started, facebook.url, "cancel");
      expect(Object.fromEntries(landed.searchParams)).toEqual({
        error: "access_denied",
        error_description: "Facebook Error - Permissions error",
        state: started.state,
      });
    } finally {
      await context.close();
    }
  });
});
