/**
 * Calls a Lambda handler as the Node.js runtime does: `async (event, context)`, a handler that
 * returns a promise, or the callback style `(event, context, callback)`; whichever answers first
 * counts. Shared by the in-code functions and the module worker threads (runtime-neutral): the
 * threads run the source of {@link callHandler}, `isThenable` and {@link errorFields}, so these
 * three refer to nothing imported.
 */
import { FunctionError } from "./invoker.js";

/** A Lambda handler, in any of the Node.js runtime's styles. */
// biome-ignore lint/suspicious/noExplicitAny: a handler takes and returns whatever Cognito's event is.
export type LambdaHandler = (event: any, context: LambdaContext, callback: LambdaCallback) => unknown;
/** The callback of a callback-style handler. */
export type LambdaCallback = (error?: unknown, result?: unknown) => void;

/** The subset of Lambda's context object that handlers read. */
export interface LambdaContext {
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis(): number;
  done(error?: unknown, result?: unknown): void;
  succeed(result?: unknown): void;
  fail(error?: unknown): void;
}

/**
 * Runs `handler` and settles with its result; a throw, a rejection or an error passed to the
 * callback is a {@link FunctionError} carrying the error's message and type, as Lambda reports it.
 *
 * @example
 * ```ts
 * const result = await callHandler(handler, event, { arn, deadline: Date.now() + 5000, requestId: crypto.randomUUID() });
 * ```
 */
export function callHandler(
  handler: LambdaHandler,
  event: unknown,
  options: { arn: string; deadline: number; requestId: string; now?: () => number },
): Promise<unknown> {
  const now = options.now ?? Date.now;
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      reject(functionErrorOf(error));
    };
    const succeed = (result: unknown) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const callback: LambdaCallback = (error, result) =>
      error === undefined || error === null ? succeed(result) : fail(error);
    const name = options.arn.split(":")[6] ?? options.arn;
    const context: LambdaContext = {
      functionName: name,
      functionVersion: "$LATEST",
      invokedFunctionArn: options.arn,
      memoryLimitInMB: "128",
      awsRequestId: options.requestId,
      logGroupName: `/aws/lambda/${name}`,
      logStreamName: "cognate",
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, options.deadline - now()),
      done: callback,
      succeed: (result) => succeed(result),
      fail: (error) => fail(error ?? new Error("failed")),
    };
    let returned: unknown;
    try {
      returned = handler(event, context, callback);
    } catch (error) {
      return fail(error);
    }
    // A handler of two parameters answers by its return value (Lambda's async style); one of three
    // that returns a promise answers by it too.
    if (isThenable(returned)) returned.then(succeed, fail);
    else if (handler.length < 3) succeed(returned);
  });
}

/** Whether a handler's return value is a promise (self-contained: the worker threads run its source). */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function"
  );
}

/** Lambda's `{errorMessage, errorType}` of whatever a handler failed with. */
export function functionErrorOf(error: unknown): FunctionError {
  if (error instanceof FunctionError) return error;
  const { errorMessage, errorType } = errorFields(error);
  return new FunctionError(errorMessage, errorType);
}

/**
 * `{errorMessage, errorType}` of a thrown value, as Lambda reports it. Self-contained (no import):
 * the module mode's worker threads run its source.
 */
export function errorFields(error: unknown): { errorMessage: string; errorType: string } {
  if (error instanceof Error) return { errorMessage: error.message, errorType: error.name || "Error" };
  if (typeof error === "string") return { errorMessage: error, errorType: "Error" };
  return { errorMessage: JSON.stringify(error) ?? String(error), errorType: "Error" };
}
