// The set-up the OAuth endpoint suites share: the real Node entry (`start()`, SQLite under a temp
// data dir), the SDK for the user-pool API, and a second handle on the same database (a
// user-pool context with the same master key) for what no endpoint of this suite's part makes:
// OAuth access tokens of a sign-in and authorization codes (what the sign-in page would store).
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  type CreateUserPoolClientCommandInput,
  CreateResourceServerCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  InitiateAuthCommand,
  type UserPoolClientType,
} from "@aws-sdk/client-cognito-identity-provider";
import { decodeJwt } from "jose";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, vi } from "vitest";
import { start } from "../../src/entry/node.js";
import { openSqlite } from "../../src/storage/open.node.js";
import type { SqlDriver } from "../../src/storage/index.js";
import { type UserPoolContext, userPoolContext } from "../../src/user-pool/context.js";
import { poolSigningKeys } from "../../src/user-pool/sign-in/result.js";
import { issueTokens } from "../../src/user-pool/tokens/issue.js";

const ADMIN = {
  accessKeyId: "AKIACOGNATEOAUTH0001",
  secretAccessKey: "oauth/test+secret0123456789abcdefghijklmn",
};
const MASTER_KEY = Buffer.alloc(32, 13).toString("base64");

export interface OAuthServer {
  url: string;
  sdk: CognitoIdentityProviderClient;
  ctx: UserPoolContext;
}

/** Starts a server for the calling suite (beforeAll/afterAll); the object is filled in by then. */
export function oauthServer(): OAuthServer {
  const dataDir = mkdtempSync(join(tmpdir(), "cognate-oauth-"));
  const server = {} as OAuthServer;
  let close: (() => Promise<void>) | undefined;
  let driver: SqlDriver | undefined;
  beforeAll(async () => {
    vi.spyOn(console, "log").mockImplementation(() => undefined);
    const started = await start({
      PORT: "0",
      COGNATE_DATA_DIR: dataDir,
      COGNATE_MASTER_KEY: MASTER_KEY,
      COGNATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId,
      COGNATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
    });
    vi.restoreAllMocks();
    close = started.close;
    driver = await openSqlite(dataDir);
    server.url = started.url;
    server.sdk = new CognitoIdentityProviderClient({
      region: "us-east-1",
      endpoint: started.url,
      credentials: ADMIN,
      maxAttempts: 1,
    });
    server.ctx = userPoolContext({
      storage: driver,
      masterKey: MASTER_KEY,
      region: "us-east-1",
      publicUrl: started.url,
    });
  });
  afterAll(async () => {
    await close?.();
    await driver?.close?.();
  });
  return server;
}

let prefixes = 0;

/** A new pool with a prefix domain: its endpoints answer under `{url}/{poolId}`. */
export async function poolWithDomain(server: OAuthServer): Promise<{ poolId: string; base: string }> {
  const poolId = (await server.sdk.send(new CreateUserPoolCommand({ PoolName: "oauth" }))).UserPool!.Id!;
  await server.sdk.send(
    new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: `oauth-${process.pid}-${++prefixes}` }),
  );
  return { poolId, base: `${server.url}/${poolId}` };
}

/** An app client; password sign-in allowed, so the API hands out refresh tokens. */
export async function appClient(
  server: OAuthServer,
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

export const PASSWORD = "Correct-Horse-9-battery";

/** A confirmed user with a permanent password. */
export async function user(
  server: OAuthServer,
  poolId: string,
  username: string,
  attributes: Record<string, string> = {},
): Promise<void> {
  await server.sdk.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      MessageAction: "SUPPRESS",
      UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
    }),
  );
  await server.sdk.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: poolId,
      Username: username,
      Password: PASSWORD,
      Permanent: true,
    }),
  );
}

/** A password sign-in through the user-pool API: its tokens (scope `aws.cognito.signin.user.admin`). */
export async function signIn(
  server: OAuthServer,
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
  server: OAuthServer,
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
  server: OAuthServer,
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
  server: OAuthServer,
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
