// Raw JSON 1.1 calls to a running server over fetch, SigV4-signed with the admin key pair unless
// the operation is one the service takes unsigned, and the check every error answer must pass.
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import {
  COGNITO_IDP_TARGET_PREFIX,
  COGNITO_IDP_UNSIGNED_OPERATIONS,
} from "../../../src/protocol/json/index.js";
import type { Expectation } from "./cases.js";

export interface Answer {
  status: number;
  errorType: string | null;
  body: Record<string, unknown>;
}

/** A JSON 1.1 service as its clients call it: the target prefix, the signing name, what goes unsigned. */
export interface JsonServiceWire {
  targetPrefix: string;
  signingName: string;
  unsigned: ReadonlySet<string>;
}

/** The Cognito user pools' API (cognito-idp). */
export const COGNITO_IDP_WIRE: JsonServiceWire = {
  targetPrefix: COGNITO_IDP_TARGET_PREFIX,
  signingName: "cognito-idp",
  unsigned: COGNITO_IDP_UNSIGNED_OPERATIONS,
};

/** What a wire-level case changes in the request an SDK would send; `null` leaves the header out. */
export interface WireChanges {
  contentType?: string | null;
  target?: string | null;
}

/**
 * A caller of `url`: `call("AdminGetUser", '{"UserPoolId":...}')`; a call that takes over 10 s
 * fails. `changes` alters the headers before signing (a signed call stays validly signed).
 */
export function wire(
  url: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
  service: JsonServiceWire = COGNITO_IDP_WIRE,
) {
  const signer = new SignatureV4({
    credentials,
    region: "us-east-1",
    service: service.signingName,
    sha256: Sha256,
  });
  const { host, hostname, port } = new URL(url);
  return async function call(operation: string, body: string, changes: WireChanges = {}): Promise<Answer> {
    const headers: Record<string, string> = { host };
    const contentType =
      changes.contentType === undefined ? "application/x-amz-json-1.1" : changes.contentType;
    if (contentType !== null) headers["content-type"] = contentType;
    const target = changes.target === undefined ? `${service.targetPrefix}.${operation}` : changes.target;
    if (target !== null) headers["x-amz-target"] = target;
    const signed = service.unsigned.has(operation)
      ? headers
      : (
          await signer.sign({
            method: "POST",
            protocol: "http:",
            hostname,
            port: Number(port),
            path: "/",
            query: {},
            headers,
            body,
          })
        ).headers;
    // fetch sets the same Host itself.
    const { host: _, ...sent } = signed;
    const res = await fetch(`${url}/`, {
      method: "POST",
      headers: sent,
      body,
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = { unparsable: text.slice(0, 200) };
    }
    return {
      status: res.status,
      errorType: res.headers.get("x-amzn-errortype"),
      body: parsed as Record<string, unknown>,
    };
  };
}

/** A caller made by `wire`. */
export type Call = ReturnType<typeof wire>;

/** Runs `work` over `items`, `limit` at a time. */
export async function inPool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

const VALIDATION = /^\d+ validation errors? detected: /;

/**
 * What is wrong with `answer` given what it must be, or undefined. Every error answer carries
 * `__type`, `x-amzn-ErrorType` naming it and a message (SerializationException spells it
 * `Message`, as Coral does; for a body that is no JSON object Coral sends none, so `bare` allows that).
 */
export function problemOf(answer: Answer, expect: Expectation, bare = false): string | undefined {
  const { status, body, errorType } = answer;
  if (status >= 500 || (status !== 200 && (status < 400 || status > 499)))
    return `status ${status}: ${JSON.stringify(body)}`;
  const type = body.__type;
  const message = body.message ?? body.Message;
  if (status !== 200) {
    if (typeof type !== "string") return `no __type: ${JSON.stringify(body)}`;
    if (errorType?.split(":")[0] !== type) return `x-amzn-ErrorType ${errorType} for ${type}`;
    if (typeof message !== "string" && !(bare && message === undefined)) return `${type} without a message`;
  }
  const said = `${status} ${String(type)}: ${String(message).slice(0, 200)}`;
  switch (expect.type) {
    case "InvalidParameterException":
      if (status !== 400 || type !== expect.type) return `expected InvalidParameterException, got ${said}`;
      if (!String(message).includes(`at '${expect.path}'`))
        return `the message does not name '${expect.path}': ${said}`;
      return undefined;
    case "SerializationException":
      return status === 400 && type === expect.type
        ? undefined
        : `expected SerializationException, got ${said}`;
    case "well-formed":
      // A well-formed input may succeed or fail on its meaning, but never on its shape.
      if (status === 200) return undefined;
      if (type === "SerializationException" || VALIDATION.test(String(message)))
        return `a well-formed input was refused: ${said}`;
      return undefined;
    case "not-found":
      return status === 400 && expect.types.includes(String(type))
        ? undefined
        : `expected ${expect.types.join(" or ")}, got ${said}`;
    case "error":
      return status !== 200 && expect.types.includes(String(type))
        ? undefined
        : `expected ${expect.types.join(" or ")}, got ${said}`;
    case "any":
      return undefined;
  }
}
