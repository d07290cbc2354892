/**
 * The module mode (Node only): handler modules run in a pool of worker threads, as Lambda's
 * Node.js runtime runs them. Each thread imports a module once and keeps it (warm starts); a
 * handler past its deadline has its thread terminated and replaced, so a runaway one never stops
 * the server. Each thread gets a copy of the server's environment without cognate's own settings
 * and the server's credentials ({@link handlerEnvironment}), taken when it starts.
 *
 * That filter keeps secrets out of a handler's `process.env` only; it is no boundary. The thread
 * runs in the server's process with its file system: /proc/self/environ gives the environment the
 * server was started with (COGNATE_MASTER_KEY and the rest), and the configuration file (trigger
 * secrets, the sender key) and the data directory (the master key file, the database) are
 * readable. Module handlers are trusted code, as the server itself; code you do not trust belongs
 * in the HTTP or Lambda mode, in a process of its own.
 */
import { resolve as resolvePath } from "node:path";
import { Worker } from "node:worker_threads";
import { callHandler, errorFields, isThenable } from "./handler-call.js";
import { FunctionError, failureType, InvocationError, type TriggerInvoker, LAMBDA_ERROR } from "./invoker.js";

/** How the module pool runs. */
export interface ModulePoolOptions {
  /** Worker threads, started as needed. Default 2. */
  threads?: number;
  /**
   * Invocations that may wait for a thread; beyond, TooManyRequestsException. Default 256.
   * Asynchronous ones (the custom senders) may take at most half of it, and of the threads (at
   * least one), and a synchronous one is started first: a flood of senders never leaves PreSignUp,
   * PreAuthentication or the custom challenge without a place.
   */
  maxQueue?: number;
}

/** The module mode's pool: an invoker per module, and `close()` to stop its threads. */
export interface ModulePool {
  /** The invoker of the handler `handler` exported by the module at `module` (resolved against the cwd). */
  invoker(target: { module: string; handler: string }): TriggerInvoker;
  /** Terminates the threads; waiting and running invocations fail with ServiceException. */
  close(): Promise<void>;
}

// The worker's source: callHandler, isThenable and errorFields are the port's own (handler-call.ts),
// which refer to nothing imported; the thread answers [id, 0, json] for a result (json undefined
// when it is not JSON), [id, 1, {errorMessage, errorType}] for the handler's failure, and
// [id, 2, message] when the module cannot be loaded.
const WORKER_SOURCE = `"use strict";
var __name = (f) => f;
const { parentPort } = require("node:worker_threads");
const { pathToFileURL } = require("node:url");
const isThenable = ${isThenable.toString()};
const errorFields = ${errorFields.toString()};
const functionErrorOf = (error) => errorFields(error);
const callHandler = ${callHandler.toString()};
const handlers = new Map();
async function handlerOf(path, name) {
  const key = path + "#" + name;
  let handler = handlers.get(key);
  if (handler !== undefined) return handler;
  const mod = await import(pathToFileURL(path).href);
  handler = mod[name] ?? (mod.default !== null && typeof mod.default === "object" ? mod.default[name] : undefined);
  if (typeof handler !== "function") throw new Error("it exports no function " + JSON.stringify(name));
  handlers.set(key, handler);
  return handler;
}
parentPort.on("message", async ([id, path, name, arn, deadline, eventJson]) => {
  let handler;
  try {
    handler = await handlerOf(path, name);
  } catch (error) {
    parentPort.postMessage([id, 2, String(error && error.message ? error.message : error)]);
    return;
  }
  try {
    const result = await callHandler(handler, JSON.parse(eventJson), { arn, deadline, requestId: id });
    let json;
    try { json = JSON.stringify(result); } catch { json = undefined; }
    parentPort.postMessage([id, 0, json]);
  } catch (failure) {
    parentPort.postMessage([id, 1, failure]);
  }
});
`;

