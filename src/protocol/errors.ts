/**
 * AWS JSON protocol errors (awsJson1_1, as Cognito speaks it): `{"__type", "message"}` with the
 * type again in `x-amzn-ErrorType` and a request id, so that SDK clients parse them as AWS's own.
 */

/**
 * An AWS JSON error response. HTTP 400 unless given: AWS JSON services answer client errors with
 * 400 and their own failures with 500.
 *
 * @example
 * ```ts
 * return awsJsonError("InvalidParameterException", "1 validation error detected: ...");
 * ```
 */
export function awsJsonError(type: string, message: string, status = 400, requestId = crypto.randomUUID()): Response {
  return new Response(JSON.stringify({ __type: type, message }), {
    status,
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amzn-errortype": type,
      "x-amzn-requestid": requestId,
    },
  });
}

/** A successful AWS JSON response: the output object (`{}` when empty) and a request id. */
export function awsJsonOutput(output: unknown, requestId = crypto.randomUUID()): Response {
  return new Response(JSON.stringify(output ?? {}), {
    status: 200,
    headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": requestId },
  });
}
