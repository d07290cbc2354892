/**
 * The AWS JSON 1.1 envelope of a call: the `Content-Type`, the operation named by `X-Amz-Target`
 * (the header, or in a presigned request the query parameter the signer moved it to), and the body, read once within a size bound and parsed as a JSON object. Each failure is the
 * error type AWS (Coral) answers, as kinesalite asserts it against a real JSON 1.1 service:
 *
 * - another `Content-Type` (1.0 included): AWS refuses with 403 AccessDeniedException "Unable to
 *   determine service/operation name to be authorized" (in XML; here in the JSON shape);
 * - no target, another service's prefix, an unknown operation: 400 UnknownOperationException;
 * - an empty body, a body that is no JSON, or JSON that is no object: 400 SerializationException;
 *   a JSON array: "Start of list found where not expected".
 *   (The clients always send `{}` for an empty input, so an empty body is refused, as AWS does.)
 *
 * AWS sends no message with UnknownOperationException and SerializationException, and only its
 * sentence with AccessDeniedException. An SDK never meets them; a person calling the API by hand
 * does, so cognate adds what was wrong and what to send (`HAND_CALL` below). The types stay AWS's.
 */
import { readBodyLimited } from "../../util/body.js";
import { queryValues } from "../sigv4-bound.js";
import { parseQuery } from "../sigv4-canonical.js";
import { isObject, START_OF_LIST } from "./deserialize.js";
import {
  AccessDeniedException,
  RequestEntityTooLargeException,
  SerializationException,
  UnknownOperationException,
} from "./errors.js";

export const CONTENT_TYPE = "application/x-amz-json-1.1";

/** A call's operation, and its body as read. */
export interface Envelope {
  operation: string;
  body: Uint8Array;
  input: Record<string, unknown>;
}

export interface EnvelopeOptions {
  targetPrefix: string;
  /** Is `name` an operation of this service? */
  has(name: string): boolean;
  maxBodyBytes: number;
}

/**
 * Reads the envelope of `request`, consuming its body.
 *
 * @throws AwsError: AccessDeniedException, UnknownOperationException, RequestEntityTooLargeException or SerializationException.
 */
export async function readEnvelope(request: Request, options: EnvelopeOptions): Promise<Envelope> {
  const mediaType = mediaTypeOf(request);
  if (mediaType !== CONTENT_TYPE) throw new AccessDeniedException(HAND_CALL.contentType(mediaType));
  const target = requestTarget(request);
  const operation = operationOf(target, options);
  if (operation === undefined) throw new UnknownOperationException(HAND_CALL.unknown(target, options));

  const body = await readBodyLimited(request, options.maxBodyBytes);
  if ("tooLarge" in body)
    throw new RequestEntityTooLargeException(`Request body exceeds the limit of ${body.limit} bytes.`);
  return { operation, body, input: parseObject(body) };
}

/**
 * The `X-Amz-Target` of a request: the header, else the query's only `x-amz-target` (any case),
 * where smithy's presigner moves the header; null when there is none, or more than one in the query.
 *
 * Which of the two names the operation is no security decision: SigV4 verification refuses a
 * header its signature does not cover unless it repeats the signed query's value (sigv4-bound.ts).
 *
 * @example
 * ```ts
 * requestTarget(new Request("https://h/?x-amz-target=AWSCognitoIdentityProviderService.AdminGetUser")); // "AWSCognitoIdentityProviderService.AdminGetUser"
 * ```
 */
export function requestTarget(request: Request): string | null {
  const header = request.headers.get("x-amz-target");
  if (header !== null) return header;
  const search = new URL(request.url).search;
  if (search === "") return null;
  const fromQuery = queryValues(parseQuery(search), "x-amz-target");
  return fromQuery.length === 1 ? fromQuery[0]! : null;
}

