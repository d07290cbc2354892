// The set-up the OAuth endpoint suites share: the real Node entry (`start()`, SQLite under a temp
// data dir), the SDK for the user-pool API, and a second handle on the same database (a
// user-pool context with the same master key) for what no endpoint of this suite's part makes:
// a pool's domain and, until the token endpoint issues them, OAuth access tokens.
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  type CreateUserPoolClientCommandInput,
  CreateUserPoolCommand,
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
  const store = await server.ctx.store();
  await store.domains.create(
    { domain: `oauth-${process.pid}-${++prefixes}`, poolId, kind: "prefix", config: {} },
    Date.now(),
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

/** A resource server with these scopes, stored as CreateResourceServer stores it. */
export async function resourceServer(
  server: OAuthServer,
  poolId: string,
  identifier: string,
  scopes: string[],
): Promise<void> {
  const store = await server.ctx.store();
  const now = Date.now();
  await store.driver.run(
    "INSERT INTO resource_servers (pool_id, identifier, name, scopes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
    [
      poolId,
      identifier,
      identifier,
      JSON.stringify(scopes.map((ScopeName) => ({ ScopeName, ScopeDescription: ScopeName }))),
      now,
      now,
    ],
  );
}

/** `Authorization: Basic` for a client (RFC 6749 section 2.3.1: each part form-encoded). */
export const basicAuth = (clientId: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString("base64")}`;
