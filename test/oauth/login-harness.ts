// The hosted sign-in suites' set-up: the real Node entry behind a "trusted proxy" (the loopback
// address, so a test can say X-Forwarded-Proto: https as a TLS-terminating proxy would), the SDK,
// a second handle on the database (to give a pool its domain and read authorization codes), and
// the steps every test takes: an authorization request, the sign-in form, its POST.
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  type CreateUserPoolClientCommandInput,
  CreateUserPoolCommand,
  type CreateUserPoolCommandInput,
} from "@aws-sdk/client-cognito-identity-provider";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, vi } from "vitest";
import { start } from "../../src/entry/node.js";
import { authorizationCodeHash } from "../../src/oauth/code-hash.js";
import type { SqlDriver } from "../../src/storage/index.js";
import { openSqlite } from "../../src/storage/open.node.js";
import { type UserPoolContext, userPoolContext } from "../../src/user-pool/context.js";
import { type Browser, formOf, type PageForm } from "./browser-wire.js";

const ADMIN = {
  accessKeyId: "AKIACOGNATELOGIN0001",
  secretAccessKey: "login/test+secret0123456789abcdefghijklmn",
};
const MASTER_KEY = Buffer.alloc(32, 21).toString("base64");

export const PASSWORD = "Correct-Horse-9-battery";
export const CALLBACK = "https://app.example/callback";

export interface LoginServer {
  url: string;
  /** The data dir: the development outbox (`outbox.jsonl`) is there. */
  dataDir: string;
  sdk: CognitoIdentityProviderClient;
  /** Unsigned calls (InitiateAuth, RespondToAuthChallenge, ...). */
  anyone: CognitoIdentityProviderClient;
  ctx: UserPoolContext;
}

/** Starts the server for the calling suite. */
export function loginServer(): LoginServer {
  const dataDir = mkdtempSync(join(tmpdir(), "cognate-login-"));
  const server = {} as LoginServer;
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
      COGNATE_TRUSTED_PROXIES: "127.0.0.1,::1",
    });
    vi.restoreAllMocks();
    close = started.close;
    driver = await openSqlite(dataDir);
    server.url = started.url;
    server.dataDir = dataDir;
    const options = { region: "us-east-1", endpoint: started.url, maxAttempts: 1 };
    server.sdk = new CognitoIdentityProviderClient({ ...options, credentials: ADMIN });
    server.anyone = new CognitoIdentityProviderClient({
      ...options,
      credentials: { accessKeyId: "unused", secretAccessKey: "unused" },
    });
    server.ctx = userPoolContext({
      storage: driver,
      masterKey: MASTER_KEY,
      region: "us-east-1",
      publicUrl: started.url,
    });
  }, 60_000);
  afterAll(async () => {
    await close?.();
    await driver?.close?.();
  });
  return server;
}

let prefixes = 0;

/** A pool with a prefix domain (`login-{pid}-{n}`), and an OAuth code-flow client of it. */
export async function hostedPool(
  server: LoginServer,
  pool: Partial<CreateUserPoolCommandInput> = {},
  client: Partial<CreateUserPoolClientCommandInput> = {},
) {
  const poolId = (await server.sdk.send(new CreateUserPoolCommand({ PoolName: "Login Test", ...pool })))
    .UserPool!.Id!;
  const prefix = `login-${process.pid}-${++prefixes}`;
  await (await server.ctx.store()).domains.create(
    { domain: prefix, poolId, kind: "prefix", config: {} },
    Date.now(),
  );
  const app = await oauthClient(server, poolId, client);
  return { poolId, prefix, base: `${server.url}/${poolId}`, clientId: app };
}

/** An OAuth client (code flow, openid email, the test callback). */
export async function oauthClient(
  server: LoginServer,
  poolId: string,
  settings: Partial<CreateUserPoolClientCommandInput> = {},
): Promise<string> {
  return (
    await server.sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: "web",
        AllowedOAuthFlows: ["code"],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: ["openid", "email"],
        CallbackURLs: [CALLBACK],
        SupportedIdentityProviders: ["COGNITO"],
        ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        ...settings,
      }),
    )
  ).UserPoolClient!.ClientId!;
}

/** A confirmed user with the permanent PASSWORD. */
export async function user(
  server: LoginServer,
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

/** `/login` with an authorization request's query (PKCE S256 with a fixed challenge). */
export function loginUrl(base: string, clientId: string, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams({
    response_type: "code",
    client_id: clientId,
    redirect_uri: CALLBACK,
    scope: "openid email",
    state: "st-123",
    code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGEjzmR2bwdXGYqTc",
    code_challenge_method: "S256",
    ...extra,
  });
  return `${base}/login?${query}`;
}

/** The sign-in form of `/login`. */
export async function signInForm(browser: Browser, url: string): Promise<PageForm> {
  const { response, html } = await browser.get(url);
  expect(response.status).toBe(200);
  return formOf(html);
}

/** The code of a redirect to the callback (with the request's state). */
export function codeOf(response: Response): string {
  expect([302, 303]).toContain(response.status);
  const location = new URL(response.headers.get("location")!);
  expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
  expect(location.searchParams.get("state")).toBe("st-123");
  const code = location.searchParams.get("code");
  expect(code).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  return code!;
}

/** What the authorization code was granted for (the stored grant). */
export async function grantOf(server: LoginServer, poolId: string, code: string) {
  const store = await server.ctx.store();
  const found = await store.oauthCodes.find(
    await authorizationCodeHash(await server.ctx.masterKey(), poolId, code),
  );
  expect(found).not.toBeNull();
  return found!;
}