/**
 * True when the request names an operation at all (the `X-Amz-Target` header, or the query
 * parameter in any case), well or not: such a `POST /` is a call of the service.
 *
 * @example
 * ```ts
 * namesTarget(new Request("https://h/?X-Amz-Target=a&x-amz-target=b", { method: "POST" })); // true
 * ```
 */
export function namesTarget(request: Request): boolean {
  if (request.headers.has("x-amz-target")) return true;
  const search = new URL(request.url).search;
  return search !== "" && queryValues(parseQuery(search), "x-amz-target").length > 0;
}

/**
 * True when the request says its body is AWS JSON 1.1 (`Content-Type`, any case and parameters):
 * only AWS JSON clients send that, so such a `POST /` is a call of the service even when it names
 * no operation, and is answered as one (UnknownOperationException saying how to name it).
 *
 * @example
 * ```ts
 * declaresAwsJson(new Request("https://h/", { method: "POST", headers: { "content-type": "application/x-amz-json-1.1" } })); // true
 * ```
 */
export function declaresAwsJson(request: Request): boolean {
  return mediaTypeOf(request) === CONTENT_TYPE;
}

function mediaTypeOf(request: Request): string {
  return (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
}

function operationOf(target: string | null, options: EnvelopeOptions): string | undefined {
  if (target === null) return undefined;
  const dot = target.indexOf(".");
  if (dot < 0 || target.slice(0, dot) !== options.targetPrefix) return undefined;
  const name = target.slice(dot + 1);
  return options.has(name) ? name : undefined;
}

/** Longest target echoed back in a message: it is the sender's own text. */
const SHOWN = 100;

// cognate's words for a call made by hand: AWS's own are none, or AWS's sentence alone.
const HAND_CALL = {
  /** AWS's sentence (kinesalite), then what to send. */
  contentType: (sent: string) =>
    // [?] the part after the colon
    `Unable to determine service/operation name to be authorized: send Content-Type: ${CONTENT_TYPE} (this request sent ${sent === "" ? "none" : JSON.stringify(sent.slice(0, SHOWN))}).`,
  unknown(target: string | null, options: EnvelopeOptions): string {
    // [?]
    if (target === null)
      return `No single operation named: send one X-Amz-Target: ${options.targetPrefix}.<Operation>.`;
    const shown = target.slice(0, SHOWN);
    return target.startsWith(`${options.targetPrefix}.`)
      ? `Unknown operation: ${shown}.` // [?]
      : `Unknown operation: ${shown} (this service's operations are ${options.targetPrefix}.<Operation>).`; // [?]
  },
  empty: "The request body is empty: send a JSON object ({} for an operation without input).", // [?]
  notUtf8: "The request body is not UTF-8.", // [?]
  notJson: (problem: string) => `The request body is not valid JSON: ${problem}`, // [?]
  notObject: "The request body must be a JSON object.", // [?]
};

const UTF8 = new TextDecoder("utf-8", { fatal: true });

function parseObject(body: Uint8Array): Record<string, unknown> {
  if (body.length === 0) throw new SerializationException(HAND_CALL.empty);
  let text: string;
  try {
    text = UTF8.decode(body);
  } catch {
    throw new SerializationException(HAND_CALL.notUtf8);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // Not JSON, or nested past the parser's depth (a RangeError). Only the position: the parser's
    // message quotes the text around it, which may be a password (as config.ts does for a key).
    throw new SerializationException(HAND_CALL.notJson(jsonProblem(error)));
  }
  if (Array.isArray(value)) throw new SerializationException(START_OF_LIST);
  if (!isObject(value)) throw new SerializationException(HAND_CALL.notObject);
  return value;
}

// What is wrong with a body JSON.parse refused, without quoting it.
function jsonProblem(error: unknown): string {
  if (error instanceof RangeError) return "it is nested too deeply.";
  const message = error instanceof Error ? error.message : "";
  const position = /position (\d+)/.exec(message)?.[1];
  if (position !== undefined) return `unexpected text at character ${position}.`;
  return /end of JSON/i.test(message) ? "it ends too soon." : "an unexpected character.";
}
