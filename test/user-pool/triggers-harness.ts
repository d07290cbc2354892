/**
 * The one harness of the in-process trigger suites: the user pools over SQLite, their triggers run
 * by in-code handlers (`functionInvoker`) a test sets per function name, every event recorded as
 * the function got it, every message the pool sends kept in memory, and a short trigger timeout.
 *
 * Two ways to drive it, over the same pieces:
 * - `triggerServer()`: for a suite (beforeAll/afterAll), the gateway (`createGateway`: the API,
 *   the JWKS, the hosted UI) served on 127.0.0.1 for the real AWS SDK; pools made with `pool()`.
 * - `triggerService(options)`: for one test, the operations called in process (`call`), on one
 *   pool made from `options.pool` with a client allowing the password flows.
 *
 * @example
 * ```ts
 * const env = triggerServer();
 * it("...", async () => {
 *   const { poolId, clientId } = await env.pool({ LambdaConfig: { PreSignUp: arn("pre") } });
 *   env.handle("pre", async (event) => event);
 * });
 * ```
 */
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  type CreateUserPoolClientCommandInput,
  CreateUserPoolCommand,
  type CreateUserPoolCommandInput,
} from "@aws-sdk/client-cognito-identity-provider";
import { serve } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll } from "vitest";
import type { OutboundMessage } from "../../src/delivery/message.js";
import { createGateway } from "../../src/index.js";
import type { OperationDefinition } from "../../src/protocol/json/index.js";
import type { SqlDriver } from "../../src/storage/index.js";
import { openSqliteDatabase, sqliteDriver } from "../../src/storage/sqlite.node.js";
import { type UserPoolContext, userPoolContext } from "../../src/user-pool/context.js";
import { generateMasterKey } from "../../src/runtime/master-key.js";
import { userPoolOperations } from "../../src/user-pool/service.js";
import type { CodeEncrypter } from "../../src/user-pool/triggers/code-encryption.js";
import {
  functionInvoker,
  type LambdaHandler,
  type TriggerInvoker,
} from "../../src/user-pool/triggers/index.js";

/** A trigger event, an answer or a token payload: JSON a test reads freely. */
// biome-ignore lint/suspicious/noExplicitAny: events, answers and claims are untyped JSON.
export type Json = any;

/** The ARN of a test function; its name is what `handle` and `handlers` take. */
export const arn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

/** The custom authentication triggers' LambdaConfig, on the functions "define", "create" and "verify". */
export const CUSTOM_AUTH_TRIGGERS = {
  DefineAuthChallenge: arn("define"),
  CreateAuthChallenge: arn("create"),
  VerifyAuthChallengeResponse: arn("verify"),
};

/** A password every pool's policy takes. */
export const PASSWORD = "Correct-Horse-9";

/** The trigger timeout of the suites: short, so a hanging handler is quick to test. */
export const TIMEOUT_MS = 300;

/** The User-Agent of `call`: its events' `callerContext.awsSdkVersion` is `aws-sdk-js-3.700.0`. */
export const USER_AGENT = "aws-sdk-js/3.700.0 ua/2.1 os/linux lang/js";

const ADMIN = {
  accessKeyId: "AKIACOGNATETRIGGERS1",
  secretAccessKey: "triggers/test+secret0123456789abcdefghij",
};

/** The pieces both ways share: storage, the handlers, the recording invoker, the kept messages. */
function triggerParts(handlers: Record<string, LambdaHandler> = {}) {
  /** Every event any handler was given, in order, as given (a deep copy: handlers edit it in place). */
  const events: Json[] = [];
  const sent: OutboundMessage[] = [];
  const invoker: TriggerInvoker = {
    invoke(target, event, options) {
      events.push(structuredClone(event));
      return functionInvoker(handlers).invoke(target, event, options);
    },
  };
  return {
    driver: sqliteDriver(openSqliteDatabase(":memory:")) as SqlDriver,
    masterKey: generateMasterKey(),
    sender: { send: async (message: OutboundMessage) => void sent.push(message) },
    invoker,
    handlers,
    events,
    sent,
    /** Sets the handler of the function `name` (replacing any). */
    handle: (name: string, handler: LambdaHandler) => void (handlers[name] = handler),
    /** The events given for this trigger source, in order. */
    eventsOf: (triggerSource: string) => events.filter((e) => e.triggerSource === triggerSource),
  };
}

