// Sign in with Google in real Chromium: openid-client as the app starts at cognate, the browser
// goes to the Google stand-in's consent page (Cognito's fixed Google endpoints mapped onto it),
// back through /oauth2/idpresponse, and the app gets tokens whose claims follow the mapping. Also
// the profile changing between sign-ins, linking to a native user and unlinking, a disabled
// federated user, and the attacks a browser can make: cancelling at Google, replaying the return,
// a forged ID token.
import {
  AdminCreateUserCommand,
  AdminDisableProviderForUserCommand,
  AdminDisableUserCommand,
  AdminLinkProviderForUserCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import * as oidc from "openid-client";
import { describe, expect, it } from "vitest";
import { newPage, pageText } from "../../oauth/browser/harness.js";
import { type GoogleStandIn, startGoogle } from "../stand-ins/google.js";
import {
  adminUser,
  atConsent,
  authorization,
  expectFederated,
  landing,
  signIn,
  socialSuite,
  statusOf,
  throughProvider,
} from "./social.js";

const redirectUris: string[] = [];
const google: GoogleStandIn = await startGoogle({
  clientId: "google-browser",
  clientSecret: "google-browser-secret",
  redirectUris,
  issuer: "https://accounts.google.com",
  consent: true,
});

const hosts = [
  "https://accounts.google.com",
  "https://www.googleapis.com",
  "https://people.googleapis.com",
  "https://openidconnect.googleapis.com",
];
const suite = socialSuite(google, redirectUris, hosts, {
  ProviderName: "Google",
  ProviderType: "Google",
  ProviderDetails: {
    client_id: "google-browser",
    client_secret: "google-browser-secret",
    authorize_scopes: "openid email profile",
  },
  AttributeMapping: {
    email: "email",
    email_verified: "email_verified",
    name: "name",
    given_name: "given_name",
    picture: "picture",
  },
});

describe("Sign in with Google in Chromium", () => {
  it("goes from the sign-in page's button to Google's consent page and back, the tokens following the mapping", async () => {
    google.nextUser({
      sub: "104857600000000000001",
      email: "grace@gmail.test",
      email_verified: true,
      name: "Grace Hopper",
      given_name: "Grace",
      picture: "https://lh3.googleusercontent.test/grace.png",
    });
    const { claims, started, tokens } = await signIn(suite, false);
    expect(claims).toMatchObject({
      nonce: started.nonce,
      "cognito:username": "google_104857600000000000001",
      email: "grace@gmail.test",
      email_verified: true,
      name: "Grace Hopper",
      given_name: "Grace",
      picture: "https://lh3.googleusercontent.test/grace.png",
    });
    expectFederated(claims, suite.pool, "Google", "104857600000000000001");
    // The app reads the user back with the access token, as for any other user.
    expect(
      await oidc.fetchUserInfo(suite.pool.config, tokens.access_token, String(claims.sub)),
    ).toMatchObject({
      username: "google_104857600000000000001",
      email: "grace@gmail.test",
    });

    const user = await adminUser(suite, "google_104857600000000000001");
    expect(user.UserStatus).toBe("EXTERNAL_PROVIDER");
    expect(user.Enabled).toBe(true);
    expect(user.attributes).toMatchObject({
      sub: claims.sub,
      email: "grace@gmail.test",
      email_verified: "true",
      name: "Grace Hopper",
    });
    // The attribute is a JSON string with a Boolean primary and a numeric dateCreated.
    expect(JSON.parse(user.attributes.identities!)).toEqual([
      expect.objectContaining({ userId: "104857600000000000001", providerName: "Google", primary: true }),
    ]);
  });

  it("goes straight to Google with identity_provider=, and maps Google's unverified email as unverified", async () => {
    google.nextUser({
      sub: "104857600000000000002",
      email: "unverified@gmail.test",
      email_verified: false,
      name: "Alan Turing",
    });
    const { claims } = await signIn(suite);
    expect(claims).toMatchObject({
      "cognito:username": "google_104857600000000000002",
      email: "unverified@gmail.test",
      email_verified: false,
    });
    expect((await adminUser(suite, "google_104857600000000000002")).attributes.email_verified).toBe("false");
  });

  it("rewrites the mapped attributes at the next sign-in; a claim Google stops sending keeps its value", async () => {
    const subject = "104857600000000000003";
    google.nextUser({
      sub: subject,
      email: "first@gmail.test",
      name: "First Name",
      picture: "https://lh3.googleusercontent.test/first.png",
    });
    const before = await signIn(suite);
    expect(before.claims).toMatchObject({ name: "First Name", email: "first@gmail.test" });

    google.nextUser({ sub: subject, email: "second@gmail.test", name: "Second Name" });
    const after = await signIn(suite);
    expect(after.claims).toMatchObject({
      sub: before.claims.sub,
      "cognito:username": `google_${subject}`,
      name: "Second Name",
      email: "second@gmail.test",
      picture: "https://lh3.googleusercontent.test/first.png",
    });
    expect((await adminUser(suite, `google_${subject}`)).attributes).toMatchObject({
      name: "Second Name",
      picture: "https://lh3.googleusercontent.test/first.png",
    });
  });

  it("signs a linked Google account in as the native user, and as a new federated user once unlinked", async () => {
    const { User } = await suite.cognate.sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: suite.pool.poolId,
        Username: "native.ada",
        MessageAction: "SUPPRESS",
        UserAttributes: [
          { Name: "email", Value: "ada@native.test" },
          { Name: "email_verified", Value: "true" },
        ],
      }),
    );
    const nativeSub = User!.Attributes!.find((a) => a.Name === "sub")!.Value!;
    await suite.cognate.sdk.send(
      new AdminLinkProviderForUserCommand({
        UserPoolId: suite.pool.poolId,
        DestinationUser: { ProviderName: "Cognito", ProviderAttributeValue: "native.ada" },
        SourceUser: {
          ProviderName: "Google",
          ProviderAttributeName: "Cognito_Subject",
          ProviderAttributeValue: "104857600000000000077",
        },
      }),
    );

    google.nextUser({ sub: "104857600000000000077", email: "ada@gmail.test", name: "Ada Lovelace" });
    const linked = await signIn(suite);
    expect(linked.claims).toMatchObject({ sub: nativeSub, "cognito:username": "native.ada" });
    expect(linked.claims.identities).toEqual([
      expect.objectContaining({ userId: "104857600000000000077", providerName: "Google", primary: "false" }),
    ]);
    const native = await adminUser(suite, "native.ada");
    expect(native.UserStatus).not.toBe("EXTERNAL_PROVIDER");
    await expect(adminUser(suite, "google_104857600000000000077")).rejects.toMatchObject({
      name: "UserNotFoundException",
    });

    await suite.cognate.sdk.send(
      new AdminDisableProviderForUserCommand({
        UserPoolId: suite.pool.poolId,
        User: {
          ProviderName: "Google",
          ProviderAttributeName: "Cognito_Subject",
          ProviderAttributeValue: "104857600000000000077",
        },
      }),
    );
    google.nextUser({ sub: "104857600000000000077", email: "ada@gmail.test", name: "Ada Lovelace" });
    const unlinked = await signIn(suite);
    expect(unlinked.claims["cognito:username"]).toBe("google_104857600000000000077");
    expect(unlinked.claims.sub).not.toBe(nativeSub);
    expectFederated(unlinked.claims, suite.pool, "Google", "104857600000000000077");
    expect((await adminUser(suite, "google_104857600000000000077")).UserStatus).toBe("EXTERNAL_PROVIDER");
  });

  it("refuses a disabled federated user with Cognito's redirect error to the app", async () => {
    google.nextUser({ sub: "104857600000000000099", email: "gone@gmail.test", name: "Gone" });
    await signIn(suite);
    await suite.cognate.sdk.send(
      new AdminDisableUserCommand({
        UserPoolId: suite.pool.poolId,
        Username: "google_104857600000000000099",
      }),
    );
    google.nextUser({ sub: "104857600000000000099", email: "gone@gmail.test", name: "Gone" });
    const { landed, started } = await landing(suite);
    expect(Object.fromEntries(landed.searchParams)).toEqual({
      error: "invalid_request",
      error_description: "User is disabled.",
      state: started.state,
    });
  });
});