// Cognate's own settings (COGNATE_MASTER_KEY, the admin key pair, the SMTP URL, the webhook
// secret, the sender key, ...), a database's URL and libpq's PG* (PGPASSWORD), and the server's
// AWS credentials in every form the SDK reads: the key pair (the tour exports cognate's admin key
// pair as AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY in the shell that may start the server), a
// profile, a web identity or container role (ECS, EKS). A Lambda function gets its own role's
// credentials, never its caller's.
const SERVER_ONLY = new RegExp(
  `^(?:${[
    "COGNATE_.*",
    "DATABASE_URL",
    "PG.*",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN",
    "AWS_PROFILE",
    "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_ROLE_ARN",
    "AWS_ROLE_SESSION_NAME",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_.*",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN.*",
  ].join("|")})$`,
  "i",
);

/**
 * The environment a handler module's thread gets: a copy of `env` (the server's `process.env`)
 * without cognate's settings (`COGNATE_*`), `DATABASE_URL`, `PG*` and the server's AWS
 * credentials (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`,
 * `AWS_SECURITY_TOKEN`, `AWS_PROFILE`, `AWS_SHARED_CREDENTIALS_FILE`, `AWS_ROLE_ARN`,
 * `AWS_ROLE_SESSION_NAME`, `AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_CONTAINER_CREDENTIALS_*`,
 * `AWS_CONTAINER_AUTHORIZATION_TOKEN*`). It hides them from `process.env` only: the module header
 * says what a handler can still read.
 *
 * @example
 * ```ts
 * handlerEnvironment({ PATH: "/usr/bin", COGNATE_MASTER_KEY: "..." }); // { PATH: "/usr/bin" }
 * ```
 */
export function handlerEnvironment(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const copy: Record<string, string> = {};
  for (const [name, value] of Object.entries(env))
    if (value !== undefined && !SERVER_ONLY.test(name)) copy[name] = value;
  return copy;
}

