// /oauth2/revoke over the wire (RFC 7009, Cognito's answers): a refresh token's family ends, and
// the access tokens issued from it with it, as RevokeToken does.
import {
  GetUserCommand,
  InitiateAuthCommand,
  type UserPoolClientType,
} from "@aws-sdk/client-cognito-identity-provider";
import { beforeAll, describe, expect, it } from "vitest";
import { appClient, authorizationCode, basicAuth, oauthAccessToken, signIn } from "./harness.js";
import { poolWithDomain, suiteServer, user } from "./server.js";

const server = suiteServer();
let base: string;
let poolId: string;
let publicClient: UserPoolClientType;
let confidential: UserPoolClientType;

beforeAll(async () => {
  ({ poolId, base } = await poolWithDomain(server));
  publicClient = await appClient(server, poolId);
  confidential = await appClient(server, poolId, { GenerateSecret: true });
  await user(server, poolId, "alice", { email: "alice@example.com" });
});

const revoke = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${base}/oauth2/revoke`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body,
  });

const refreshes = async (client: UserPoolClientType, refreshToken: string) => {
  try {
    await server.sdk.send(
      new InitiateAuthCommand({
        ClientId: client.ClientId,
        AuthFlow: "REFRESH_TOKEN_AUTH",
        AuthParameters: { REFRESH_TOKEN: refreshToken },
      }),
    );
    return true;
  } catch {
    return false;
  }
};

const signInWithSecret = async () => {
  const { createHmac } = await import("node:crypto");
  const hash = createHmac("sha256", confidential.ClientSecret!)
    .update(`alice${confidential.ClientId}`)
    .digest("base64");
  const result = await server.sdk.send(
    new InitiateAuthCommand({
      ClientId: confidential.ClientId,
      AuthFlow: "USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: "alice", PASSWORD: "Correct-Horse-9-battery", SECRET_HASH: hash },
    }),
  );
  return result.AuthenticationResult!;
};

describe("/oauth2/revoke", () => {
  it("revokes a public client's refresh token: 200, empty body; refresh and the derived access tokens die", async () => {
    const tokens = await signIn(server, publicClient, "alice");
    const oauthToken = await oauthAccessToken(server, tokens.AccessToken, "openid email");
    expect(await refreshes(publicClient, tokens.RefreshToken)).toBe(true);
    const response = await revoke(`token=${tokens.RefreshToken}&client_id=${publicClient.ClientId}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(await refreshes(publicClient, tokens.RefreshToken)).toBe(false);
    await expect(
      server.sdk.send(new GetUserCommand({ AccessToken: tokens.AccessToken })),
    ).rejects.toMatchObject({
      name: "NotAuthorizedException",
    });
    const info = await fetch(`${base}/oauth2/userInfo`, {
      headers: { authorization: `Bearer ${oauthToken}` },
    });
    expect(info.status).toBe(401);
  });

  it("revokes the token endpoint's refresh token: refresh_token is then invalid_grant, userInfo refuses the access token", async () => {
    const web = await appClient(server, poolId, {
      GenerateSecret: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ["openid", "email"],
      CallbackURLs: ["https://app.example.com/callback"],
      SupportedIdentityProviders: ["COGNITO"],
    });
    const auth = basicAuth(web.ClientId!, web.ClientSecret!);
    const tokenEndpoint = (body: URLSearchParams) =>
      fetch(`${base}/oauth2/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", authorization: auth },
        body,
      });
    const redirectUri = "https://app.example.com/callback";
    const code = await authorizationCode(server, poolId, web.ClientId!, "alice", {
      redirectUri,
      scopes: ["openid", "email"],
    });
    const tokens = (await (
      await tokenEndpoint(
        new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: redirectUri }),
      )
    ).json()) as { access_token: string; refresh_token: string };
    const refresh = () =>
      tokenEndpoint(
        new URLSearchParams({ grant_type: "refresh_token", refresh_token: tokens.refresh_token }),
      );
    expect((await refresh()).status).toBe(200);
    const response = await revoke(`token=${encodeURIComponent(tokens.refresh_token)}`, {
      authorization: auth,
    });
    expect(response.status).toBe(200);
    const refused = await refresh();
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: "invalid_grant" });
    const info = await fetch(`${base}/oauth2/userInfo`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(info.status).toBe(401);
  });

  it("answers 200 again for the same token, an unknown one, and another client's (which stays alive)", async () => {
    const tokens = await signIn(server, publicClient, "alice");
    const body = `token=${tokens.RefreshToken}&client_id=${publicClient.ClientId}`;
    expect((await revoke(body)).status).toBe(200);
    expect((await revoke(body)).status).toBe(200);
    const unknown = tokens.RefreshToken.replace(/\.[^.]+$/, ".AAAAAAAAAAAAAAAAAAAAAA");
    expect((await revoke(`token=${unknown}&client_id=${publicClient.ClientId}`)).status).toBe(200);
    const theirs = await signInWithSecret();
    const other = await revoke(`token=${theirs.RefreshToken}&client_id=${publicClient.ClientId}`);
    expect(other.status).toBe(200);
    expect(await refreshes(confidential, theirs.RefreshToken!)).toBe(false); // needs SECRET_HASH anyway
    const stillAlive = await server.sdk.send(new GetUserCommand({ AccessToken: theirs.AccessToken }));
    expect(stillAlive.Username).toBe("alice");
  });

  it("authenticates a confidential client with Basic (or the form) and refuses a wrong secret with 401 invalid_client", async () => {
    const tokens = await signInWithSecret();
    const wrong = await revoke(`token=${tokens.RefreshToken}`, {
      authorization: basicAuth(confidential.ClientId!, `${confidential.ClientSecret}x`),
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: "invalid_client" });
    // Without Basic, RFC 6749 section 5.2 leaves 400 or 401 open (no WWW-Authenticate to send).
    const missing = await revoke(`token=${tokens.RefreshToken}&client_id=${confidential.ClientId}`);
    expect([400, 401]).toContain(missing.status);
    expect(await missing.json()).toMatchObject({ error: "invalid_client" });
    const right = await revoke(`token=${tokens.RefreshToken}`, {
      authorization: basicAuth(confidential.ClientId!, confidential.ClientSecret!),
    });
    expect(right.status).toBe(200);
    await expect(
      server.sdk.send(new GetUserCommand({ AccessToken: tokens.AccessToken })),
    ).rejects.toMatchObject({
      name: "NotAuthorizedException",
    });
  });

  it("answers an access or ID token with unsupported_token_type, and leaves it alive", async () => {
    const tokens = await signIn(server, publicClient, "alice");
    for (const token of [tokens.AccessToken, tokens.IdToken]) {
      const response = await revoke(`token=${token}&client_id=${publicClient.ClientId}`);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: "unsupported_token_type" });
    }
    expect((await server.sdk.send(new GetUserCommand({ AccessToken: tokens.AccessToken }))).Username).toBe(
      "alice",
    );
  });

  it("answers invalid_request without a token, or when the client has revocation off", async () => {
    const missing = await revoke(`client_id=${publicClient.ClientId}`);
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: "invalid_request" });
    const off = await appClient(server, poolId, { EnableTokenRevocation: false });
    const tokens = await signIn(server, off, "alice");
    const refused = await revoke(`token=${tokens.RefreshToken}&client_id=${off.ClientId}`);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: "invalid_request" });
    expect(await refreshes(off, tokens.RefreshToken)).toBe(true);
  });

  it("answers GET with 405 and an OAuth error, as the token endpoint does", async () => {
    const response = await fetch(`${base}/oauth2/revoke?token=x`);
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
    expect(await response.json()).toMatchObject({ error: "invalid_request" });
  });
});
