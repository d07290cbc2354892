// The message-trigger suites' set-up: the user-pool operations in-process over SQLite, with
// in-code trigger functions (functionInvoker), a sender that keeps what it was given, and the
// events each function received.
import type { OperationDefinition } from "../../src/protocol/json/index.js";
import type { OutboundMessage } from "../../src/delivery/message.js";
import { openSqliteDatabase, sqliteDriver } from "../../src/storage/sqlite.node.js";
import { userPoolContext } from "../../src/user-pool/context.js";
import { generateMasterKey } from "../../src/user-pool/keys/master-key.js";
import { userPoolOperations } from "../../src/user-pool/service.js";
import type { CodeEncrypter } from "../../src/user-pool/triggers/code-encryption.js";
import { functionInvoker, type LambdaHandler } from "../../src/user-pool/triggers/index.js";

export const arn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
export const PASSWORD = "Correct-Horse-9";
export const USER_AGENT = "aws-sdk-js/3.700.0 ua/2.1 os/linux lang/js";

// biome-ignore lint/suspicious/noExplicitAny: the tests read answers and events of many shapes
export type Any = Record<string, any>;

export async function triggerService(options: {
  handlers: Record<string, LambdaHandler>;
  pool?: Record<string, unknown>;
  codeEncrypter?: CodeEncrypter;
  /** The service's clock (default: the real one). */
  now?: () => number;
}) {
  const events: Any[] = [];
  // Each handler's event is recorded as it arrived (a deep copy: handlers edit it in place).
  const recorded = Object.fromEntries(
    Object.entries(options.handlers).map(([name, handler]) => [
      name,
      ((event, context, callback) => {
        events.push(structuredClone(event));
        return handler(event, context, callback);
      }) as LambdaHandler,
    ]),
  );
  const sent: OutboundMessage[] = [];
  const ctx = userPoolContext({
    storage: sqliteDriver(openSqliteDatabase(":memory:")),
    masterKey: generateMasterKey(),
    region: "us-east-1",
    sender: { send: async (message) => void sent.push(message) },
    triggers: functionInvoker(recorded),
    triggerTimeoutMs: 1000,
    ...(options.codeEncrypter === undefined ? {} : { codeEncrypter: options.codeEncrypter }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  const ops = userPoolOperations(ctx) as Record<string, unknown>;
  const call = async (name: string, input: Any): Promise<Any> =>
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
      },
    })) as Any;
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
  return { ctx, call, poolId, clientId, sent, events };
}

/** The error a call failed with. */
export async function failure(promise: Promise<unknown>): Promise<Error & { name: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("the call succeeded");
}