interface Job {
  id: string;
  async: boolean;
  message: [string, string, string, string, number, string];
  signal: AbortSignal;
  onAbort: () => void;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface Slot {
  worker: Worker;
  job: Job | undefined;
}

/**
 * A pool of worker threads running handler modules (ESM `export const handler`, CommonJS
 * `exports.handler`, `export default { handler }`; async, promise or callback style).
 *
 * @example
 * ```ts
 * const pool = modulePool({ threads: 2 });
 * const preSignUp = pool.invoker({ module: "/srv/triggers/pre-sign-up.mjs", handler: "handler" });
 * // ... on shutdown:
 * await pool.close();
 * ```
 */
export function modulePool(options: ModulePoolOptions = {}): ModulePool {
  const threads = Math.max(1, options.threads ?? 2);
  const maxQueue = options.maxQueue ?? 256;
  const maxAsyncQueue = Math.max(1, Math.floor(maxQueue / 2));
  const maxAsyncThreads = Math.max(1, Math.floor(threads / 2));
  const slots: Slot[] = [];
  const queue: Job[] = []; // synchronous invocations, taken first
  const asyncQueue: Job[] = [];
  let closed = false;
  let sequence = 0;

  const settle = (job: Job) => job.signal.removeEventListener("abort", job.onAbort);

  const spawn = (): Slot => {
    // The environment as it is now, when the thread starts (a replaced thread takes a fresh copy);
    // what the handler writes to it stays in its thread.
    const env = handlerEnvironment();
    const slot: Slot = { worker: new Worker(WORKER_SOURCE, { eval: true, env }), job: undefined };
    slot.worker.unref();
    slot.worker.on("message", ([id, kind, payload]: [string, number, unknown]) => {
      const job = slot.job;
      if (job === undefined || job.id !== id) return;
      slot.job = undefined;
      settle(job);
      if (kind === 0) job.resolve(payload === undefined ? undefined : JSON.parse(payload as string));
      else if (kind === 1) {
        const { errorMessage, errorType } = payload as { errorMessage: string; errorType: string };
        job.reject(new FunctionError(errorMessage, errorType));
      } else
        job.reject(
          new InvocationError(
            LAMBDA_ERROR.SERVICE,
            `cannot load trigger module ${job.message[1]}: ${String(payload)}`,
          ),
        );
      dispatch();
    });
    // An error thrown outside the handler's promise (a timer's callback) ends the thread: the
    // invocation fails as Lambda reports an uncaught exception, and a fresh thread takes its place.
    slot.worker.on("error", (error) => {
      const job = slot.job;
      slot.job = undefined;
      replace(slot);
      if (job !== undefined) {
        settle(job);
        const { errorMessage, errorType } = errorFields(error);
        job.reject(new FunctionError(errorMessage, errorType));
      }
      dispatch();
    });
    slot.worker.on("exit", () => {
      if (!slots.includes(slot) || closed) return;
      const job = slot.job;
      slot.job = undefined;
      replace(slot);
      if (job !== undefined) {
        settle(job);
        job.reject(new FunctionError("the handler's thread exited", "Runtime.ExitError"));
      }
      dispatch();
    });
    return slot;
  };

  const replace = (slot: Slot) => {
    const at = slots.indexOf(slot);
    if (at < 0) return;
    slots.splice(at, 1);
    void slot.worker.terminate();
  };

  const next = (): Job | undefined => {
    if (queue.length > 0) return queue.shift();
    if (asyncQueue.length === 0) return undefined;
    const asyncRunning = slots.filter((s) => s.job?.async === true).length;
    return asyncRunning < maxAsyncThreads ? asyncQueue.shift() : undefined;
  };

  const dispatch = () => {
    while (!closed) {
      let slot = slots.find((s) => s.job === undefined);
      if (slot === undefined && slots.length >= threads) return;
      const job = next();
      if (job === undefined) return;
      if (slot === undefined) {
        slot = spawn();
        slots.push(slot);
      }
      slot.job = job;
      slot.worker.postMessage(job.message);
    }
  };

  const timeOut = (job: Job) => {
    const waiting = job.async ? asyncQueue : queue;
    const queued = waiting.indexOf(job);
    if (queued >= 0) waiting.splice(queued, 1);
    const slot = slots.find((s) => s.job === job);
    if (slot !== undefined) {
      // A handler past its deadline may never yield (while (true)): only ending its thread stops it.
      slot.job = undefined;
      replace(slot);
    }
    job.reject(new InvocationError(LAMBDA_ERROR.TIMEOUT, "the trigger module timed out"));
    dispatch();
  };

  const run = (
    path: string,
    handler: string,
    arn: string,
    eventJson: string,
    signal: AbortSignal,
    deadline: number,
    async: boolean,
  ) =>
    new Promise<unknown>((resolve, reject) => {
      if (closed)
        return reject(new InvocationError(LAMBDA_ERROR.SERVICE, "the trigger module pool is closed"));
      if (signal.aborted)
        return reject(new InvocationError(LAMBDA_ERROR.TIMEOUT, "the trigger module timed out"));
      const waiting = queue.length + asyncQueue.length;
      if (waiting >= maxQueue || (async && asyncQueue.length >= maxAsyncQueue))
        return reject(
          new InvocationError(LAMBDA_ERROR.TOO_MANY, "too many trigger invocations waiting", true),
        );
      const id = `${++sequence}`;
      const job: Job = {
        id,
        async,
        message: [id, path, handler, arn, deadline, eventJson],
        signal,
        onAbort: () => timeOut(job),
        resolve,
        reject,
      };
      signal.addEventListener("abort", job.onAbort, { once: true });
      (async ? asyncQueue : queue).push(job);
      dispatch();
    });

  return {
    invoker(target) {
      const path = resolvePath(target.module);
      return {
        async invoke(arn, event, { signal, deadline, async = false }) {
          const running = run(path, target.handler, arn, JSON.stringify(event), signal, deadline, async);
          if (!async) return running;
          // Its type only: a handler's message may hold what it was given (a custom sender's code).
          running.catch((error: unknown) =>
            console.error(`cognate: trigger ${target.module} failed: ${failureType(error)}`),
          );
          return undefined;
        },
      };
    },
    async close() {
      closed = true;
      const failed = new InvocationError(LAMBDA_ERROR.SERVICE, "the trigger module pool is closed");
      for (const job of [...queue.splice(0), ...asyncQueue.splice(0)]) {
        settle(job);
        job.reject(failed);
      }
      const stopping = slots.splice(0);
      for (const slot of stopping) {
        if (slot.job !== undefined) {
          settle(slot.job);
          slot.job.reject(failed);
        }
      }
      await Promise.all(stopping.map((slot) => slot.worker.terminate()));
    },
  };
}
