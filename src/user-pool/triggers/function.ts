/**
 * Trigger functions given in code: handlers called in the same process, as Lambda calls them
 * (for cognate mounted as a library, and for tests).
 */
import { callHandler, type LambdaHandler } from "./handler-call.js";
import { failureType, functionName, timedOut, type TriggerInvoker, unknownFunction } from "./invoker.js";

/**
 * An invoker over in-process handlers, each listed under its function ARN or its name.
 *
 * @example
 * ```ts
 * const triggers = functionInvoker({ "pre-sign-up": async (event) => { event.response.autoConfirmUser = true; return event; } });
 * ```
 */
export function functionInvoker(handlers: Readonly<Record<string, LambdaHandler>>): TriggerInvoker {
  const byName = new Map(Object.entries(handlers));
  return {
    async invoke(arn, event, options) {
      const handler = byName.get(arn) ?? byName.get(functionName(arn));
      if (handler === undefined) throw unknownFunction(arn);
      const run = callHandler(handler, event, {
        arn,
        deadline: options.deadline,
        requestId: crypto.randomUUID(),
      });
      if (options.async === true) {
        // Done when the handler is (or its deadline passed): the caller's bound on background work
        // counts the invocation while it runs. Its failure's type only: a handler's message may
        // hold what it was given (a custom sender's code).
        return raceDeadline(run, options.signal).then(
          () => undefined,
          (error: unknown) => {
            console.error(`cognate: trigger ${functionName(arn)} failed: ${failureType(error)}`);
          },
        );
      }
      return raceDeadline(run, options.signal);
    },
  };
}

/** The handler's answer, or a TimeoutException once the signal fires (the handler runs on, unheard). */
export function raceDeadline<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(timedOut());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(timedOut());
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
