/**
 * The HTTP mode (Node and Workers): the event POSTed as JSON to a URL, signed as the sender
 * webhook is, the answer read as the Lambda Invoke API's (answer.ts). A Workers service binding
 * speaks the same protocol through its Fetcher. The receiving side is http-endpoint.ts.
 */
import { webhookSignature } from "../../delivery/webhook.js";
import { FUNCTION_ERROR_HEADER, INVOCATION_TYPE_HEADER, invokeRemote } from "./answer.js";
import type { TriggerInvoker } from "./invoker.js";

export { FUNCTION_ERROR_HEADER, INVOCATION_TYPE_HEADER };
/** `t=<epoch seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<trigger id>.<body>")>`. */
export const TRIGGER_SIGNATURE_HEADER = "x-cognate-signature";
/** A UUID per request, covered by the signature: the endpoint refuses one it has seen. */
export const TRIGGER_ID_HEADER = "x-cognate-trigger-id";
/** The function ARN (or name) invoked. */
export const TRIGGER_FUNCTION_HEADER = "x-cognate-function";
/** When the invocation times out (epoch ms): the handler's `getRemainingTimeInMillis()`. */
export const TRIGGER_DEADLINE_HEADER = "x-cognate-deadline";
/** The largest answer read: 1 MiB. */
export const MAX_HTTP_ANSWER_BYTES = 1024 * 1024;

/**
 * The signature of a trigger request: the sender webhook's (`webhookSignature`), over the trigger
 * id and the body, so neither can be changed or the id replaced to get past the replay check.
 */
export function triggerSignature(
  secret: string,
  timestamp: number,
  id: string,
  body: string,
): Promise<string> {
  return webhookSignature(secret, timestamp, `${id}.${body}`);
}

/** Where and how the HTTP mode posts. */
export interface HttpTargetOptions {
  /** An https URL (or http on loopback); for a service binding, any URL (`https://trigger.internal/`). */
  url: string;
  /** The shared secret (32+ characters); `null` sends unsigned requests (a service binding only). */
  secret: string | null;
  /** Default: the global fetch. A service binding passes its Fetcher's. */
  fetch?: (request: Request) => Promise<Response>;
  now?: () => number;
}

/** Whether a URL may carry a trigger's events: https, or http on loopback (as the sender webhook). */
export function httpTargetProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "must be an absolute URL";
  }
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(parsed.hostname);
  return parsed.protocol === "https:" || (parsed.protocol === "http:" && loopback)
    ? null
    : "must be https (or http on loopback)";
}

/**
 * Invokes functions by POSTing the event to one URL.
 *
 * @example
 * ```ts
 * const welcome = httpInvoker({ url: "https://hooks.example.com/welcome", secret: env.WELCOME_SECRET });
 * ```
 */
export function httpInvoker(options: HttpTargetOptions): TriggerInvoker {
  const url = new URL(options.url).href;
  const origin = new URL(options.url).origin;
  const doFetch = options.fetch ?? ((request: Request) => fetch(request));
  const now = options.now ?? Date.now;
  const what = `trigger endpoint ${origin}`;
  return {
    async invoke(arn, event, { signal, deadline, async = false }) {
      const id = crypto.randomUUID();
      const body = JSON.stringify(event);
      const headers: Record<string, string> = {
        "content-type": "application/json",
        [TRIGGER_ID_HEADER]: id,
        [TRIGGER_FUNCTION_HEADER]: arn,
        [TRIGGER_DEADLINE_HEADER]: String(deadline),
        [INVOCATION_TYPE_HEADER]: async ? "Event" : "RequestResponse",
      };
      if (options.secret !== null)
        headers[TRIGGER_SIGNATURE_HEADER] = await triggerSignature(
          options.secret,
          Math.floor(now() / 1000),
          id,
          body,
        );
      return invokeRemote(
        () => doFetch(new Request(url, { method: "POST", headers, body, redirect: "manual", signal })),
        what,
        { signal, async, limit: MAX_HTTP_ANSWER_BYTES },
      );
    },
  };
}
