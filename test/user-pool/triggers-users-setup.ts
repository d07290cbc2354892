/**
 * The set-up the trigger suites share: the user-pool service in process over SQLite, served on
 * 127.0.0.1 for the real AWS SDK, with in-code trigger functions (`functionInvoker`) the tests
 * set per pool, a short trigger timeout, and the messages kept in memory. Nothing here depends on
 * how the other delivery modes (modules, HTTP, Lambda Invoke) run a function.
 *
 * @example
 * ```ts
 * const env = triggersServer();
 * it("...", async () => {
 *   const { poolId, clientId } = await env.pool({ PreSignUp: env.arn("pre") });
 *   env.handle("pre", async (event) => event);
 * });
 * ```
 */
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  type CreateUserPoolCommandInput,
} from "@aws-sdk/client-cognito-identity-provider";
import { type ServerType, serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll } from "vitest";
import type { OutboundMessage } from "../../src/delivery/message.js";
import { openSqliteDatabase, sqliteDriver } from "../../src/storage/sqlite.node.js";
import { type UserPoolContext, userPoolContext } from "../../src/user-pool/context.js";
import { generateMasterKey } from "../../src/user-pool/keys/master-key.js";
import { userPoolService } from "../../src/user-pool/service.js";
import {
  functionInvoker,
  type LambdaHandler,
  type TriggerEvent,
} from "../../src/user-pool/triggers/index.js";

const ADMIN = {
  accessKeyId: "AKIACOGNATETRIGGERS1",
  secretAccessKey: "triggers/test+secret0123456789abcdefghij",
};

/** The trigger timeout of the suites: short, so a hanging handler is quick to test. */
export const TIMEOUT_MS = 300;

/** Starts the service for the calling suite (beforeAll/afterAll) and returns what its tests use. */
export function triggersServer() {
  const handlers: Record<string, LambdaHandler> = {};
  /** Every event any handler was given, in order, as given (a copy). */
  const events: TriggerEvent[] = [];
  const sent: OutboundMessage[] = [];
  const storage = sqliteDriver(openSqliteDatabase(":memory:"));
  const ctx: UserPoolContext = userPoolContext({
    storage,
    masterKey: generateMasterKey(),
    region: "us-east-1",
    sender: { send: async (message) => void sent.push(message) },
    triggers: {
      invoke: (arn, event, options) => {
        events.push(structuredClone(event));
        return functionInvoker(handlers).invoke(arn, event, options);
      },
    },
    triggerTimeoutMs: TIMEOUT_MS,
  });
  let server: ServerType | undefined;
  let url = "";

  beforeAll(async () => {
    const app = userPoolService(ctx, { adminCredentials: ADMIN });
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info: AddressInfo) => {
        url = `http://127.0.0.1:${info.port}`;
        resolve();
      });
    });
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  });

  const admin = () =>
    new CognitoIdentityProviderClient({
      region: "us-east-1",
      endpoint: url,
      credentials: ADMIN,
      maxAttempts: 1,
    });
  const anyone = () =>
    new CognitoIdentityProviderClient({
      region: "us-east-1",
      endpoint: url,
      credentials: { accessKeyId: "AKIAUNKNOWN000000000", secretAccessKey: "x" },
      maxAttempts: 1,
    });

  /** A function ARN for `name`, unique to the calling test. */
  const arn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

  /** A pool with these settings and a client allowing the password flows; its ids. */
  async function pool(
    settings: Partial<CreateUserPoolCommandInput> = {},
    client: Record<string, unknown> = {},
  ) {
    const { UserPool } = await admin().send(
      new CreateUserPoolCommand({
        PoolName: "triggers",
        Policies: { PasswordPolicy: { MinimumLength: 8, RequireSymbols: false } },
        ...settings,
      }),
    );
    const poolId = UserPool!.Id!;
    const { UserPoolClient } = await admin().send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: "app",
        ExplicitAuthFlows: [
          "ALLOW_USER_PASSWORD_AUTH",
          "ALLOW_ADMIN_USER_PASSWORD_AUTH",
          "ALLOW_REFRESH_TOKEN_AUTH",
          "ALLOW_USER_SRP_AUTH",
        ],
        ...client,
      }),
    );
    return { poolId, clientId: UserPoolClient!.ClientId! };
  }

  return {
    ctx,
    admin,
    anyone,
    arn,
    pool,
    sent,
    events,
    /** Sets the handler of the function `name` (replacing any). */
    handle: (name: string, handler: LambdaHandler) => void (handlers[name] = handler),
    /** The events given to the function of this trigger source, in order. */
    eventsOf: (triggerSource: string) => events.filter((e) => e.triggerSource === triggerSource),
    store: () => ctx.store(),
  };
}

/** The error a promise rejects with (fails when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error & { $metadata?: unknown }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("the call succeeded");
}

/** A handler that never answers. */
export const hang: LambdaHandler = () => new Promise(() => undefined);
