/**
 * AWS JSON protocol errors (awsJson1_1, as Cognito speaks it): `{"__type", "message"}` with the
 * type again in `x-amzn-ErrorType` and a request id, so that SDK clients parse them as AWS's own.
 */

/** How an error is spelt on the wire beyond its type and message. */
export interface AwsJsonErrorWire {
  /**
   * The `x-amzn-ErrorType` value. Default: the type alone. AWS sends `Type:<namespace uri>`
   * (`UnrecognizedClientException:http://internal.amazon.com/coral/com.amazon.coral.service/`);
   * every client cuts the value at the first `:`.
   */
  errorTypeHeader?: string;
  /** The body key of the message: Coral's own SerializationException spells it `Message`. Default `message`. */
  messageKey?: "message" | "Message";
}

/**
 * An AWS JSON error response. HTTP 400 unless given: AWS JSON services answer client errors with
 * 400 and their own failures with 500. A message of `undefined` is left out of the body, as AWS
 * does for `UnknownOperationException`.
 *
 * @example
 * ```ts
 * return awsJsonError("InvalidParameterException", "1 validation error detected: ...");
 * return awsJsonError("UnknownOperationException", undefined, 400, requestId, { errorTypeHeader: "UnknownOperationException:" });
 * ```
 */
export function awsJsonError(
  type: string,
  message: string | undefined,
  status = 400,
  requestId: string = crypto.randomUUID(),
  wire: AwsJsonErrorWire = {},
): Response {
  const body: Record<string, string> = { __type: type };
  if (message !== undefined) body[wire.messageKey ?? "message"] = message;
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amzn-errortype": wire.errorTypeHeader ?? type,
      "x-amzn-requestid": requestId,
    },
  });
}

/**
 * A successful AWS JSON response: the output object (`{}` when empty) and a request id. Members
 * whose value is `undefined` or `null` are left out (AWS never sends `null`), and `Date`s are
 * written as epoch seconds, with a fraction when they have milliseconds (`1726694203.495`).
 *
 * @throws TypeError when the output cannot be written as JSON (a `BigInt`, a cycle).
 * @example
 * ```ts
 * return awsJsonOutput({ UserPool: { Id: "us-east-1_AbC", CreationDate: new Date(), Domain: undefined } });
 * // {"UserPool":{"Id":"us-east-1_AbC","CreationDate":1726694203.495}}
 * ```
 */
export function awsJsonOutput(output: unknown, requestId: string = crypto.randomUUID()): Response {
  return new Response(JSON.stringify(output ?? {}, awsJsonValue), {
    status: 200,
    headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": requestId },
  });
}

// JSON.stringify calls Date#toJSON before the replacer sees the value, so the Date is read from
// its holder. Returning undefined drops an object member (and writes null in an array).
function awsJsonValue(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  if (raw instanceof Date) {
    const ms = raw.getTime();
    return Number.isNaN(ms) ? undefined : ms / 1000;
  }
  return value === null ? undefined : value;
}
