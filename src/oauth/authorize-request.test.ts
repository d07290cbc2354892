import { beforeAll, describe, expect, it } from "vitest";
import { type AuthorizationRequest, authorizationRequest } from "./authorize-request.js";
import { oauthFixture } from "./fixture.testing.js";

type Fixture = Awaited<ReturnType<typeof oauthFixture>>;
let f: Fixture;
let confidential: Fixture["client"];
const CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

beforeAll(async () => {
  f = await oauthFixture();
  confidential = await f.makeClient({ GenerateSecret: true, AllowedOAuthFlows: ["code"] });
});

const params = (extra: Record<string, string | undefined> = {}, clientId = f.client.id) => {
  const query = new URLSearchParams({
    response_type: "code",
    client_id: clientId,
    redirect_uri: "https://app.example/cb",
    code_challenge: CHALLENGE,
    code_challenge_method: "S256",
  });
  for (const [name, value] of Object.entries(extra))
    if (value === undefined) query.delete(name);
    else query.set(name, value);
  return query;
};

const request = async (extra: Record<string, string | undefined> = {}, clientId?: string) =>
  authorizationRequest(f.hosted, params(extra, clientId));

const ok = async (extra: Record<string, string | undefined> = {}, clientId?: string) => {
  const result = await request(extra, clientId);
  if (result instanceof Response)
    throw new Error(`refused: ${result.headers.get("location") ?? result.status}`);
  return result as AuthorizationRequest;
};

// An error redirect's parameters (query or fragment).
const redirected = (response: Response | AuthorizationRequest) => {
  expect(response).toBeInstanceOf(Response);
  const r = response as Response;
  expect(r.status).toBe(302);
  const location = new URL(r.headers.get("location")!);
  expect(`${location.origin}${location.pathname}`).toBe("https://app.example/cb");
  return Object.fromEntries(new URLSearchParams(location.hash.slice(1) || location.search));
};

const page = async (response: Response | AuthorizationRequest, error: string) => {
  expect(response).toBeInstanceOf(Response);
  const r = response as Response;
  expect(r.status).toBe(400);
  expect(r.headers.get("location")).toBeNull();
  expect(await r.text()).toContain(error);
};

