// The first leg: the redirect to each OAuth-based provider type, with cognate's state, nonce,
// PKCE and the exact redirect URI; endpoints through the origin map; an unusable endpoint.
import { type Context, Hono } from "hono";
import { beforeAll, describe, expect, it } from "vitest";
import { authorizationRequest, type AuthorizationRequest } from "../authorize-request.js";
import { callOperation, oauthFixture } from "../fixture.testing.js";
import type { Hosted } from "../hosted.js";
import { endFederation, type FederationState } from "./state.js";
import { hostedUrl, STARTERS, startFederation } from "./start.js";

type Fixture = Awaited<ReturnType<typeof oauthFixture>>;
let f: Fixture;
let clientId: string;

const APPLE_P8 = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgevZzL1gdAFr88hb2
OF/2NxApJCzGCEDdfSp6VQO30hyhRANCAAQRWz+jn65BtOMvdyHKcvjBeBSDZH2r
1RTwjmYSi9R/zpBnuQ4EiMnCqfMPWiZqB4QdbAd0E7oH50VpuZ1P087G
-----END PRIVATE KEY-----`;

beforeAll(async () => {
  f = await oauthFixture();
  const idp = (ProviderName: string, ProviderType: string, ProviderDetails: Record<string, string>) =>
    callOperation(f.ctx, "CreateIdentityProvider", {
      UserPoolId: f.poolId,
      ProviderName,
      ProviderType,
      ProviderDetails,
    });
  await idp("Google", "Google", {
    client_id: "g-id",
    client_secret: "s",
    authorize_scopes: "openid email profile",
  });
  await idp("Facebook", "Facebook", {
    client_id: "fb-id",
    client_secret: "s",
    authorize_scopes: "public_profile, email",
  });
  await idp("LoginWithAmazon", "LoginWithAmazon", {
    client_id: "amzn",
    client_secret: "s",
    authorize_scopes: "profile",
  });
  await idp("SignInWithApple", "SignInWithApple", {
    client_id: "com.example.web",
    team_id: "TEAM123456",
    key_id: "KEY1234567",
    private_key: APPLE_P8,
    authorize_scopes: "email name",
  });
  await idp("Corp", "OIDC", {
    client_id: "corp",
    client_secret: "s",
    authorize_scopes: "openid email",
    attributes_request_method: "GET",
    oidc_issuer: "https://idp.corp.example",
    authorize_url: "https://idp.corp.example/authorize",
    token_url: "https://idp.corp.example/token",
    jwks_uri: "https://idp.corp.example/jwks",
  });
  clientId = (
    await f.makeClient({
      SupportedIdentityProviders: [
        "COGNITO",
        "Google",
        "Facebook",
        "LoginWithAmazon",
        "SignInWithApple",
        "Corp",
      ],
    })
  ).id;
});

async function onRequest<T>(
  cookie: string,
  work: (c: Context) => Promise<T>,
  url = "http://127.0.0.1/",
): Promise<T> {
  let out: T | undefined;
  const app = new Hono();
  app.all("*", async (c) => {
    out = await work(c);
    return c.body(null, 204);
  });
  await app.request(url, { headers: cookie === "" ? {} : { cookie } });
  return out as T;
}

async function start(provider: string, hosted: Hosted = f.hosted) {
  const query = new URLSearchParams({
    response_type: "code",
    client_id: clientId,
    redirect_uri: "https://app.example/cb",
    state: "app-state",
    identity_provider: provider,
    code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    code_challenge_method: "S256",
  });
  const request = (await authorizationRequest(hosted, query)) as AuthorizationRequest;
  expect(request).not.toBeInstanceOf(Response);
  const response = await onRequest("", (c) => startFederation(c, hosted, request));
  return { response, location: new URL(response.headers.get("location") ?? "about:blank"), request };
}

describe("starting a federated sign-in", () => {
  it("has a starter per OAuth-based type", () => {
    expect(Object.keys(STARTERS)).toEqual(
      expect.arrayContaining(["OIDC", "Google", "Facebook", "LoginWithAmazon", "SignInWithApple"]),
    );
  });

  it("sends Google the code flow with cognate's state, a nonce, PKCE S256 and the exact redirect URI", async () => {
    const { response, location, request } = await start("Google");
    expect(response.status).toBe(302);
    expect(`${location.origin}${location.pathname}`).toBe("https://accounts.google.com/o/oauth2/v2/auth");
    const q = Object.fromEntries(location.searchParams);
    expect(q).toMatchObject({
      client_id: "g-id",
      redirect_uri: `http://127.0.0.1:9229/${f.poolId}/oauth2/idpresponse`,
      response_type: "code",
      scope: "openid email profile",
      code_challenge_method: "S256",
    });
    expect(q.state).not.toBe("app-state");
    expect(q.nonce).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.code_challenge).not.toBe(request.codeChallenge);
    const cookie = response.headers.get("set-cookie")!.split(";")[0]!;
    const opened = (await onRequest(cookie, (c) => endFederation(c, f.hosted, q.state))) as FederationState;
    expect(opened).toMatchObject({ provider: "Google", clientId, query: request.query, idpNonce: q.nonce });
    // The verifier sent back with the code is the one of the challenge sent.
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(opened.pkceVerifier));
    expect(Buffer.from(digest).toString("base64url")).toBe(q.code_challenge);
  });

  it("joins Facebook's scopes with commas and sends it neither nonce nor PKCE", async () => {
    const { location } = await start("Facebook");
    expect(`${location.origin}${location.pathname}`).toBe("https://www.facebook.com/v17.0/dialog/oauth");
    expect(location.searchParams.get("scope")).toBe("public_profile,email");
    expect(location.searchParams.has("nonce")).toBe(false);
    expect(location.searchParams.has("code_challenge")).toBe(false);
  });

  it("asks Apple for a form_post answer, and Login with Amazon for its profile scope", async () => {
    const apple = await start("SignInWithApple");
    expect(`${apple.location.origin}${apple.location.pathname}`).toBe(
      "https://appleid.apple.com/auth/authorize",
    );
    expect(apple.location.searchParams.get("response_mode")).toBe("form_post");
    expect(apple.location.searchParams.get("scope")).toBe("email name");
    expect(apple.location.searchParams.has("nonce")).toBe(true);
    const amazon = await start("LoginWithAmazon");
    expect(`${amazon.location.origin}${amazon.location.pathname}`).toBe("https://www.amazon.com/ap/oa");
    expect(amazon.location.searchParams.get("scope")).toBe("profile");
  });

  it("uses a generic OIDC provider's configured endpoints without discovery", async () => {
    const { location } = await start("Corp");
    expect(`${location.origin}${location.pathname}`).toBe("https://idp.corp.example/authorize");
    expect(location.searchParams.get("client_id")).toBe("corp");
  });

  it("rewrites endpoint origins through the federation setting, and refuses plain http otherwise", async () => {
    const mapped: Hosted = {
      ...f.hosted,
      options: {
        ...f.hosted.options,
        federation: {
          endpointOrigins: { "https://accounts.google.com": "http://127.0.0.1:4001" },
          allowLoopbackHttp: false,
        },
      },
    };
    const { location } = await start("Google", mapped);
    expect(`${location.origin}${location.pathname}`).toBe("http://127.0.0.1:4001/o/oauth2/v2/auth");
    const refused: Hosted = {
      ...f.hosted,
      options: {
        ...f.hosted.options,
        federation: {
          endpointOrigins: { "https://accounts.google.com": "ftp://127.0.0.1:4001" },
          allowLoopbackHttp: false,
        },
      },
    };
    const { location: error } = await start("Google", refused);
    expect(`${error.origin}${error.pathname}`).toBe("https://app.example/cb");
    expect(error.searchParams.get("error")).toBe("server_error");
    expect(error.searchParams.get("state")).toBe("app-state");
  });

  it("names the redirect URI on a domain's host by the host the browser used", async () => {
    const onDomain: Hosted = { ...f.hosted, base: "", https: true };
    const url = await onRequest(
      "",
      async (c) => hostedUrl(c, onDomain, "/oauth2/idpresponse"),
      "https://oauth-test.auth.example.com/oauth2/authorize",
    );
    expect(url).toBe("https://oauth-test.auth.example.com/oauth2/idpresponse");
  });
});
