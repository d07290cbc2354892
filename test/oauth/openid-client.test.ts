// openid-client (panva's certified relying party) against cognate by discovery alone: the
// authorization URL it builds goes to /oauth2/authorize over HTTP, which sends it on to /login;
// the sign-in page's last step (grantAuthorization) is run in process; the callback URL it
// redirects to is handed back to openid-client, which exchanges the code with PKCE and checks
// the ID token's nonce, then refreshes.
import * as oidc from "openid-client";
import { beforeAll, describe, expect, it } from "vitest";
import type { UserRecord } from "../../src/storage/index.js";
import { oauthSuite } from "./helpers.js";

const env = oauthSuite();
let user: UserRecord;

beforeAll(async () => {
  user = await env.makeUser("peter");
});

const REDIRECT = "http://localhost:3000/callback";

async function signIn(config: oidc.Configuration, extra: Record<string, string> = {}) {
  const verifier = oidc.randomPKCECodeVerifier();
  const nonce = oidc.randomNonce();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT,
    scope: "openid email profile",
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    nonce,
    state,
    ...extra,
  });
  expect(url.href.startsWith(`${env.issuer}/oauth2/authorize?`)).toBe(true);
  // The authorization endpoint validates the request and hands it to the sign-in page.
  const response = await fetch(url, { redirect: "manual" });
  expect(response.status).toBe(302);
  const login = new URL(response.headers.get("location")!, url);
  expect(login.pathname).toBe(`/${env.poolId}/login`);
  expect(login.searchParams.get("nonce")).toBe(nonce);
  // The sign-in page's last step, for a user who just signed in with a password.
  const callback = await env.authorizeAs(user, Object.fromEntries(login.searchParams));
  expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT);
  return { callback, verifier, nonce, state };
}

describe("openid-client", () => {
  it("signs in a public client by discovery, the code flow with PKCE and nonce, and refreshes", async () => {
    const client = await env.makeClient();
    const config = await oidc.discovery(new URL(env.issuer), client.id, undefined, oidc.None(), {
      execute: [oidc.allowInsecureRequests],
    });
    expect(config.serverMetadata().token_endpoint).toBe(`${env.issuer}/oauth2/token`);
    const { callback, verifier, nonce, state } = await signIn(config);
    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedNonce: nonce,
      expectedState: state,
      idTokenExpected: true,
    });
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({
      sub: user.sub,
      nonce,
      iss: env.issuer,
      aud: client.id,
      email: "peter@example.com",
    });
    expect(tokens.refresh_token).toBeDefined();

    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.access_token).toBeDefined();
    expect(refreshed.claims()!.sub).toBe(user.sub);
  });

  it("authenticates a confidential client with client_secret_basic", async () => {
    const client = await env.makeClient({ GenerateSecret: true });
    const config = await oidc.discovery(
      new URL(env.issuer),
      client.id,
      undefined,
      oidc.ClientSecretBasic(client.secret!),
      { execute: [oidc.allowInsecureRequests] },
    );
    const { callback, verifier, nonce, state } = await signIn(config);
    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedNonce: nonce,
      expectedState: state,
    });
    expect(tokens.claims()!.sub).toBe(user.sub);
  });

  it("fails the exchange when the nonce is not the one sent", async () => {
    const client = await env.makeClient();
    const config = await oidc.discovery(new URL(env.issuer), client.id, undefined, oidc.None(), {
      execute: [oidc.allowInsecureRequests],
    });
    const { callback, verifier, state } = await signIn(config);
    const error = (await oidc
      .authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: verifier,
        expectedNonce: oidc.randomNonce(),
        expectedState: state,
      })
      .catch((e: unknown) => e)) as Error & { cause?: Error };
    expect(error.cause?.message).toBe('unexpected ID Token "nonce" claim value');
  });
});
