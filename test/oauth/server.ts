/**
 * The real Node server the OAuth and hosted-UI suites run against (each harness builds on it):
 * `start()` on port 0 under a temp data dir, with a known master key and admin credentials; the
 * admin SDK and an unsigned one; a second handle on its database (a user-pool context with the
 * same master key) for what a suite reads or mints in process; and the codes of the development
 * outbox.
 *
 * @example
 * ```ts
 * const server = suiteServer(); // started in beforeAll, closed in afterAll
 * it("...", async () => {
 *   const { UserPool } = await server.sdk.send(new CreateUserPoolCommand({ PoolName: "p" }));
 *   await passwordUser(server, UserPool!.Id!, "alice", PASSWORD);
 * });
 * ```
 */
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
  type CreateUserPoolCommandInput,
  CreateUserPoolDomainCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, vi } from "vitest";
import type { OutboundMessage } from "../../src/delivery/message.js";
import { start } from "../../src/entry/node.js";
import type { SqlDriver } from "../../src/storage/index.js";
import { openSqlite } from "../../src/storage/open.node.js";
import { type UserPoolContext, userPoolContext } from "../../src/user-pool/context.js";
import { generateMasterKey } from "../../src/runtime/master-key.js";
import { outboxIn } from "../helpers/outbox.js";
import { codeReader } from "../user-pool/e2e/target.js";

/** The admin credentials of every server the suites start. */
export const ADMIN = {
  accessKeyId: "AKIACOGNATEOAUTHTEST",
  secretAccessKey: "oauth/test+secret0123456789abcdefghijklmn",
};

/** The password of the suites' users. */
export const PASSWORD = "Correct-Horse-9-battery";

/** An admin SDK client of a cognate at `endpoint` (with ADMIN, unless `credentials` are given). */
export const adminSdk = (endpoint: string, credentials = ADMIN) =>
  new CognitoIdentityProviderClient({ region: "us-east-1", endpoint, credentials, maxAttempts: 1 });

/** A unique name per call. */
export const unique = (prefix: string) => `${prefix}-${crypto.randomUUID().slice(0, 8)}`;

export interface CognateServer {
  url: string;
  /** The data dir: the development outbox (`outbox.jsonl`) is there. */
  dataDir: string;
  /** The SDK as the admin. */
  sdk: CognitoIdentityProviderClient;
  /** Unsigned calls (InitiateAuth, RespondToAuthChallenge, ...). */
  anyone: CognitoIdentityProviderClient;
  /** A user-pool context on the server's database, with its master key. */
  ctx: UserPoolContext;
  /** The messages sent so far (the development outbox). */
  outbox: () => OutboundMessage[];
  /** The newest code sent to an address, not read before. */
  readCode: (to: string) => Promise<string>;
  close: () => Promise<void>;
}

/**
 * Starts the server. `env` adds to its environment; `config`, when given, becomes its
 * configuration file (`COGNATE_CONFIG`).
 */
export async function startServer(
  options: { env?: Record<string, string>; config?: Record<string, unknown> } = {},
): Promise<CognateServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "cognate-oauth-"));
  const masterKey = generateMasterKey();
  const env: Record<string, string> = {
    PORT: "0",
    COGNATE_DATA_DIR: dataDir,
    COGNATE_MASTER_KEY: masterKey,
    COGNATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId,
    COGNATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
    ...options.env,
  };
  if (options.config !== undefined && Object.keys(options.config).length > 0) {
    writeFileSync(join(dataDir, "cognate.json"), JSON.stringify(options.config));
    env.COGNATE_CONFIG = join(dataDir, "cognate.json");
  }
  const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
  const server = await start(env).finally(() => log.mockRestore());
  const driver: SqlDriver = await openSqlite(dataDir);
  const outbox = () => outboxIn(dataDir);
  return {
    url: server.url,
    dataDir,
    sdk: adminSdk(server.url),
    anyone: new CognitoIdentityProviderClient({
      region: "us-east-1",
      endpoint: server.url,
      credentials: { accessKeyId: "unused", secretAccessKey: "unused" },
      maxAttempts: 1,
    }),
    ctx: userPoolContext({ storage: driver, masterKey, region: "us-east-1", publicUrl: server.url }),
    outbox,
    readCode: codeReader(outbox),
    close: async () => {
      await server.close();
      await driver.close?.();
    },
  };
}

/** The server of the calling suite: started in its beforeAll, closed in its afterAll; the object is filled in by then. */
export function suiteServer(options: Parameters<typeof startServer>[0] = {}): CognateServer {
  const server = {} as CognateServer;
  beforeAll(async () => {
    Object.assign(server, await startServer(options));
  });
  afterAll(async () => {
    await server.close?.();
  });
  return server;
}

/** The code of the newest message sent to an address (read before or not); throws when none was. */
export function lastCode(server: Pick<CognateServer, "outbox">, to: string): string {
  const code = server
    .outbox()
    .filter((m) => m.to === to)
    .at(-1)?.code;
  if (code === undefined) throw new Error(`no code sent to ${to}`);
  return code;
}

/** A CONFIRMED user with a permanent password (the admin creates it, no message sent). */
export async function passwordUser(
  server: Pick<CognateServer, "sdk">,
  poolId: string,
  username: string,
  password: string,
  attributes: Record<string, string> = {},
): Promise<string> {
  const { User } = await server.sdk.send(
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
      Password: password,
      Permanent: true,
    }),
  );
  return User!.Attributes!.find((a) => a.Name === "sub")!.Value!;
}

/** A confirmed user with the permanent PASSWORD; resolves to its `sub`. */
export const user = (
  server: Pick<CognateServer, "sdk">,
  poolId: string,
  username: string,
  attributes: Record<string, string> = {},
) => passwordUser(server, poolId, username, PASSWORD, attributes);

/**
 * A new pool (CreateUserPool with `pool`) with a prefix domain (CreateUserPoolDomain, `{name}-...`):
 * its endpoints answer under `base`, `{url}/{poolId}`.
 */
export async function poolWithDomain(
  server: Pick<CognateServer, "sdk" | "url">,
  pool: Partial<CreateUserPoolCommandInput> = {},
  name = "oauth",
): Promise<{ poolId: string; domain: string; base: string }> {
  const { UserPool } = await server.sdk.send(new CreateUserPoolCommand({ PoolName: name, ...pool }));
  const poolId = UserPool!.Id!;
  const domain = unique(name.toLowerCase().replace(/[^a-z0-9]+/g, "-"));
  await server.sdk.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: domain }));
  return { poolId, domain, base: `${server.url}/${poolId}` };
}
