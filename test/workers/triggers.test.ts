// The trigger delivery modes inside workerd (WebCrypto signatures, Web streams): the HTTP mode
// against serveTrigger, a service binding's Fetcher, the Lambda Invoke mode's SigV4 against the
// verifier, and the Worker refusing the Node-only module mode at start.
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/entry/worker.js";
import { verifySigV4 } from "../../src/protocol/sigv4.js";
import {
  callHandler,
  httpInvoker,
  lambdaInvoker,
  serveTrigger,
  type TriggerEvent,
} from "../../src/user-pool/triggers/index.js";

afterEach(() => vi.restoreAllMocks());
const SECRET = "workerd-trigger-secret-0123456789abcdef";
const ARN = "arn:aws:lambda:us-east-1:000000000000:function:pre-sign-up";
const event = (): TriggerEvent => ({
  version: "1",
  triggerSource: "PreSignUp_SignUp",
  region: "us-east-1",
  userPoolId: "us-east-1_AbCdEfGhI",
  userName: "alice",
  callerContext: { awsSdkVersion: "aws-sdk-js-3.0.0", clientId: "client" },
  request: { userAttributes: { email: "alice@example.com" } },
  response: {},
});
const within = (ms: number) => ({ signal: AbortSignal.timeout(ms), deadline: Date.now() + ms });
const autoConfirm = async (e: TriggerEvent) => {
  e.response.autoConfirmUser = true;
  return e;
};

describe("trigger modes in workerd", () => {
  it("HTTP mode: signed, served by serveTrigger, replay refused", async () => {
    const requests: Request[] = [];
    const serve = serveTrigger(autoConfirm, { secret: SECRET });
    const invoker = httpInvoker({
      url: "https://hooks.example.com/t",
      secret: SECRET,
      fetch: (request) => {
        requests.push(request.clone());
        return serve(request);
      },
    });
    expect(await invoker.invoke(ARN, event(), within(2000))).toMatchObject({
      response: { autoConfirmUser: true },
    });
    expect((await serve(requests[0]!)).status).toBe(401);
    const failing = httpInvoker({
      url: "https://hooks.example.com/t",
      secret: SECRET,
      fetch: serveTrigger(
        async () => {
          throw new Error("no");
        },
        { secret: SECRET },
      ),
    });
    await expect(failing.invoke(ARN, event(), within(2000))).rejects.toMatchObject({ message: "no" });
  });

  it("service binding: the Worker's Fetcher carries the HTTP protocol", async () => {
    const binding = { fetch: serveTrigger(autoConfirm, { secret: null }) };
    const invoker = httpInvoker({
      url: "https://trigger.internal/",
      secret: null,
      fetch: (r) => binding.fetch(r),
    });
    expect(await invoker.invoke(ARN, event(), within(2000))).toMatchObject({
      response: { autoConfirmUser: true },
    });
  });

  it("Lambda Invoke mode: SigV4 on WebCrypto, checked by the verifier", async () => {
    const credentials = { accessKeyId: "AKIDWORKERD", secretAccessKey: "workerd-lambda-secret" };
    const invoker = lambdaInvoker(
      { endpoint: "https://lambda.us-east-1.amazonaws.com", region: "us-east-1", ...credentials },
      {
        fetch: async (request) => {
          const verified = await verifySigV4(request, {
            region: "us-east-1",
            service: "lambda",
            lookup: () => credentials,
          });
          if (!verified.ok)
            return new Response("{}", { status: 403, headers: { "x-amzn-errortype": verified.error } });
          const result = await callHandler(autoConfirm, JSON.parse(new TextDecoder().decode(verified.body)), {
            arn: ARN,
            deadline: Date.now() + 1000,
            requestId: "r",
          });
          return Response.json(result);
        },
      },
    );
    expect(await invoker.invoke(ARN, event(), within(2000))).toMatchObject({
      response: { autoConfirmUser: true },
    });
  });

  it("the Worker refuses the module mode and a missing binding at start, and takes a present one", async () => {
    const errors: string[] = [];
    vi.spyOn(console, "error").mockImplementation((...args) => void errors.push(args.join(" ")));
    const start = async (env: Record<string, unknown>) =>
      (await worker.fetch(new Request("http://cognate.test/health"), env, {})).status;
    const moduleConfig = { triggers: { functions: { f: { module: "./f.mjs" } } } };
    expect(await start({ COGNATE_CONFIG: JSON.stringify(moduleConfig) })).toBe(503);
    expect(errors.at(-1)).toMatch(/triggers\.functions\.f\.module: runs on Node only/);
    const bindingConfig = JSON.stringify({ triggers: { functions: { f: { binding: "PRE_SIGN_UP" } } } });
    expect(await start({ COGNATE_CONFIG: bindingConfig })).toBe(503);
    expect(errors.at(-1)).toMatch(/triggers\.functions\.f: no service binding PRE_SIGN_UP/);
    expect(await start({ COGNATE_CONFIG: bindingConfig, PRE_SIGN_UP: { fetch: () => new Response() } })).toBe(
      200,
    );
  });
});
