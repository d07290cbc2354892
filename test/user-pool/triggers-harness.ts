// An in-process cognate for the trigger suites: the gateway app over SQLite in a temp dir,
// served on 127.0.0.1 by @hono/node-server, its pools' triggers run by in-code handlers that a
// test sets per function name (`handlers`), each event recorded (`events`).
import { serve } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  type CreateUserPoolClientCommandInput,
  CreateUserPoolCommand,
  type CreateUserPoolCommandInput,
} from "@aws-sdk/client-cognito-identity-provider";
import { mkdtempSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { createGateway } from "../../src/index.js";
import type { SqlDriver } from "../../src/storage/index.js";
import { openSqlite } from "../../src/storage/open.node.js";
import { type UserPoolContext, userPoolContext } from "../../src/user-pool/context.js";
import { generateMasterKey } from "../../src/user-pool/keys/master-key.js";
import {
  functionInvoker,
  type LambdaHandler,
  type TriggerInvoker,
} from "../../src/user-pool/triggers/index.js";

const ADMIN = {
  accessKeyId: "AKIACOGNATETRIGGERS1",
  secretAccessKey: "triggers/test+secret0123456789abcdefghij",
};

/** A trigger event or token payload: JSON a test reads freely. */
// biome-ignore lint/suspicious/noExplicitAny: events and claims are untyped JSON.
export type Json = any;

/** The ARN of a test function. */
export const arn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

export interface TriggerServer {
  url: string;
  sdk: CognitoIdentityProviderClient;
  ctx: UserPoolContext;
  /** A second handle on the server's database. */
  driver: SqlDriver;
  /** Handlers by function name; a test sets what it needs. */
  handlers: Record<string, LambdaHandler>;
  /** Every event a handler was called with, in order (copies). */
  events: Array<{ name: string; event: Record<string, Json> }>;
}

/** Starts the server for the calling suite. */
export function triggerServer(): TriggerServer {
  const server = { handlers: {}, events: [] } as unknown as TriggerServer;
  let http: Server | undefined;
  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "cognate-triggers-"));
    const masterKey = generateMasterKey();
    const storage = await openSqlite(dataDir);
    const invoker: TriggerInvoker = {
      invoke(target, event, options) {
        const name = target.split(":")[6] ?? target;
        server.events.push({ name, event: structuredClone(event) as never });
        const handler = server.handlers[name];
        return functionInvoker(handler === undefined ? {} : { [name]: handler }).invoke(
          target,
          event,
          options,
        );
      },
    };
    const app = createGateway(
      { region: "us-east-1" },
      { name: "node", getConnInfo, storage, masterKey, adminCredentials: ADMIN, triggers: invoker },
    );
    http = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }) as Server;
    await new Promise<void>((ok) => (http!.listening ? ok() : http!.once("listening", () => ok())));
    server.url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    server.sdk = new CognitoIdentityProviderClient({
      region: "us-east-1",
      endpoint: server.url,
      credentials: ADMIN,
      maxAttempts: 1,
    });
    server.driver = await openSqlite(dataDir);
    server.ctx = userPoolContext({
      storage: server.driver,
      masterKey,
      region: "us-east-1",
      publicUrl: server.url,
    });
  });
  afterAll(async () => {
    await new Promise((done) => http?.close(done));
  });
  return server;
}

/** A pool with these LambdaConfig triggers and one client allowing password sign-in and refresh. */
export async function triggerPool(
  server: TriggerServer,
  lambdaConfig: Record<string, unknown>,
  client: Partial<CreateUserPoolClientCommandInput> = {},
  pool: Partial<CreateUserPoolCommandInput> = {},
) {
  const { UserPool } = await server.sdk.send(
    new CreateUserPoolCommand({ PoolName: "triggers", LambdaConfig: lambdaConfig as never, ...pool }),
  );
  const { UserPoolClient } = await server.sdk.send(
    new CreateUserPoolClientCommand({
      UserPoolId: UserPool!.Id,
      ClientName: "app",
      ExplicitAuthFlows: [
        "ALLOW_USER_PASSWORD_AUTH",
        "ALLOW_REFRESH_TOKEN_AUTH",
        "ALLOW_ADMIN_USER_PASSWORD_AUTH",
      ],
      ...client,
    }),
  );
  return { poolId: UserPool!.Id!, clientId: UserPoolClient!.ClientId! };
}

/** The JSON payload of a JWT. */
export const claimsOf = (jwt: string): Record<string, Json> =>
  JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString("utf8"));

/** The error a promise rejects with; fails when it succeeds. */
export async function rejection(promise: Promise<unknown>): Promise<Error & { name: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { name: string };
  }
  throw new Error("the call succeeded");
}

/** How many refresh tokens the pool has stored. */
export async function refreshTokenCount(server: TriggerServer, poolId: string): Promise<number> {
  const row = await server.driver.first<{ n: number }>(
    "SELECT COUNT(*) AS n FROM refresh_tokens WHERE pool_id = ?",
    [poolId],
  );
  return Number(row?.n ?? 0);
}
