// /oauth2/userInfo over the wire, on the real Node entry: which tokens it answers (OAuth access
// tokens with `openid`, of this pool, live, of an enabled user) and what it answers with.
import {
  AdminDisableUserCommand,
  AdminUserGlobalSignOutCommand,
  RevokeTokenCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { beforeAll, describe, expect, it } from "vitest";
import { appClient, authorizationCode, basicAuth, oauthAccessToken, signIn } from "./harness.js";
import { poolWithDomain, suiteServer, user } from "./server.js";

const server = suiteServer();
const INVALID_TOKEN =
  'Bearer error="invalid_token", error_description="Access token is expired, disabled, or deleted, or the user has globally signed out."';

let poolId: string;
let base: string;
let client: Awaited<ReturnType<typeof appClient>>;

const ATTRIBUTES = {
  email: "alice@example.com",
  email_verified: "true",
  phone_number: "+15555550100",
  phone_number_verified: "false",
  name: "Alice Liddell",
  locale: "en-GB",
};

beforeAll(async () => {
  ({ poolId, base } = await poolWithDomain(server));
  client = await appClient(server, poolId);
  await user(server, poolId, "alice", ATTRIBUTES);
});

const userInfo = (token: string | undefined, init: RequestInit = {}) =>
  fetch(`${base}/oauth2/userInfo`, {
    ...init,
    headers: { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...init.headers },
  });

async function tokenFor(scope: string, username = "alice") {
  const api = await signIn(server, client, username);
  return { api, token: await oauthAccessToken(server, api.AccessToken, scope) };
}

describe("/oauth2/userInfo", () => {
  it("answers an openid access token with sub, username and the scopes' attributes; email_verified as Cognito's string", async () => {
    const { token } = await tokenFor("openid email aws.cognito.signin.user.admin");
    const response = await userInfo(token);
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({
      sub: expect.stringMatching(/^[0-9a-f-]{36}$/),
      email: "alice@example.com",
      email_verified: "true",
      username: "alice",
    });
  });

  it("answers the token endpoint's own access token (a code exchanged by a confidential client)", async () => {
    const web = await appClient(server, poolId, {
      GenerateSecret: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ["openid", "email", "phone"],
      CallbackURLs: ["https://app.example.com/callback"],
      SupportedIdentityProviders: ["COGNITO"],
    });
    const redirectUri = "https://app.example.com/callback";
    const code = await authorizationCode(server, poolId, web.ClientId!, "alice", {
      redirectUri,
      scopes: ["openid", "phone"],
    });
    const exchanged = await fetch(`${base}/oauth2/token`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: basicAuth(web.ClientId!, web.ClientSecret!),
      },
      body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: redirectUri }),
    });
    expect(exchanged.status).toBe(200);
    const { access_token } = (await exchanged.json()) as { access_token: string };
    const response = await userInfo(access_token);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      sub: expect.any(String),
      phone_number: "+15555550100",
      phone_number_verified: "false",
      username: "alice",
    });
  });

  it("releases phone and profile attributes only with their scopes", async () => {
    const phone = (await (await userInfo((await tokenFor("openid phone")).token)).json()) as object;
    expect(phone).toEqual({
      sub: expect.any(String),
      phone_number: "+15555550100",
      phone_number_verified: "false",
      username: "alice",
    });
    const profile = (await (await userInfo((await tokenFor("openid profile")).token)).json()) as object;
    expect(profile).toEqual({
      sub: expect.any(String),
      name: "Alice Liddell",
      locale: "en-GB",
      username: "alice",
    });
  });

  it("answers openid alone with every attribute the client may read (Cognito's documented rule)", async () => {
    const body = (await (await userInfo((await tokenFor("openid")).token)).json()) as Record<string, unknown>;
    expect(body).toMatchObject({ ...ATTRIBUTES, username: "alice" });
    const limited = await appClient(server, poolId, { ReadAttributes: ["email", "name"] });
    const api = await signIn(server, limited, "alice");
    const token = await oauthAccessToken(server, api.AccessToken, "openid");
    expect(await (await userInfo(token)).json()).toEqual({
      sub: expect.any(String),
      email: "alice@example.com",
      name: "Alice Liddell",
      username: "alice",
    });
  });

  it("answers POST as GET", async () => {
    const { token } = await tokenFor("openid email");
    const response = await userInfo(token, { method: "POST" });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ email: "alice@example.com" });
  });

  it("refuses the user-pool API's own access token (no openid scope)", async () => {
    const api = await signIn(server, client, "alice");
    const response = await userInfo(api.AccessToken);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe(INVALID_TOKEN);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("refuses an ID token, an expired token, a forged signature and another pool's token", async () => {
    const { api, token } = await tokenFor("openid email");
    const expired = await oauthAccessToken(server, api.AccessToken, "openid", {
      now: Math.floor(Date.now() / 1000) - 7200,
    });
    const [header, payload, signature] = token.split(".");
    const forged = `${header}.${payload}.${signature!.slice(0, -4)}${signature!.endsWith("AAAA") ? "BBBB" : "AAAA"}`;
    const other = await poolWithDomain(server);
    const otherClient = await appClient(server, other.poolId);
    await user(server, other.poolId, "alice", ATTRIBUTES);
    const foreign = await oauthAccessToken(
      server,
      (await signIn(server, otherClient, "alice")).AccessToken,
      "openid",
    );
    expect(
      (await fetch(`${other.base}/oauth2/userInfo`, { headers: { authorization: `Bearer ${foreign}` } }))
        .status,
    ).toBe(200);
    for (const refused of [api.IdToken, expired, forged, foreign]) {
      const response = await userInfo(refused);
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe(INVALID_TOKEN);
    }
  });

  it("refuses a token once its sign-in is revoked, after a global sign-out, and for a disabled user", async () => {
    const revoked = await tokenFor("openid");
    expect((await userInfo(revoked.token)).status).toBe(200);
    await server.sdk.send(
      new RevokeTokenCommand({ ClientId: client.ClientId, Token: revoked.api.RefreshToken }),
    );
    expect((await userInfo(revoked.token)).status).toBe(401);

    await user(server, poolId, "bob", { email: "bob@example.com" });
    const api = await signIn(server, client, "bob");
    // Issued a few seconds before the sign-out (iat has a resolution of one second).
    const before = await oauthAccessToken(server, api.AccessToken, "openid", {
      now: Math.floor(Date.now() / 1000) - 5,
    });
    expect((await userInfo(before)).status).toBe(200);
    await server.sdk.send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: "bob" }));
    expect((await userInfo(before)).status).toBe(401);

    await user(server, poolId, "carol");
    const carol = await tokenFor("openid", "carol");
    expect((await userInfo(carol.token)).status).toBe(200);
    await server.sdk.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: "carol" }));
    const response = await userInfo(carol.token);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe(INVALID_TOKEN);
  });

  it("challenges a request without credentials with a bare Bearer (RFC 6750 section 3.1)", async () => {
    const response = await userInfo(undefined);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe("Bearer");
  });

  it("answers another scheme or a malformed token with invalid_request", async () => {
    for (const authorization of ["Basic YWxpY2U6c2VjcmV0", "Bearer", "Bearer a b", "Bearer ey,J"]) {
      const response = await userInfo(undefined, { headers: { authorization } });
      expect(response.status).toBe(400);
      expect(response.headers.get("www-authenticate")).toBe(
        'Bearer error="invalid_request", error_description="Bad OAuth2 request at UserInfo Endpoint"',
      );
      expect(await response.json()).toEqual({
        error: "invalid_request",
        error_description: "Bad OAuth2 request at UserInfo Endpoint",
      });
    }
  });

  it("answers a CORS preflight", async () => {
    const response = await fetch(`${base}/oauth2/userInfo`, {
      method: "OPTIONS",
      headers: { origin: "https://app.example.com", "access-control-request-method": "GET" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-headers")).toMatch(/authorization/i);
  });
});
