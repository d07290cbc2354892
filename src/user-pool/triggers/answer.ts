/**
 * Reading a remote function's answer, shared by the HTTP mode (and service bindings) and the
 * Lambda Invoke mode: both speak the Invoke API's answers, so one handler shape serves both.
 */
import { readBodyLimited } from "../../util/body.js";
import { raceDeadline } from "./function.js";
import { FunctionError, InvocationError, LAMBDA_ERROR } from "./invoker.js";

/** The header that marks a function's own failure (Lambda's `X-Amz-Function-Error`). */
export const FUNCTION_ERROR_HEADER = "x-amz-function-error";
/** Lambda's invocation type header: `RequestResponse`, or `Event` for an asynchronous invocation. */
export const INVOCATION_TYPE_HEADER = "x-amz-invocation-type";

const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * Sends a request for the function at `origin` and maps what it answers: the returned value (200),
 * `undefined` for an accepted asynchronous invocation (202, or any 2xx), a {@link FunctionError}
 * (200 with `X-Amz-Function-Error`), or an {@link InvocationError}: 429 and 5xx retryable,
 * 404 ResourceNotFoundException, anything else (another status, a body over `limit` bytes, not
 * JSON) not retryable; a network failure retryable; the deadline's abort TimeoutException.
 */
export async function invokeRemote(
  send: () => Promise<Response>,
  what: string,
  options: { signal: AbortSignal; async: boolean; limit: number },
): Promise<unknown> {
  let response: Response;
  try {
    // Raced as well as signalled: a Fetcher (a service binding, a stand-in) may not honour the signal.
    response = await raceDeadline(send(), options.signal);
  } catch (cause) {
    if (cause instanceof InvocationError) throw cause;
    if (options.signal.aborted) throw new InvocationError(LAMBDA_ERROR.TIMEOUT, `${what} timed out`);
    throw new InvocationError(LAMBDA_ERROR.SERVICE, `${what} is unreachable`, true, { cause });
  }
  try {
    return await answerOf(response, what, options);
  } catch (error) {
    if (options.signal.aborted && !(error instanceof FunctionError) && !(error instanceof InvocationError))
      throw new InvocationError(LAMBDA_ERROR.TIMEOUT, `${what} timed out`);
    throw error;
  }
}

async function answerOf(
  response: Response,
  what: string,
  options: { async: boolean; limit: number },
): Promise<unknown> {
  const status = response.status;
  const errorType = response.headers.get("x-amzn-errortype")?.split(":")[0] || undefined;
  if (status === 429 || errorType === "TooManyRequestsException") {
    await discard(response);
    throw new InvocationError(LAMBDA_ERROR.TOO_MANY, `${what} answered HTTP ${status}`, true);
  }
  if (status >= 500) {
    await discard(response);
    throw new InvocationError(errorType ?? LAMBDA_ERROR.SERVICE, `${what} answered HTTP ${status}`, true);
  }
  if (status === 404) {
    await discard(response);
    throw new InvocationError(LAMBDA_ERROR.NOT_FOUND, `${what} answered HTTP 404`);
  }
  if (status < 200 || status > 299) {
    await discard(response);
    throw new InvocationError(errorType ?? LAMBDA_ERROR.SERVICE, `${what} answered HTTP ${status}`);
  }
  // An asynchronous (Event) invocation that was accepted is done, whatever the function did: Lambda
  // never reports an Event's function error to the caller, so a custom sender that fails does not
  // fail the API call that sent the code. serveTrigger runs the handler before it answers 202, so
  // its failure can arrive here: it is logged (its type only, never its message), not thrown.
  if (options.async) {
    if (response.headers.has(FUNCTION_ERROR_HEADER))
      console.error(`cognate: ${what} failed (asynchronous invocation)`);
    await discard(response);
    return undefined;
  }
  const body = await readBodyLimited(response, options.limit);
  if ("tooLarge" in body)
    throw new InvocationError(LAMBDA_ERROR.SERVICE, `${what} answered more than ${options.limit} bytes`);
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(body));
  } catch {
    throw new InvocationError(LAMBDA_ERROR.SERVICE, `${what} answered something that is not JSON`);
  }
  if (response.headers.has(FUNCTION_ERROR_HEADER)) {
    const failure = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
    throw new FunctionError(
      typeof failure.errorMessage === "string" ? failure.errorMessage : "the function failed",
      typeof failure.errorType === "string" ? failure.errorType : "Error",
    );
  }
  return value;
}

async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}
