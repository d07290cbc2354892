/**
 * The Lambda Invoke API mode (Node and Workers): `POST {endpoint}/2015-03-31/functions/{name}/invocations`,
 * SigV4-signed for the service `lambda`; any Lambda-compatible endpoint, real AWS Lambda included.
 */
import { signSigV4 } from "../../protocol/sigv4-sign.js";
import { INVOCATION_TYPE_HEADER, invokeRemote } from "./answer.js";
import type { TriggerInvoker } from "./invoker.js";
import type { LambdaTarget } from "./targets.js";

/** Lambda's own limit on a synchronous invocation's payload: 6 MB. */
export const MAX_LAMBDA_ANSWER_BYTES = 6 * 1024 * 1024;

/**
 * The region of a function ARN (`arn:aws:lambda:{region}:...`), or `undefined` for a bare name.
 *
 * @example
 * ```ts
 * arnRegion("arn:aws:lambda:eu-west-1:000000000000:function:f"); // "eu-west-1"
 * ```
 */
export function arnRegion(arn: string): string | undefined {
  const parts = arn.split(":");
  return parts[0] === "arn" && parts.length >= 7 && parts[3] !== "" ? parts[3] : undefined;
}

// An AWS region's shape (us-east-1, us-gov-west-1, ap-southeast-2), its words bounded: the default
// endpoint `https://lambda.{region}.amazonaws.com` is built from it, and LambdaConfig's ARN pattern
// (Cognito's ArnType) lets `.`, `/` and more into an ARN's region part, which must never pick the host.
const AWS_REGION = /^[a-z]{2}(?:-[a-z]{2,12}){1,2}-\d{1,2}$/;

/**
 * Whether `region` has an AWS region's shape (`us-east-1`), so that a host name may be built from it.
 *
 * @example
 * ```ts
 * isAwsRegion("eu-west-1"); // true
 * isAwsRegion("evil.example/x"); // false
 * ```
 */
export function isAwsRegion(region: string): boolean {
  return AWS_REGION.test(region);
}

/**
 * Invokes functions through the Lambda Invoke API: `target.functionName` when given, else the ARN
 * (or name) invoked. `Event` invocations (the custom senders) are accepted with 202.
 *
 * @throws {TypeError} without an `endpoint`, when `region` is not an AWS region's shape.
 *
 * @example
 * ```ts
 * const invoker = lambdaInvoker({ region: "us-east-1", accessKeyId, secretAccessKey });
 * ```
 */
export function lambdaInvoker(
  target: LambdaTarget,
  options: { fetch?: (request: Request) => Promise<Response>; now?: () => number } = {},
): TriggerInvoker {
  if (target.endpoint === undefined && !isAwsRegion(target.region))
    throw new TypeError("lambdaInvoker: the region must be an AWS region like us-east-1");
  const endpoint = (target.endpoint ?? `https://lambda.${target.region}.amazonaws.com`).replace(/\/+$/, "");
  const origin = new URL(endpoint).origin;
  const doFetch = options.fetch ?? ((request: Request) => fetch(request));
  const now = options.now ?? Date.now;
  const credentials = {
    accessKeyId: target.accessKeyId,
    secretAccessKey: target.secretAccessKey,
    ...(target.sessionToken !== undefined && { sessionToken: target.sessionToken }),
  };
  return {
    async invoke(arn, event, { signal, async = false }) {
      const name = target.functionName ?? arn;
      const url = `${endpoint}/2015-03-31/functions/${encodeURIComponent(name)}/invocations`;
      const body = JSON.stringify(event);
      const headers = await signSigV4(
        {
          method: "POST",
          url,
          headers: {
            "content-type": "application/json",
            [INVOCATION_TYPE_HEADER]: async ? "Event" : "RequestResponse",
          },
          body,
        },
        credentials,
        target.region,
        "lambda",
        now(),
      );
      return invokeRemote(
        () => doFetch(new Request(url, { method: "POST", headers, body, redirect: "manual", signal })),
        `Lambda ${origin}`,
        { signal, async, limit: MAX_LAMBDA_ANSWER_BYTES },
      );
    },
  };
}
