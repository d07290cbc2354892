import { Hono, type Context } from "hono";
import { createLocalJWKSet, decodeJwt, jwtVerify } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { type AuthorizationRequest, authorizationRequest } from "./authorize-request.js";
import { authorizationCodeHash } from "./code-hash.js";
import { oauthFixture } from "./fixture.testing.js";
import { type Authentication, CODE_TTL_MS, grantAuthorization } from "./grant.js";
import { accessTokenHash } from "./tokens.js";

type Fixture = Awaited<ReturnType<typeof oauthFixture>>;
let f: Fixture;
let who: Authentication;
const CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

beforeAll(async () => {
  f = await oauthFixture();
  who = { sub: f.user.sub, username: "alice", authTime: Date.now() - 5000, amr: ["pwd", "mfa", "otp"] };
});

async function requestOf(extra: Record<string, string>): Promise<AuthorizationRequest> {
  const query = new URLSearchParams({
    response_type: "code",
    client_id: f.client.id,
    redirect_uri: "https://app.example/cb",
    code_challenge: CHALLENGE,
    code_challenge_method: "S256",
    ...extra,
  });
  const request = await authorizationRequest(f.hosted, query);
  if (request instanceof Response) throw new Error("refused");
  return request;
}

// grantAuthorization with a real Hono context of the given method.
async function grant(request: AuthorizationRequest, method = "GET"): Promise<Response> {
  const app = new Hono();
  app.on(method, "/", (c: Context) => grantAuthorization(c, f.hosted, request, who));
  return app.request("/", { method });
}

describe("grantAuthorization", () => {
  it("code flow: a 43-character code and the state, stored by keyed hash with the grant, for 5 minutes", async () => {
    const request = await requestOf({ state: "xyz", nonce: "n-0", scope: "openid email" });
    const response = await grant(request);
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe("https://app.example/cb");
    const code = location.searchParams.get("code")!;
    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(location.searchParams.get("state")).toBe("xyz");
    expect(await f.store.oauthCodes.find(code)).toBeNull();
    const stored = await f.store.oauthCodes.find(
      await authorizationCodeHash(await f.ctx.masterKey(), f.poolId, code),
    );
    expect(stored).toMatchObject({ clientId: f.client.id, sub: f.user.sub, consumedAt: null });
    expect(stored!.expiresAt - stored!.createdAt).toBe(CODE_TTL_MS);
    expect(stored!.grant).toEqual({
      redirectUri: "https://app.example/cb",
      scopes: ["openid", "email"],
      codeChallenge: CHALLENGE,
      nonce: "n-0",
      username: "alice",
      authTime: who.authTime,
      amr: ["pwd", "mfa", "otp"],
    });
  });

  it("keeps the redirect URI's query, and answers a POST with 303", async () => {
    const request = await requestOf({ redirect_uri: "http://localhost:3000/callback?x=1" });
    const response = await grant(request, "POST");
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get("location")!);
    expect(location.searchParams.get("x")).toBe("1");
    expect(location.searchParams.get("code")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(location.searchParams.has("state")).toBe(false);
  });

  it("implicit flow: the tokens in the fragment, no refresh token, nonce and at_hash in the ID token", async () => {
    const request = await requestOf({
      response_type: "token",
      state: "s t",
      nonce: "n-1",
      scope: "openid email",
    });
    const response = await grant(request);
    const location = new URL(response.headers.get("location")!);
    expect(location.search).toBe("");
    const fragment = Object.fromEntries(new URLSearchParams(location.hash.slice(1)));
    expect(Object.keys(fragment).sort()).toEqual([
      "access_token",
      "expires_in",
      "id_token",
      "state",
      "token_type",
    ]);
    expect(fragment).toMatchObject({ token_type: "Bearer", expires_in: "3600", state: "s t" });
    const jwks = createLocalJWKSet({
      keys: (await f.store.signingKeys.list(f.poolId)).map((k) => k.publicJwk as never),
    });
    const { payload: id } = await jwtVerify(fragment.id_token!, jwks, {
      issuer: f.hosted.issuer,
      audience: f.client.id,
    });
    expect(id).toMatchObject({
      nonce: "n-1",
      at_hash: await accessTokenHash(fragment.access_token!),
      token_use: "id",
      "cognito:username": "alice",
      email: "alice@example.com",
      email_verified: true,
      amr: ["pwd", "mfa", "otp"],
      auth_time: Math.floor(who.authTime / 1000),
    });
    // openid with email only: the email claims, not the rest.
    expect(id.name).toBeUndefined();
    const { payload: access } = await jwtVerify(fragment.access_token!, jwks, { issuer: f.hosted.issuer });
    expect(access).toMatchObject({
      scope: "openid email",
      version: 2,
      client_id: f.client.id,
      username: "alice",
      token_use: "access",
    });
    expect(access.origin_jti).toBe(id.origin_jti);
    expect(typeof access.jti).toBe("string");
    expect(typeof access.event_id).toBe("string");
  });

  it("implicit flow without openid: an access token only", async () => {
    const request = await requestOf({ response_type: "token", scope: "aws.cognito.signin.user.admin" });
    const fragment = new URLSearchParams(
      new URL((await grant(request)).headers.get("location")!).hash.slice(1),
    );
    expect(fragment.has("id_token")).toBe(false);
    expect(decodeJwt(fragment.get("access_token")!).scope).toBe("aws.cognito.signin.user.admin");
  });

  it("openid alone (or with profile) gives every readable attribute", async () => {
    const request = await requestOf({ response_type: "token", scope: "openid" });
    const fragment = new URLSearchParams(
      new URL((await grant(request)).headers.get("location")!).hash.slice(1),
    );
    expect(decodeJwt(fragment.get("id_token")!)).toMatchObject({
      name: "Alice",
      email: "alice@example.com",
      phone_number: "+15550100",
    });
  });

  it("names the sign-in's auth event in the tokens' event_id when the sign-in gives it", async () => {
    const request = await requestOf({ response_type: "token", scope: "openid" });
    const app = new Hono();
    app.get("/", (c: Context) =>
      grantAuthorization(c, f.hosted, request, { ...who, eventId: "ev-signin-1" }),
    );
    const fragment = new URLSearchParams(
      new URL((await app.request("/")).headers.get("location")!).hash.slice(1),
    );
    expect(decodeJwt(fragment.get("access_token")!).event_id).toBe("ev-signin-1");
    expect(decodeJwt(fragment.get("id_token")!).event_id).toBe("ev-signin-1");
  });
});
