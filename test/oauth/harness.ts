// The set-up the OAuth endpoint suites share, on the server of ./server.ts (the real Node entry,
// the SDK, and a second handle on the same database with the same master key) for what no
// endpoint of this suite's part makes: OAuth access tokens of a sign-in and authorization codes
// (what the sign-in page would store).
import {
  CreateUserPoolClientCommand,
  type CreateUserPoolClientCommandInput,
  CreateResourceServerCommand,
  InitiateAuthCommand,
  type UserPoolClientType,
} from "@aws-sdk/client-cognito-identity-provider";
import { decodeJwt } from "jose";
import { poolSigningKeys } from "../../src/user-pool/sign-in/result.js";
import { issueTokens } from "../../src/user-pool/tokens/issue.js";
import { type CognateServer, PASSWORD } from "./server.js";

/** An app client; password sign-in allowed, so the API hands out refresh tokens. */
export async function appClient(
  server: CognateServer,
  poolId: string,
  settings: Partial<CreateUserPoolClientCommandInput> = {},
): Promise<UserPoolClientType> {
  return (
    await server.sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: "app",
        ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        ...settings,
      }),
    )
  ).UserPoolClient!;
}

/** A password sign-in through the user-pool API: its tokens (scope `aws.cognito.signin.user.admin`). */
export async function signIn(
  server: CognateServer,
  client: UserPoolClientType,
  username: string,
): Promise<{ AccessToken: string; IdToken: string; RefreshToken: string }> {
  const result = await server.sdk.send(
    new InitiateAuthCommand({
      ClientId: client.ClientId,
      AuthFlow: "USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: username, PASSWORD },
    }),
  );
  return result.AuthenticationResult as { AccessToken: string; IdToken: string; RefreshToken: string };
}

/**
 * An OAuth access token of the same sign-in (same `origin_jti`, so revoking the sign-in's refresh
 * token revokes it) with the given scopes, signed with the pool's key as the token endpoint signs.
 */
export async function oauthAccessToken(
  server: CognateServer,
  apiAccessToken: string,
  scope: string,
  options: { ttlSeconds?: number; now?: number } = {},
): Promise<string> {
  const claims = decodeJwt(apiAccessToken) as Record<string, string | number>;
  const poolId = String(claims.iss).split("/").pop()!;
  const store = await server.ctx.store();
  const found = await store.users.getBySub(poolId, String(claims.sub));
  const issued = await issueTokens(await poolSigningKeys(server.ctx, poolId), {
    issuer: String(claims.iss),
    clientId: String(claims.client_id),
    username: found!.username,
    sub: found!.sub,
    attributes: found!.attributes,
    groups: [],
    authTime: Number(claims.auth_time),
    originJti: String(claims.origin_jti),
    eventId: crypto.randomUUID(),
    scope,
    now: options.now ?? Math.floor(Date.now() / 1000),
    ttlSeconds: options.ttlSeconds,
  });
  return issued.AccessToken;
}

/** A resource server with these scopes (CreateResourceServer). */
export async function resourceServer(
  server: CognateServer,
  poolId: string,
  identifier: string,
  scopes: string[],
): Promise<void> {
  await server.sdk.send(
    new CreateResourceServerCommand({
      UserPoolId: poolId,
      Identifier: identifier,
      Name: identifier,
      Scopes: scopes.map((ScopeName) => ({ ScopeName, ScopeDescription: ScopeName })),
    }),
  );
}

/** `Authorization: Basic` for a client (RFC 6749 section 2.3.1: each part form-encoded). */
export const basicAuth = (clientId: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString("base64")}`;

/**
 * An authorization code for a user, stored as /oauth2/authorize and the sign-in page store one
 * (src/oauth/grant.ts), for a suite that needs the token endpoint's tokens without a browser.
 */
export async function authorizationCode(
  server: CognateServer,
  poolId: string,
  clientId: string,
  username: string,
  grant: { redirectUri: string; scopes: string[]; codeChallenge?: string },
): Promise<string> {
  const { authorizationCodeHash, newAuthorizationCode } = await import("../../src/oauth/code-hash.js");
  const store = await server.ctx.store();
  const found = await store.users.get(poolId, username);
  const code = newAuthorizationCode();
  const now = Date.now();
  await store.oauthCodes.issue(
    {
      codeHash: await authorizationCodeHash(await server.ctx.masterKey(), poolId, code),
      poolId,
      clientId,
      sub: found!.sub,
      grant: { ...grant, username: found!.username, authTime: now, amr: ["pwd"] },
      familyId: crypto.randomUUID(),
      expiresAt: now + 5 * 60 * 1000,
    },
    now,
  );
  return code;
}
