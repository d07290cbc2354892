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
  MAX_HTTP_ANSWER_BYTES,
  TRIGGER_SIGNATURE_HEADER,
  triggerFieldsOf,
  triggerSignature,
} from "./http.js";
import type { FunctionError } from "./invoker.js";
import { DEFAULT_REMEMBERED_IDS, DEFAULT_SKEW_SECONDS, replayMemory } from "./replay-memory.js";

/** How {@link serveTrigger} checks requests. */
export interface ServeTriggerOptions {
  /**
   * The secret cognate signs with (its `triggers.functions[...].secret`), 32+ characters; `null`
   * accepts unsigned requests, only for a Workers service binding, which nothing else can reach.
   */
  secret: string | null;
  /**
   * How old (or early) a request's timestamp may be. Default 60: cognate and the endpoint are the
   * same operator's, with clocks in step, and the shorter the window the fewer ids to remember.
   */
  maxSkewSeconds?: number;
  /**
   * Trigger ids remembered to refuse replays, each until its request stops being acceptable (its
   * timestamp or its arrival, whichever is later, plus the skew). Default 100,000 (about 12 MB),
   * room for over 800 requests a second with the default skew. When that many acceptable ids are
   * held, a new request is refused with 503, which cognate retries, and the first refusal is logged.
   */
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
 * invocation once the handler has run. A request with a wrong signature (over its timestamp,
 * trigger id, invocation type, function, deadline and body), a timestamp outside the window or a
 * trigger id already seen is refused with 401 before the handler runs; 503 (retryable) when the
 * memory of ids is full. The ids are remembered in memory: on Workers each isolate keeps its own,
 * so a request captured in transit could be accepted once by each isolate within the window.
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
  const skew = options.maxSkewSeconds ?? DEFAULT_SKEW_SECONDS;
  const now = options.now ?? Date.now;
  const remember = replayMemory(skew, options.maxRememberedIds ?? DEFAULT_REMEMBERED_IDS);

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
    const fields = triggerFieldsOf(request.headers);
    const id = fields.id;
    const at = Math.floor(now() / 1000);
    if (secret !== null) {
      const match = SIGNATURE.exec(request.headers.get(TRIGGER_SIGNATURE_HEADER) ?? "");
      if (match === null || !UUID.test(id)) return refusal(401, "unsigned request");
      const timestamp = Number(match[1]);
      if (Math.abs(at - timestamp) > skew) return refusal(401, "the request is too old");
      const expected = await triggerSignature(secret, timestamp, fields, text);
      if (!timingSafeEqual(`t=${match[1]},v1=${match[2]}`, expected)) return refusal(401, "bad signature");
      const remembered = remember(id, at, timestamp);
      if (remembered === "replay") return refusal(401, "replayed request");
      if (remembered === "stale") return refusal(401, "the request is too old");
      if (remembered === "full") return refusal(503, "too many requests to remember");
    }
    let event: unknown;
    try {
      event = JSON.parse(text);
    } catch {
      return refusal(400, "the event is not JSON");
    }
    const deadlineHeader = Number(fields.deadline);
    const deadline =
      fields.deadline !== "" && Number.isFinite(deadlineHeader) && deadlineHeader > 0
        ? deadlineHeader
        : now() + skew * 1000;
    const arn = fields.function || "function";
    const isEvent = fields.invocationType === "Event";
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
