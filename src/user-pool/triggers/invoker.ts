/**
 * The one port every Lambda trigger goes through: a function ARN (or name) from the pool's
 * `LambdaConfig`, invoked with Cognito's event JSON, answers what the function returned. How an
 * ARN is run (a module in a worker thread, an HTTP endpoint, the Lambda Invoke API, a function
 * given in code, a Workers service binding) is the invoker's business (resolve.ts).
 */

/** A trigger event: Cognito's common envelope (cognito-user-pools.md §7). */
export interface TriggerEvent {
  version: string;
  triggerSource: string;
  region: string;
  userPoolId: string;
  userName: string;
  callerContext: { awsSdkVersion: string; clientId: string };
  request: Record<string, unknown>;
  response: Record<string, unknown>;
}

/** Cognito's time limit on one trigger invocation. */
export const TRIGGER_TIMEOUT_MS = 5000;

/** The Lambda error types an {@link InvocationError} stands for. */
export const LAMBDA_ERROR = {
  TIMEOUT: "TimeoutException",
  SERVICE: "ServiceException",
  TOO_MANY: "TooManyRequestsException",
  NOT_FOUND: "ResourceNotFoundException",
} as const;

/** How one invocation is made. */
export interface InvokeOptions {
  /** Aborted at the invocation's deadline (5 s by default): the invoker gives up and rejects. */
  signal: AbortSignal;
  /** Epoch ms when the signal fires: what the handler's `context.getRemainingTimeInMillis()` counts to. */
  deadline: number;
  /**
   * Fire and forget (Lambda's `Event` invocation type), as Cognito invokes the custom senders: the
   * invoker resolves once the invocation is accepted, to `undefined`.
   */
  async?: boolean;
}

/** Invokes trigger functions. */
export interface TriggerInvoker {
  /**
   * Runs the function `arn` with `event`, resolving to the value it returned (for a synchronous
   * invocation). Rejects with {@link FunctionError} when the function itself failed (threw,
   * rejected, called back with an error) and with {@link InvocationError} when it could not be
   * run to an answer (unknown ARN, unreachable, timed out, throttled).
   */
  invoke(arn: string, event: TriggerEvent, options: InvokeOptions): Promise<unknown>;
}

/**
 * The function ran and failed: Lambda's `errorMessage` (and `errorType`). Cognito answers
 * UserLambdaValidationException "<Trigger> failed with error <errorMessage>.".
 */
export class FunctionError extends Error {
  override readonly name = "FunctionError";
  constructor(
    message: string,
    readonly errorType = "Error",
  ) {
    super(message);
  }
}

/**
 * The function could not be run to an answer. `type` is the Lambda error type it stands for
 * (`ResourceNotFoundException`, `TimeoutException`, `ServiceException`, `TooManyRequestsException`,
 * ...); `retryable` marks the failures Cognito tries again (throttling, a 5xx, a refused
 * connection), never a timeout or a function's own error. Cognito answers UnexpectedLambdaException.
 * The message names the target's origin at most, never the event.
 */
export class InvocationError extends Error {
  override readonly name = "InvocationError";
  constructor(
    readonly type: string,
    message: string,
    readonly retryable = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The failure of an ARN no configuration names. */
export function unknownFunction(arn: string): InvocationError {
  return new InvocationError(
    LAMBDA_ERROR.NOT_FOUND,
    `no trigger function is configured for ${functionName(arn)}`,
  );
}

/** The failure of an invocation past its deadline (never retried). */
export function timedOut(): InvocationError {
  return new InvocationError(LAMBDA_ERROR.TIMEOUT, "timed out");
}

/**
 * What a failure is, for a log line: an {@link InvocationError}'s type, a {@link FunctionError}'s
 * `errorType`, an error's name. Never a message: a handler's may hold what it was given (a code).
 *
 * @example
 * ```ts
 * failureType(timedOut()); // "TimeoutException"
 * ```
 */
export function failureType(error: unknown): string {
  if (error instanceof InvocationError) return error.type;
  if (error instanceof FunctionError) return error.errorType;
  if (error instanceof Error && error.cause instanceof InvocationError) return error.cause.type;
  return error instanceof Error ? error.name : "Error";
}

/** An invoker with no function: every ARN is unknown (what a pool with triggers meets unconfigured). */
export const NO_TRIGGERS: TriggerInvoker = {
  invoke: (arn) => Promise.reject(unknownFunction(arn)),
};

/**
 * The function name of an ARN (`arn:aws:lambda:us-east-1:123456789012:function:my-fn[:alias]`)
 * or of a bare name: the key configuration may list a function under.
 *
 * @example
 * ```ts
 * functionName("arn:aws:lambda:us-east-1:000000000000:function:pre-sign-up"); // "pre-sign-up"
 * ```
 */
export function functionName(arn: string): string {
  const parts = arn.split(":");
  return parts[0] === "arn" && parts.length >= 7 ? parts[6]! : arn;
}
