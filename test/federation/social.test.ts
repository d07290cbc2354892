// Federated sign-in end to end over HTTP against the loopback stand-ins (no browser): each
// provider type from /oauth2/authorize to the IdP and back through /oauth2/idpresponse, the code
// exchanged at cognate's token endpoint, and the tokens' claims following the mapping.
import { describe, expect, it } from "vitest";
import {
  Agent,
  authorizeUrl,
  callbackError,
  federatedTokens,
  PROVIDERS,
  perFile,
  federationWorld,
} from "./harness.js";

const world = perFile(federationWorld);

describe("federated sign-in through each provider type", () => {
  it("OIDC (panva's oidc-provider): discovery, PKCE, nonce, userinfo claims", async () => {
    world.oidc.nextSubject("ada", { email: "ada@corp.example", name: "Ada Lovelace" });
    const { claims, tokens } = await federatedTokens(world, "Corp");
    expect(claims["cognito:username"]).toBe("corp_ada");
    // conformIdTokenClaims is on: email and name came from userinfo only.
    expect(claims.email).toBe("ada@corp.example");
    expect(claims.name).toBe("Ada Lovelace");
    expect(claims.aud).toBe(world.clientId);
    expect(claims["cognito:groups"]).toContain(`${world.poolId}_Corp`);
    expect(claims.identities).toEqual([
      expect.objectContaining({ userId: "ada", providerName: "Corp", providerType: "OIDC", primary: "true" }),
    ]);
    expect(claims.amr).toEqual(["fed"]);
    // The tokens carry an event_id; the pool (threat protection off) keeps no event under it, as
    // Cognito (src/user-pool/federation/federated-sign-in.test.ts: with it on, the event is kept).
    expect(claims.event_id).toMatch(/^[0-9a-f-]{36}$/);
    const store = await world.server.ctx.store();
    expect(await store.authEvents.get(world.poolId, String(claims.sub), String(claims.event_id))).toBeNull();
    expect(tokens.refresh_token).toEqual(expect.any(String));
  });

  it("OIDC: a second sign-in rewrites the mapped attributes of the same user", async () => {
    world.oidc.nextSubject("ada", { email: "ada@corp.example", name: "Ada King" });
    const again = await federatedTokens(world, "Corp");
    expect(again.claims["cognito:username"]).toBe("corp_ada");
    expect(again.claims.name).toBe("Ada King");
  });

  it("OIDC by idp_identifier", async () => {
    world.oidc.nextSubject("grace", { email: "grace@corp.example" });
    const agent = new Agent();
    const landing = await agent.walk(authorizeUrl(world, undefined, { idp_identifier: "corp.example" }));
    expect(landing.callback?.searchParams.get("code")).toEqual(expect.any(String));
  });

  it("Google: Cognito's fixed endpoints mapped to the stand-in, the People API for a mapped person field", async () => {
    world.google.nextUser({
      sub: "1057",
      email: "grace@gmail.test",
      name: "Grace Hopper",
      given_name: "Grace",
      family_name: "Hopper",
    });
    const { claims } = await federatedTokens(world, "Google");
    expect(claims["cognito:username"]).toBe("google_1057");
    expect(claims.email).toBe("grace@gmail.test");
    expect(claims.name).toBe("Grace Hopper");
    // `names` exists only in the People API's answer.
    expect(String(claims.nickname)).toContain("Grace Hopper");
  });

  it("Facebook: the GET exchange and Graph /me with the mapped fields", async () => {
    world.facebook.nextUser({
      id: "4242",
      email: "fb@example.test",
      first_name: "Frances",
      name: "Frances A",
    });
    const { claims } = await federatedTokens(world, "Facebook");
    expect(claims["cognito:username"]).toBe("facebook_4242");
    expect(claims.email).toBe("fb@example.test");
    expect(claims.given_name).toBe("Frances");
  });

  it("Facebook: a cancelled dialog reaches the app as access_denied", async () => {
    world.facebook.cancelNext();
    const landing = await new Agent().walk(authorizeUrl(world, "Facebook"));
    expect(callbackError(landing)).toEqual({
      error: "access_denied",
      description: "Facebook Error - Permissions error",
    });
    expect(landing.callback?.searchParams.get("state")).toBe("app-state");
  });

  it("Login with Amazon: the profile API", async () => {
    world.amazon.nextUser({ user_id: "amzn1.account.AB12", name: "Amy Zon", email: "amy@amazon.test" });
    const { claims } = await federatedTokens(world, "LoginWithAmazon");
    expect(claims["cognito:username"]).toBe("loginwithamazon_amzn1.account.ab12");
    expect(claims.email).toBe("amy@amazon.test");
    expect(claims.name).toBe("Amy Zon");
  });

  it("Sign in with Apple: form_post back, the ES256 client secret, the name from the first sign-in's user field", async () => {
    world.apple.nextUser({
      sub: "000999.apple.1",
      email: "tim@privaterelay.test",
      firstName: "Tim",
      lastName: "Apple",
    });
    const { claims } = await federatedTokens(world, "SignInWithApple");
    expect(claims["cognito:username"]).toBe("signinwithapple_000999.apple.1");
    expect(claims.email).toBe("tim@privaterelay.test");
    expect(claims.name).toBe("Tim Apple");
  });
});

describe("the sign-in page's provider buttons", () => {
  const buttons = (html: string) =>
    [
      ...html.matchAll(
        /<a class="cognate-idp" id="idp-([^"]+)" data-provider="[^"]+" href="([^"]+)">([^<]+)<\/a>/g,
      ),
    ].map((m) => ({ name: m[1]!, href: m[2]!.replaceAll("&amp;", "&"), text: m[3]! }));

  it("shows a button per provider of the client, carrying the request, beside the form", async () => {
    const agent = new Agent();
    const page = await agent.walk(authorizeUrl(world, undefined));
    expect(page.status).toBe(200);
    expect(page.body).toContain('name="cognitoSignInForm"');
    const found = buttons(page.body!);
    expect(found.map((b) => b.name)).toEqual(PROVIDERS);
    expect(found.map((b) => b.text)).toContain("Continue with Apple");
    const google = new URL(found[0]!.href, world.base);
    expect(google.pathname).toBe(`/${world.poolId}/oauth2/authorize`);
    expect(Object.fromEntries(google.searchParams)).toMatchObject({
      client_id: world.clientId,
      state: "app-state",
      identity_provider: "Google",
    });
    world.google.nextUser({ sub: "3001", email: "button@gmail.test" });
    const landing = await agent.walk(google.href);
    expect(landing.callback?.searchParams.get("code")).toEqual(expect.any(String));
  });

  it("shows only the buttons to a client without COGNITO, and refuses its form", async () => {
    const client = await world.client({ SupportedIdentityProviders: ["Google", "Corp"] });
    const query = new URLSearchParams({
      response_type: "code",
      client_id: client.id,
      redirect_uri: "https://app.example/cb",
      scope: "openid",
    });
    const page = await new Agent().walk(`${world.base}/oauth2/authorize?${query}`);
    expect(page.status).toBe(200);
    expect(page.body).not.toContain('name="cognitoSignInForm"');
    expect(buttons(page.body!).map((b) => b.name)).toEqual(["Google", "Corp"]);
    const posted = await fetch(`${world.base}/login?${query}`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "username=a&password=b",
    });
    expect(posted.status).toBe(302);
    expect(new URL(posted.headers.get("location")!).searchParams.get("error")).toBe("unauthorized_client");
  });
});