describe("authorizationRequest", () => {
  it("accepts a valid code request, defaulting the scopes to all of the client's", async () => {
    const r = await ok({ state: "a b&c", nonce: "n-1", login_hint: "alice", lang: "fr" });
    expect(r).toMatchObject({
      responseType: "code",
      redirectUri: "https://app.example/cb",
      scopes: ["openid", "email", "profile", "aws.cognito.signin.user.admin"],
      state: "a b&c",
      nonce: "n-1",
      codeChallenge: CHALLENGE,
      loginHint: "alice",
      lang: "fr",
      requireMfa: false,
    });
    expect(r.client.id).toBe(f.client.id);
    expect(new URLSearchParams(r.query).get("state")).toBe("a b&c");
  });

  it("refuses a missing or unknown client on the error page, never redirecting", async () => {
    await page(await request({ client_id: undefined }), "invalid_request");
    await page(await request({}, "nosuchclient0000000000000"), "invalid_client");
    await page(await request({}, "bad client!"), "invalid_client");
  });

  it("matches redirect_uri exactly: case, trailing slash, query, and missing all count", async () => {
    for (const uri of [
      "https://app.example/cb/",
      "https://APP.example/cb",
      "https://app.example/CB",
      "https://app.example/cb?x=1",
      "https://app.example/cb#",
      "https://evil.example/cb",
    ])
      await page(await request({ redirect_uri: uri }), "redirect_mismatch");
    await page(await request({ redirect_uri: undefined }), "redirect_mismatch");
    const twice = params();
    twice.append("redirect_uri", "https://app.example/cb");
    await page(await authorizationRequest(f.hosted, twice), "redirect_mismatch");
    expect((await ok({ redirect_uri: "http://localhost:3000/callback?x=1" })).redirectUri).toBe(
      "http://localhost:3000/callback?x=1",
    );
  });

  it("answers response_type errors at the redirect URI, with the state", async () => {
    expect(redirected(await request({ response_type: "id_token", state: "s" }))).toEqual({
      error: "unsupported_response_type",
      error_description: "response_type id_token is not supported",
      state: "s",
    });
    expect(redirected(await request({ response_type: undefined })).error).toBe("invalid_request");
  });

  it("refuses flows the client is not allowed: unauthorized_client", async () => {
    const off = await f.makeClient({ AllowedOAuthFlowsUserPoolClient: false });
    expect(redirected(await request({}, off.id)).error).toBe("unauthorized_client");
    expect(redirected(await request({ response_type: "token" }, confidential.id))).toMatchObject({
      error: "unauthorized_client",
    });
  });

  it("puts implicit-flow errors in the fragment", async () => {
    const response = (await request({ response_type: "token", scope: "phone", state: "s" })) as Response;
    const location = new URL(response.headers.get("location")!);
    expect(location.search).toBe("");
    expect(Object.fromEntries(new URLSearchParams(location.hash.slice(1)))).toMatchObject({
      error: "invalid_scope",
      state: "s",
    });
  });

  it("grants the requested scopes the client has, and refuses any other", async () => {
    expect((await ok({ scope: "openid  email" })).scopes).toEqual(["openid", "email"]);
    expect((await ok({ scope: "email" })).scopes).toEqual(["email"]);
    expect(redirected(await request({ scope: "openid phone" }))).toMatchObject({
      error: "invalid_scope",
      error_description: "Invalid scope requested: phone",
    });
    expect(redirected(await request({ scope: 'openid "x' })).error).toBe("invalid_scope");
  });

  it("drops a custom scope whose resource server is gone, and grants it while it exists", async () => {
    const scope = (name: string) => ({ name, description: name });
    await f.store.resourceServers.create(
      { poolId: f.poolId, identifier: "orders", name: "Orders", scopes: [scope("read")] },
      Date.now(),
      25,
    );
    await f.store.resourceServers.create(
      { poolId: f.poolId, identifier: "gone", name: "Gone", scopes: [scope("all")] },
      Date.now(),
      25,
    );
    const client = await f.makeClient({ AllowedOAuthScopes: ["openid", "orders/read", "gone/all"] });
    expect((await ok({ scope: "openid gone/all" }, client.id)).scopes).toEqual(["openid", "gone/all"]);
    await f.store.resourceServers.delete(f.poolId, "gone");
    expect((await ok({ scope: "openid orders/read gone/all" }, client.id)).scopes).toEqual([
      "openid",
      "orders/read",
    ]);
    expect((await ok({}, client.id)).scopes).toEqual(["openid", "orders/read"]);
    expect(redirected(await request({ scope: "gone/all" }, client.id)).error).toBe("invalid_scope");
  });

  it("takes PKCE with S256 only, and requires it of public clients by default", async () => {
    expect(redirected(await request({ code_challenge_method: "plain" })).error).toBe("invalid_request");
    expect(redirected(await request({ code_challenge_method: undefined })).error).toBe("invalid_request");
    expect(redirected(await request({ code_challenge: "short" })).error).toBe("invalid_request");
    expect(redirected(await request({ code_challenge: `${CHALLENGE}!` })).error).toBe("invalid_request");
    expect(
      redirected(await request({ code_challenge: undefined, code_challenge_method: undefined }))
        .error_description,
    ).toMatch(/code_challenge is required/);
    // A confidential client may go without, unless the setting says all clients.
    expect(
      (await ok({ code_challenge: undefined, code_challenge_method: undefined }, confidential.id))
        .codeChallenge,
    ).toBeUndefined();
    const strict = { ...f.hosted, options: { ...f.hosted.options, pkce: "all-clients" as const } };
    const refused = await authorizationRequest(
      strict,
      params({ code_challenge: undefined, code_challenge_method: undefined }, confidential.id),
    );
    expect(redirected(refused).error).toBe("invalid_request");
    const loose = { ...f.hosted, options: { ...f.hosted.options, pkce: "optional" as const } };
    expect(
      await authorizationRequest(
        loose,
        params({ code_challenge: undefined, code_challenge_method: undefined }),
      ),
    ).not.toBeInstanceOf(Response);
    // The implicit flow has no code to bind a challenge to.
    expect(
      (await ok({ response_type: "token", code_challenge: undefined, code_challenge_method: undefined }))
        .responseType,
    ).toBe("token");
  });

  it("reads prompt, max_age and acr_values", async () => {
    const r = await ok({ prompt: "login consent", max_age: "0", acr_values: "urn:x mfa" });
    expect([...r.prompt]).toEqual(["login", "consent"]);
    expect(r.maxAge).toBe(0);
    expect(r.requireMfa).toBe(true);
    expect(r.acrValues).toEqual(["urn:x", "mfa"]);
    expect(
      (await ok({ acr_values: "http://schemas.openid.net/pape/policies/2007/06/multi-factor" })).requireMfa,
    ).toBe(true);
    expect((await ok({ acr_values: "urn:x" })).requireMfa).toBe(false);
    expect(redirected(await request({ prompt: "none login" })).error).toBe("invalid_request");
    expect(redirected(await request({ prompt: "sometimes" })).error).toBe("invalid_request");
    for (const maxAge of ["-1", "1.5", "abc", "99999999999"])
      expect(redirected(await request({ max_age: maxAge })).error).toBe("invalid_request");
  });

  it("resolves identity_provider and idp_identifier among the pool's providers and the client's", async () => {
    const { callOperation } = await import("./fixture.testing.js");
    const poolId = f.poolId;
    await callOperation(f.ctx, "CreateIdentityProvider", {
      UserPoolId: poolId,
      ProviderName: "Google",
      ProviderType: "Google",
      ProviderDetails: { client_id: "g", client_secret: "s", authorize_scopes: "openid email" },
    });
    await callOperation(f.ctx, "CreateIdentityProvider", {
      UserPoolId: poolId,
      ProviderName: "Corp",
      ProviderType: "OIDC",
      ProviderDetails: {
        client_id: "c",
        client_secret: "s",
        authorize_scopes: "openid",
        attributes_request_method: "GET",
        oidc_issuer: "https://idp.corp.example",
      },
      IdpIdentifiers: ["corp.example"],
    });
    const both = await f.makeClient({ SupportedIdentityProviders: ["COGNITO", "Google", "Corp"] });
    const googleOnly = await f.makeClient({ SupportedIdentityProviders: ["Google"] });

    expect((await ok({ identity_provider: "COGNITO" })).identityProvider).toBeUndefined();
    expect((await ok({ identity_provider: "Google" }, both.id)).identityProvider).toMatchObject({
      name: "Google",
      type: "Google",
    });
    expect((await ok({ idp_identifier: "corp.example" }, both.id)).identityProvider?.name).toBe("Corp");
    expect((await ok({ identity_provider: "Google" }, googleOnly.id)).identityProvider?.name).toBe("Google");
    // The client f.client lists COGNITO only.
    expect(redirected(await request({ identity_provider: "Google" }))).toMatchObject({
      error: "invalid_request",
      error_description: "identity provider Google is not supported",
    });
    expect(redirected(await request({ identity_provider: "Nobody" }, both.id)).error).toBe("invalid_request");
    expect(redirected(await request({ idp_identifier: "example.com" }, both.id)).error).toBe(
      "invalid_request",
    );
    expect(redirected(await request({ idp_identifier: "corp.example" }, googleOnly.id)).error).toBe(
      "invalid_request",
    );
    expect(
      redirected(await request({ identity_provider: "Google", idp_identifier: "corp.example" }, both.id))
        .error,
    ).toBe("invalid_request");
    // The pool's own sign-in stays refused to a client without COGNITO.
    expect(redirected(await request({}, googleOnly.id)).error).toBe("unauthorized_client");
    expect(redirected(await request({ identity_provider: "COGNITO" }, googleOnly.id)).error).toBe(
      "unauthorized_client",
    );
  });

  it("refuses a repeated parameter and an overlong one", async () => {
    const twice = params();
    twice.append("scope", "openid");
    twice.append("scope", "email");
    expect(redirected(await authorizationRequest(f.hosted, twice)).error).toBe("invalid_request");
    expect(redirected(await request({ state: "x".repeat(5000) })).error).toBe("invalid_request");
  });

  it("keeps the redirect URI's own query when redirecting an error", async () => {
    const response = (await request({
      redirect_uri: "http://localhost:3000/callback?x=1",
      scope: "phone",
    })) as Response;
    const location = new URL(response.headers.get("location")!);
    expect(location.searchParams.get("x")).toBe("1");
    expect(location.searchParams.get("error")).toBe("invalid_scope");
  });
});
