/**
 * An AWS JSON 1.1 service as a Hono app: `POST /` dispatched on `X-Amz-Target` to a table of
 * operations, SigV4 verified for the operations AWS signs, errors in the protocol's shape, CORS
 * for browsers. The Cognito user-pool operations plug into it; it implements none.
 */
import { Hono, type Context } from "hono";
import { verifySigV4 } from "../sigv4.js";
import { awsJsonOutput } from "../errors.js";
import { preflight, withCors } from "./cors.js";
import { readEnvelope, type Envelope } from "./envelope.js";
import { AwsError, INTERNAL_ERROR_MESSAGE, InternalErrorException, renderError } from "./errors.js";
import type { OperationCall, OperationOutput } from "./operation.js";
import { resolveOptions, type JsonServiceOptions } from "./service-options.js";
import { validateInput } from "./validate.js";

export type { JsonServiceOptions } from "./service-options.js";

/**
 * The service as a Hono app answering `POST /` and `OPTIONS /`; mount it with `app.route`.
 *
 * Each call: the envelope (Content-Type, target, body: see envelope.ts), then SigV4 unless the
 * operation is unsigned, then the input shape, then the operation. Every response carries
 * `x-amzn-RequestId`; errors carry `x-amzn-ErrorType`; nothing but an operation's (or the
 * credentials lookup's) own unexpected throw answers 500.
 *
 * @throws {OptionsError} when an option is invalid, naming it.
 * @example
 * ```ts
 * const idp = jsonService({
 *   targetPrefix: COGNITO_IDP_TARGET_PREFIX,
 *   signingName: COGNITO_IDP_SIGNING_NAME,
 *   unsigned: COGNITO_IDP_UNSIGNED_OPERATIONS,
 *   operations: { GetUser, ListUserPools },
 *   region: "us-east-1",
 *   lookupCredentials: (id) => (id === admin.accessKeyId ? admin : undefined),
 * });
 * app.route("/", idp);
 * ```
 */
export function jsonService(options: JsonServiceOptions): Hono {
  const config = resolveOptions(options);
  const has = (name: string) => Object.hasOwn(config.operations, name);
  const app = new Hono();

  app.options("/", (c) => preflight(c.req.raw, config.cors, crypto.randomUUID()));
  app.post("/", async function jsonCall(c) {
    const requestId = crypto.randomUUID();
    const receivedAt = config.now();
    let operation = "(unknown)";
    let response: Response;
    try {
      const envelope = await readEnvelope(c.req.raw, {
        targetPrefix: config.targetPrefix,
        has,
        maxBodyBytes: config.maxBodyBytes,
      });
      operation = envelope.operation;
      const address = sourceIp(c);
      const signer = config.unsigned.has(operation) ? undefined : await verify(c.req.raw, envelope, address);
      const entry = config.operations[operation]!;
      const call: OperationCall = {
        input: typeof entry === "function" ? envelope.input : validateInput(entry.input, envelope.input),
        operation,
        requestId,
        signer,
        request: {
          headers: c.req.raw.headers,
          url: c.req.url,
          sourceIp: address,
          receivedAt,
          cf: (c.req.raw as { cf?: Record<string, unknown> }).cf,
          background: background(c),
        },
      };
      const output: OperationOutput = await (typeof entry === "function" ? entry(call) : entry.run(call));
      response = awsJsonOutput(output, requestId);
    } catch (error) {
      if (error instanceof AwsError) response = renderError(error, requestId);
      else {
        config.onError(error, { operation: `${config.targetPrefix}.${operation}`, requestId });
        response = renderError(new InternalErrorException(INTERNAL_ERROR_MESSAGE), requestId);
      }
    }
    return withCors(c.req.raw, response, config.cors);
  });
  return app;

  /** The signer's access key id, or a thrown AwsError with SigV4's code and words. */
  async function verify(request: Request, envelope: Envelope, address: string | undefined): Promise<string> {
    // The body is read already: verify a copy that carries it, headers as received.
    const copy = new Request(request.url, {
      method: request.method,
      headers: request.headers,
      body: envelope.body as Uint8Array<ArrayBuffer>,
    });
    const result = await verifySigV4(copy, {
      lookup: config.lookupCredentials,
      region: config.region,
      service: config.signingName,
      now: config.now,
      maxBodyBytes: config.maxBodyBytes,
      ...(config.signatureThrottle !== undefined && {
        throttle: config.signatureThrottle,
        clientAddress: address,
      }),
    });
    if (!result.ok) {
      const hint = result.error === "UnrecognizedClientException" ? config.unknownKeyHint : undefined;
      throw new AwsError(
        result.error,
        hint === undefined ? result.message : `${result.message} ${hint}`,
        result.status,
      );
    }
    return result.accessKeyId;
  }

  function sourceIp(c: Context): string | undefined {
    try {
      return config.getConnInfo?.(c).remote.address;
    } catch {
      return undefined; // the runtime could not tell: the address stays unknown
    }
  }
}

// workerd ends a request's pending work with its response unless handed to waitUntil; Node's
// @hono/node-server has no execution context (the getter throws), and the promise runs on there.
function background(c: Context): (work: Promise<unknown>) => void {
  try {
    const context = c.executionCtx;
    return (work) => context.waitUntil(work);
  } catch {
    return (work) => void work;
  }
}
