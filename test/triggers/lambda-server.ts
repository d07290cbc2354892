/**
 * A loopback server that speaks the Lambda Invoke API
 * (`POST /2015-03-31/functions/{name or ARN}/invocations`), checks each call's SigV4 signature
 * (service `lambda`, with cognate's own verifier) and runs handler modules, as Lambda would.
 *
 * ```ts
 * const lambda = await start({ functions: { "pre-sign-up": "/abs/pre-sign-up.cjs" } });
 * // configuration: { lambda: { endpoint: lambda.url, region: lambda.region, ...lambda.credentials } }
 * lambda.calls; // the function names invoked, in order
 * await lambda.close();
 * ```
 */
import { verifySigV4 } from "../../src/protocol/sigv4.js";
import { callHandler, functionName } from "../../src/user-pool/triggers/index.js";
import { handlersOf, loopback } from "./serve.js";

/** The key pair the server accepts (`start`'s default). */
export const TEST_LAMBDA_CREDENTIALS = {
  accessKeyId: "AKIDLAMBDATEST",
  secretAccessKey: "lambda-test-secret-access-key-0123456789",
};

const PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

export async function start(options: {
  functions: Record<string, string>;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}): Promise<{
  url: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  calls: string[];
  close: () => Promise<void>;
}> {
  const region = options.region ?? "us-east-1";
  const credentials = options.credentials ?? TEST_LAMBDA_CREDENTIALS;
  const handlers = await handlersOf(options.functions);
  const calls: string[] = [];
  const error = (status: number, type: string, message: string) =>
    Response.json({ Type: "User", message }, { status, headers: { "x-amzn-errortype": type } });
  const server = await loopback(async (request) => {
    const match = PATH.exec(new URL(request.url).pathname);
    if (request.method !== "POST" || match === null)
      return error(404, "UnknownOperationException", "unknown operation");
    const verified = await verifySigV4(request, {
      region,
      service: "lambda",
      lookup: (id) => (id === credentials.accessKeyId ? credentials : undefined),
      maxBodyBytes: 6 * 1024 * 1024,
    });
    if (!verified.ok) return error(verified.status, verified.error, verified.message);
    const target = decodeURIComponent(match[1]!);
    const name = functionName(target);
    calls.push(name);
    const handler = handlers.get(name);
    if (handler === undefined)
      return error(404, "ResourceNotFoundException", `Function not found: ${target}`);
    const event = JSON.parse(new TextDecoder().decode(verified.body));
    const type = request.headers.get("x-amz-invocation-type") ?? "RequestResponse";
    const arn = target.startsWith("arn:") ? target : `arn:aws:lambda:${region}:000000000000:function:${name}`;
    const run = callHandler(handler, event, {
      arn,
      deadline: Date.now() + 5000,
      requestId: crypto.randomUUID(),
    });
    if (type === "Event") {
      run.catch(() => undefined);
      return new Response(null, { status: 202 });
    }
    try {
      const result = await run;
      return new Response(JSON.stringify(result) ?? "null", {
        status: 200,
        headers: { "content-type": "application/json" },
      });
    } catch (failure) {
      const { message, errorType } = failure as { message: string; errorType: string };
      return Response.json(
        { errorMessage: message, errorType },
        { status: 200, headers: { "x-amz-function-error": "Unhandled" } },
      );
    }
  });
  return { ...server, region, credentials, calls };
}