/** Starts the gateway for the calling suite (beforeAll/afterAll) and returns what its tests use. */
export function triggerServer() {
  const parts = triggerParts();
  const ctxOptions = {
    storage: parts.driver,
    masterKey: parts.masterKey,
    region: "us-east-1",
    sender: parts.sender,
    triggers: parts.invoker,
    triggerTimeoutMs: TIMEOUT_MS,
  };
  let http: Server | undefined;
  const env = {
    ...parts,
    url: "",
    /** A context over the server's database, with the same triggers and sender (for the hosted UI and the store). */
    ctx: undefined as unknown as UserPoolContext,
    /** A client signed with the admin key. */
    admin: () => client(ADMIN),
    /** A client signed with an unknown key: public (unsigned) operations only. */
    anyone: () => client({ accessKeyId: "AKIAUNKNOWN000000000", secretAccessKey: "x" }),
    store: () => env.ctx.store(),
    /** A pool with these settings and a client allowing the password flows (and `client`); its ids. */
    pool: async (
      settings: Partial<CreateUserPoolCommandInput> = {},
      client: Partial<CreateUserPoolClientCommandInput> = {},
    ) => {
      const { UserPool } = await env.admin().send(
        new CreateUserPoolCommand({
          PoolName: "triggers",
          Policies: { PasswordPolicy: { MinimumLength: 8, RequireSymbols: false } },
          ...settings,
        }),
      );
      const poolId = UserPool!.Id!;
      const { UserPoolClient } = await env.admin().send(
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
    },
    /** A CONFIRMED user (created without a message) with this permanent password and these attributes. */
    user: async (
      poolId: string,
      username: string,
      password: string,
      attributes: Record<string, string> = {},
    ) => {
      await env.admin().send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: username,
          MessageAction: "SUPPRESS",
          UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
        }),
      );
      await env.admin().send(
        new AdminSetUserPasswordCommand({
          UserPoolId: poolId,
          Username: username,
          Password: password,
          Permanent: true,
        }),
      );
    },
    /** How many refresh tokens the pool has stored. */
    refreshTokens: async (poolId: string): Promise<number> => {
      const row = await parts.driver.first<{ n: number }>(
        "SELECT COUNT(*) AS n FROM refresh_tokens WHERE pool_id = ?",
        [poolId],
      );
      return Number(row?.n ?? 0);
    },
  };
  const client = (credentials: typeof ADMIN) =>
    new CognitoIdentityProviderClient({
      region: "us-east-1",
      endpoint: env.url,
      credentials,
      maxAttempts: 1,
    });

  beforeAll(async () => {
    const app = createGateway(
      { region: "us-east-1" },
      {
        name: "node",
        getConnInfo,
        storage: parts.driver,
        masterKey: parts.masterKey,
        adminCredentials: ADMIN,
        sender: parts.sender,
        triggers: parts.invoker,
        triggerTimeoutMs: TIMEOUT_MS,
      },
    );
    http = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }) as Server;
    await new Promise<void>((ok) => (http!.listening ? ok() : http!.once("listening", () => ok())));
    env.url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    env.ctx = userPoolContext({ ...ctxOptions, publicUrl: env.url });
  });
  afterAll(async () => {
    await new Promise((done) => (http === undefined ? done(undefined) : http.close(done)));
  });
  return env;
}

/** The handle a suite's tests get from `triggerServer()`. */
export type TriggerServer = ReturnType<typeof triggerServer>;

/** One pool in process, its operations called directly (`call`), for one test. */
export async function triggerService(options: {
  handlers: Record<string, LambdaHandler>;
  pool?: Record<string, unknown>;
  codeEncrypter?: CodeEncrypter;
  /** Runs the functions instead of `handlers` in process (another mode); `events` then stays empty. */
  triggers?: TriggerInvoker;
  /** The requests' `background` (workerd's waitUntil); none by default, as a hand-built context. */
  background?: (work: Promise<unknown>) => void;
  /** The service's clock (default: the real one). */
  now?: () => number;
}) {
  const parts = triggerParts({ ...options.handlers });
  const ctx = userPoolContext({
    storage: parts.driver,
    masterKey: parts.masterKey,
    region: "us-east-1",
    sender: parts.sender,
    triggers: options.triggers ?? parts.invoker,
    triggerTimeoutMs: 1000,
    ...(options.codeEncrypter === undefined ? {} : { codeEncrypter: options.codeEncrypter }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  const ops = userPoolOperations(ctx) as Record<string, unknown>;
  const call = async (name: string, input: Json): Promise<Json> =>
    (await (ops[name] as OperationDefinition).run({
      input,
      operation: name,
      requestId: "r",
      signer: undefined,
      request: {
        headers: new Headers({ "user-agent": USER_AGENT }),
        url: "http://127.0.0.1:9229/",
        sourceIp: undefined,
        receivedAt: Date.now(),
        ...(options.background === undefined ? {} : { background: options.background }),
      },
    })) as Json;
  const { UserPool } = await call("CreateUserPool", {
    PoolName: "p",
    AutoVerifiedAttributes: ["email"],
    EmailConfiguration: { EmailSendingAccount: "DEVELOPER" },
    ...options.pool,
  });
  const poolId = UserPool.Id as string;
  const { UserPoolClient } = await call("CreateUserPoolClient", {
    UserPoolId: poolId,
    ClientName: "c",
    ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
  });
  const clientId = UserPoolClient.ClientId as string;
  return { ...parts, ctx, call, poolId, clientId };
}

/** The error a promise rejects with (fails when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error & { name: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { name: string };
  }
  throw new Error("the call succeeded");
}

/** A handler that never answers. */
export const hang: LambdaHandler = () => new Promise(() => undefined);

/** The JSON payload of a JWT. */
export const claimsOf = (jwt: string): Record<string, Json> =>
  JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString("utf8"));

/** A client of the pool that hides users (PreventUserExistenceErrors). */
export async function hidingClient(env: {
  call: (name: string, input: Json) => Promise<Json>;
  poolId: string;
}) {
  const { UserPoolClient } = await env.call("CreateUserPoolClient", {
    UserPoolId: env.poolId,
    ClientName: "hiding",
    ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    PreventUserExistenceErrors: "ENABLED",
  });
  return UserPoolClient.ClientId as string;
}

/** A user of the pool itself, CONFIRMED with PASSWORD. */
export async function knownUser(
  env: { call: (name: string, input: Json) => Promise<Json>; poolId: string },
  Username: string,
) {
  await env.call("AdminCreateUser", { UserPoolId: env.poolId, Username, MessageAction: "SUPPRESS" });
  await env.call("AdminSetUserPassword", {
    UserPoolId: env.poolId,
    Username,
    Password: PASSWORD,
    Permanent: true,
  });
}
