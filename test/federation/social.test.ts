// Federated sign-in end to end over HTTP against the loopback stand-ins (no browser): each
// provider type from /oauth2/authorize to the IdP and back through /oauth2/idpresponse, the code
// exchanged at cognate's token endpoint, and the tokens' claims following the mapping.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  Agent,
  authorizeUrl,
  callbackError,
  federatedTokens,
  type FederationWorld,
  federationWorld,
} from "./harness.js";

let world: FederationWorld;
beforeAll(async () => {
  world = await federationWorld();
});
afterAll(async () => {
  await world?.close();
});

describe("federated sign-in through each provider type", () => {
  it("OIDC (panva's oidc-provider): discovery, PKCE, nonce, userinfo claims", async () => {
    world.oidc.nextSubject("ada", { email: "ada@corp.example", name: "Ada Lovelace" });
    const { claims, tokens } = await federatedTokens(world, "Corp");
    expect(claims["cognito:username"]).toBe("corp_ada");
    // conformIdTokenClaims is on: email and name came from userinfo only.
    expect(claims.email).toBe("ada@corp.example");
    expect(claims.name).toBe("Ada Lovelace");
    expect(claims.aud).toBe(world.clientId);
    expect(tokens.refresh_token).toEqual(expect.any(String));
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
