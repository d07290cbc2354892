/**
 * The OAuth suites' setting: a real cognate Node server with a known master key; a pool with a
 * domain (the domain repository directly until CreateUserPoolDomain lands), app clients with
 * OAuth settings (CreateUserPoolClient over the SDK), a user; and codes minted in process by
 * the real `authorizationRequest` + `grantAuthorization` over the same database and master key,
 * as the sign-in page will mint them, so the token endpoint is driven over HTTP.
 */
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  type CreateUserPoolClientCommandInput,
} from "@aws-sdk/client-cognito-identity-provider";
import { Hono } from "hono";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { vi } from "vitest";
import { start } from "../../src/entry/node.js";
import { authorizationRequest } from "../../src/oauth/authorize-request.js";
import { type Authentication, grantAuthorization } from "../../src/oauth/grant.js";
import type { Hosted } from "../../src/oauth/hosted.js";
import { repositories, type UserRecord } from "../../src/storage/index.js";
import { openSqliteDatabase, sqliteDriver } from "../../src/storage/sqlite.node.js";
import { userPoolContext } from "../../src/user-pool/context.js";
import { generateMasterKey } from "../../src/user-pool/keys/master-key.js";

export const ADMIN = {
  accessKeyId: "AKIACOGNATEOAUTHTEST",
  secretAccessKey: "oauth/test+secret0123456789abcdefghijklmn",
};

/** The OAuth settings of the suites' clients. */
export const OAUTH_SETTINGS: Partial<CreateUserPoolClientCommandInput> = {
  AllowedOAuthFlowsUserPoolClient: true,
  AllowedOAuthFlows: ["code", "implicit"],
  AllowedOAuthScopes: ["openid", "email", "profile", "aws.cognito.signin.user.admin"],
  CallbackURLs: ["https://app.example/cb", "http://localhost:3000/callback"],
  SupportedIdentityProviders: ["COGNITO"],
};

/** A PKCE pair (RFC 7636 S256). */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

/** The server, the pool and what the suites need of it. */
export async function oauthServer(env: Record<string, string> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), "cognate-oauth-"));
  const masterKey = generateMasterKey();
  vi.spyOn(console, "log").mockImplementation(() => undefined);
  const server = await start({
    PORT: "0",
    COGNATE_DATA_DIR: dataDir,
    COGNATE_MASTER_KEY: masterKey,
    COGNATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId,
    COGNATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
    ...env,
  });
  vi.restoreAllMocks();
  const sdk = new CognitoIdentityProviderClient({
    region: "us-east-1",
    endpoint: server.url,
    credentials: ADMIN,
    maxAttempts: 1,
  });
  const driver = sqliteDriver(openSqliteDatabase(join(dataDir, "cognate.db")));
  const store = repositories(driver);
  const ctx = userPoolContext({ storage: driver, masterKey, region: "us-east-1", publicUrl: server.url });

  const { UserPool } = await sdk.send(new CreateUserPoolCommand({ PoolName: "oauth" }));
  const poolId = UserPool!.Id!;
  await store.domains.create(
    { domain: `oauth-${poolId.slice(-6).toLowerCase()}`, poolId, kind: "prefix", config: {} },
    Date.now(),
  );
  const issuer = `${server.url}/${poolId}`;

  const makeClient = async (settings: Partial<CreateUserPoolClientCommandInput> = {}) => {
    const { UserPoolClient } = await sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: "app",
        ...OAUTH_SETTINGS,
        ...settings,
      }),
    );
    return { id: UserPoolClient!.ClientId!, secret: UserPoolClient!.ClientSecret };
  };

  const makeUser = async (username: string): Promise<UserRecord> => {
    const sub = crypto.randomUUID();
    return store.users.create(
      {
        poolId,
        sub,
        username,
        status: "CONFIRMED",
        attributes: { sub, email: `${username}@example.com`, email_verified: "true", name: username },
      },
      Date.now(),
    );
  };

  const hosted = async (): Promise<Hosted> => ({
    ctx,
    pool: (await (await ctx.store()).pools.get(poolId))!,
    issuer,
    base: `/${poolId}`,
    https: false,
    options: {
      publicUrl: server.url,
      domainSuffix: "localhost",
      scheme: () => "http",
      fromTrustedProxy: () => false,
    },
  });

  /**
   * The redirect a signed-in user's authorization request ends in (the sign-in page's last
   * step), for `who` or a password sign-in of `user` just now.
   */
  const authorizeAs = async (
    user: UserRecord,
    params: Record<string, string>,
    who: Partial<Authentication> = {},
  ): Promise<URL> => {
    const request = await authorizationRequest(await hosted(), new URLSearchParams(params));
    if (request instanceof Response)
      throw new Error(
        `authorization refused: ${request.status} ${request.headers.get("location") ?? (await request.text())}`,
      );
    const app = new Hono();
    const h = await hosted();
    app.get("/", (c) =>
      grantAuthorization(c, h, request, {
        sub: user.sub,
        username: user.username,
        authTime: Date.now(),
        amr: ["pwd"],
        ...who,
      }),
    );
    const response = await app.request("/");
    return new URL(response.headers.get("location")!);
  };

  return { server, sdk, store, ctx, poolId, issuer, makeClient, makeUser, authorizeAs, hosted };
}

/** POSTs a form to the token endpoint. */
export function postToken(
  issuer: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${issuer}/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(form),
  });
}

/** `Authorization: Basic` per RFC 6749 section 2.3.1 (id and secret form-encoded first). */
export function basic(id: string, secret: string): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, "+");
  return `Basic ${Buffer.from(`${enc(id)}:${enc(secret)}`).toString("base64")}`;
}
