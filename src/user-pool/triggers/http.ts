/**
 * The HTTP mode (Node and Workers): the event POSTed as JSON to a URL, signed as the sender
 * webhook is, the answer read as the Lambda Invoke API's (answer.ts). A Workers service binding
 * speaks the same protocol through its Fetcher. The receiving side is http-endpoint.ts.
 */
import { hmacHex } from "../../protocol/sigv4-crypto.js";
import { FUNCTION_ERROR_HEADER, INVOCATION_TYPE_HEADER, invokeRemote } from "./answer.js";
import type { TriggerInvoker } from "./invoker.js";

export { FUNCTION_ERROR_HEADER, INVOCATION_TYPE_HEADER };
/**
 * `t=<epoch seconds>,v1=<hex HMAC-SHA256(secret, signed string)>`, the signed string being
 * {@link triggerSignedString}'s: the timestamp, the trigger id, the invocation type, the function,
 * the deadline and the body, one line each.
 */
export const TRIGGER_SIGNATURE_HEADER = "x-cognate-signature";
/** A UUID per request, covered by the signature: the endpoint refuses one it has seen. */
export const TRIGGER_ID_HEADER = "x-cognate-trigger-id";
/** The function ARN (or name) invoked, covered by the signature. */
export const TRIGGER_FUNCTION_HEADER = "x-cognate-function";
/** When the invocation times out (epoch ms), covered by the signature: the handler's `getRemainingTimeInMillis()`. */
export const TRIGGER_DEADLINE_HEADER = "x-cognate-deadline";
/** The largest answer read: 1 MiB. */
export const MAX_HTTP_ANSWER_BYTES = 1024 * 1024;

/** The headers of a trigger request its signature covers, as sent. */
export interface TriggerRequestFields {
  /** `X-Cognate-Trigger-Id`. */
  id: string;
  /** `X-Amz-Invocation-Type`: `RequestResponse`, or `Event`. */
  invocationType: string;
  /** `X-Cognate-Function`. */
  function: string;
  /** `X-Cognate-Deadline` (epoch ms, as written in the header). */
  deadline: string;
}

/** The signed headers of a request as it arrived (a missing one is empty, and fails the signature). */
export function triggerFieldsOf(headers: Headers): TriggerRequestFields {
  return {
    id: headers.get(TRIGGER_ID_HEADER) ?? "",
    invocationType: headers.get(INVOCATION_TYPE_HEADER) ?? "",
    function: headers.get(TRIGGER_FUNCTION_HEADER) ?? "",
    deadline: headers.get(TRIGGER_DEADLINE_HEADER) ?? "",
  };
}

/**
 * The string a trigger request's HMAC is taken over, the one definition the signer and
 * `serveTrigger` share: `<t>\n<trigger id>\n<invocation type>\n<function>\n<deadline>\n<body>`.
 * A header value holds no line break, so no field can be moved into its neighbour; signing the
 * invocation type, the function and the deadline keeps a captured request from being replayed as
 * an `Event`, to another function, or with more time.
 *
 * @example
 * ```ts
 * triggerSignedString(1700000000, { id, invocationType: "RequestResponse", function: arn, deadline: "1700000005000" }, body);
 * ```
 */
export function triggerSignedString(timestamp: number, fields: TriggerRequestFields, body: string): string {
  return [timestamp, fields.id, fields.invocationType, fields.function, fields.deadline, body].join("\n");
}

const encoder = new TextEncoder();

/** The `X-Cognate-Signature` value of a trigger request: `t=<timestamp>,v1=<hex HMAC-SHA256>`. */
export async function triggerSignature(
  secret: string,
  timestamp: number,
  fields: TriggerRequestFields,
  body: string,
): Promise<string> {
  const mac = await hmacHex(encoder.encode(secret), triggerSignedString(timestamp, fields, body));
  return `t=${timestamp},v1=${mac}`;
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
      const fields: TriggerRequestFields = {
        id,
        invocationType: async ? "Event" : "RequestResponse",
        function: arn,
        deadline: String(deadline),
      };
      const headers: Record<string, string> = {
        "content-type": "application/json",
        [TRIGGER_ID_HEADER]: fields.id,
        [TRIGGER_FUNCTION_HEADER]: fields.function,
        [TRIGGER_DEADLINE_HEADER]: fields.deadline,
        [INVOCATION_TYPE_HEADER]: fields.invocationType,
      };
      if (options.secret !== null)
        headers[TRIGGER_SIGNATURE_HEADER] = await triggerSignature(
          options.secret,
          Math.floor(now() / 1000),
          fields,
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