describe("attacks through the browser", () => {
  it("a person who cancels at Google reaches the app as access_denied", async () => {
    const { landed, started } = await landing(suite, { choice: "cancel" });
    expect(Object.fromEntries(landed.searchParams)).toEqual({
      error: "access_denied",
      error_description: "Google Error - access_denied",
      state: started.state,
    });
  });

  it("a return replayed in the browser (the idpresponse URL again, or back to Google's page) is Cognito's error page", async () => {
    const { context, page } = await newPage(suite.browser);
    try {
      google.nextUser({ sub: "104857600000000000123", email: "replay@gmail.test" });
      const started = await authorization(suite, suite.pool, true);
      const { landed, idpResponse } = await throughProvider(page, suite, suite.pool, started, google.url);
      expect(landed.searchParams.get("code")).toEqual(expect.any(String));
      const codes = suite.rp.seen.filter((u) => u.searchParams.get("state") === started.state).length;

      // The same /oauth2/idpresponse URL, state, code and cookie: the state is spent.
      const again = await page.goto(idpResponse);
      expect(statusOf(again)).toBe(400);
      expect(await pageText(page)).toMatch(/Invalid state/i);

      // The back button to Google's consent page, and Continue once more: a fresh code from
      // Google, the same spent state.
      await page.goBack();
      await page.goBack();
      await atConsent(page, google.url);
      // The page is no-store, so the back button asks Google again; a Chromium that keeps it in
      // the back/forward cache anyway (its navigation entry still the first load's) reloads it.
      const loadedBy = await page.evaluate(
        () => (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).type,
      );
      if (loadedBy !== "back_forward") {
        await page.reload();
        await atConsent(page, google.url);
      }
      const answered = page.waitForResponse((r) => r.url().startsWith(suite.pool.idpResponse));
      await page.locator("#allow").click();
      expect((await answered).status()).toBe(400);
      expect(new URL(page.url()).href.startsWith(suite.pool.idpResponse)).toBe(true);
      expect(suite.rp.seen.filter((u) => u.searchParams.get("state") === started.state)).toHaveLength(codes);
    } finally {
      await context.close();
    }
  });

  it("a forged ID token (Google's stand-in signing with a key not in its JWKS) is refused, no user made", async () => {
    const { context, page } = await newPage(suite.browser);
    try {
      google.nextUser({ sub: "104857600000000000666", email: "mallory@gmail.test", name: "Mallory" });
      google.forgeNext();
      const started = await authorization(suite, suite.pool, true);
      const answered = page.waitForResponse((r) => r.url().startsWith(suite.pool.idpResponse));
      const { landed } = await throughProvider(page, suite, suite.pool, started, google.url);
      expect((await answered).status()).toBe(302);
      expect(landed.searchParams.get("code")).toBeNull();
      expect(landed.searchParams.get("error")).toBe("invalid_request");
      expect(landed.searchParams.get("error_description")).toBe(
        "Google Error - Invalid id_token: signature verification failed",
      );
      expect(landed.searchParams.get("state")).toBe(started.state);
      await expect(adminUser(suite, "google_104857600000000000666")).rejects.toMatchObject({
        name: "UserNotFoundException",
      });
    } finally {
      await context.close();
    }
  });

  it("an ID token with another sign-in's nonce is refused, no user made", async () => {
    google.nextUser({ sub: "104857600000000000667", email: "eve@gmail.test", name: "Eve" });
    google.forgeNext("nonce");
    const { landed } = await landing(suite);
    expect(landed.searchParams.get("code")).toBeNull();
    expect(landed.searchParams.get("error")).toBe("invalid_request");
    expect(landed.searchParams.get("error_description")).toMatch(
      /^Google Error - Invalid id_token: "nonce" is not the one sent/,
    );
    await expect(adminUser(suite, "google_104857600000000000667")).rejects.toMatchObject({
      name: "UserNotFoundException",
    });
  });
});
