/**
 * The receiving side of the HTTP mode: serves an unchanged Lambda handler over HTTP (a Worker, a
 * Node server), checking each request's signature, time and trigger id, and answering as the
 * Lambda Invoke API does.
 */
import { timingSafeEqual } from "../../protocol/sigv4-crypto.js";
import { readBodyLimited } from "../../util/body.js";
import { callHandler, type LambdaHandler } from "./handler-call.js";
import {
  FUNCTION_ERROR_HEADER,
  INVOCATION_TYPE_HEADER,
  MAX_HTTP_ANSWER_BYTES,
  TRIGGER_DEADLINE_HEADER,
  TRIGGER_FUNCTION_HEADER,
  TRIGGER_ID_HEADER,
  TRIGGER_SIGNATURE_HEADER,
  triggerSignature,
} from "./http.js";
import type { FunctionError } from "./invoker.js";

/** How {@link serveTrigger} checks requests. */
export interface ServeTriggerOptions {
  /**
   * The secret cognate signs with (its `triggers.functions[...].secret`), 32+ characters; `null`
   * accepts unsigned requests, only for a Workers service binding, which nothing else can reach.
   */
  secret: string | null;
  /** How old (or early) a request's timestamp may be. Default 300 (5 minutes). */
  maxSkewSeconds?: number;
  /** Trigger ids remembered to refuse replays; when full of unexpired ones, requests get 429. Default 10000. */
  maxRememberedIds?: number;
  now?: () => number;
}

const SIGNATURE = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * A fetch handler that runs `handler` (any Node.js Lambda style: async, callback, context.succeed)
 * for each signed trigger request cognate's HTTP mode sends, and answers as Lambda's Invoke API:
 * 200 with the returned value, or 200 with `X-Amz-Function-Error: Unhandled` and
 * `{errorMessage, errorType}` when the handler failed; 202 for an asynchronous (`Event`)
 * invocation once the handler has run. A request with a wrong signature, a timestamp outside the
 * window or a trigger id already seen is refused with 401 before the handler runs.
 *
 * @example
 * ```ts
 * // A Worker serving an existing Lambda handler, unchanged:
 * import { serveTrigger } from "cognate";
 * import { handler } from "./pre-sign-up.mjs";
 * const serve = serveTrigger(handler, { secret: env.TRIGGER_SECRET });
 * export default { fetch: (request: Request) => serve(request) };
 * ```
 */
export function serveTrigger(
  handler: LambdaHandler,
  options: ServeTriggerOptions,
): (request: Request) => Promise<Response> {
  if (options.secret !== null && (typeof options.secret !== "string" || options.secret.length < 32))
    throw new TypeError("serveTrigger: the secret must be at least 32 characters");
  const secret = options.secret;
  const skew = options.maxSkewSeconds ?? 300;
  const maxIds = options.maxRememberedIds ?? 10_000;
  const now = options.now ?? Date.now;
  const seen = new Map<string, number>(); // trigger id → when it may be forgotten (epoch seconds)

  const remember = (id: string, at: number): "ok" | "replay" | "full" => {
    if (seen.has(id)) return "replay";
    if (seen.size >= maxIds)
      for (const [key, until] of seen) {
        if (until >= at) break; // insertion order is roughly expiry order
        seen.delete(key);
      }
    if (seen.size >= maxIds) return "full";
    seen.set(id, at + skew);
    return "ok";
  };

  return async (request) => {
    if (request.method !== "POST") return refusal(405, "POST only");
    const body = await readBodyLimited(request, MAX_HTTP_ANSWER_BYTES);
    if ("tooLarge" in body) return refusal(413, "the event is too large");
    let text: string;
    try {
      text = decoder.decode(body);
    } catch {
      return refusal(400, "the event is not UTF-8");
    }
    const id = request.headers.get(TRIGGER_ID_HEADER) ?? "";
    const at = Math.floor(now() / 1000);
    if (secret !== null) {
      const match = SIGNATURE.exec(request.headers.get(TRIGGER_SIGNATURE_HEADER) ?? "");
      if (match === null || !UUID.test(id)) return refusal(401, "unsigned request");
      const timestamp = Number(match[1]);
      if (Math.abs(at - timestamp) > skew) return refusal(401, "the request is too old");
      const expected = await triggerSignature(secret, timestamp, id, text);
      if (!timingSafeEqual(`t=${match[1]},v1=${match[2]}`, expected)) return refusal(401, "bad signature");
      const remembered = remember(id, at);
      if (remembered === "replay") return refusal(401, "replayed request");
      if (remembered === "full") return refusal(429, "too many requests");
    }
    let event: unknown;
    try {
      event = JSON.parse(text);
    } catch {
      return refusal(400, "the event is not JSON");
    }
    const deadlineHeader = Number(request.headers.get(TRIGGER_DEADLINE_HEADER));
    const deadline =
      Number.isFinite(deadlineHeader) && deadlineHeader > 0 ? deadlineHeader : now() + skew * 1000;
    const arn = request.headers.get(TRIGGER_FUNCTION_HEADER) ?? "function";
    const isEvent = request.headers.get(INVOCATION_TYPE_HEADER) === "Event";
    let result: unknown;
    try {
      result = await callHandler(handler, event, { arn, deadline, requestId: id || crypto.randomUUID() });
    } catch (error) {
      const failure = error as FunctionError;
      return Response.json(
        { errorMessage: failure.message, errorType: failure.errorType },
        { status: isEvent ? 202 : 200, headers: { [FUNCTION_ERROR_HEADER]: "Unhandled" } },
      );
    }
    if (isEvent) return new Response(null, { status: 202 });
    let json: string | undefined;
    try {
      json = JSON.stringify(result);
    } catch {
      // A result JSON cannot carry (a cycle, a BigInt) is no event: "null", which cognate refuses
      // as an unrecognizable output, as it does the module mode's.
      json = undefined;
    }
    return new Response(json ?? "null", { status: 200, headers: { "content-type": "application/json" } });
  };
}

function refusal(status: number, message: string): Response {
  return Response.json({ message }, { status });
}
