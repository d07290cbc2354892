import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { start, TEST_LAMBDA_CREDENTIALS } from "../../../test/triggers/lambda-server.js";
import { ARN, handlerModule, sampleEvent, within } from "../../../test/triggers/sample-event.js";
import { FunctionError } from "./invoker.js";
import { arnRegion, isAwsRegion, lambdaInvoker } from "./lambda-invoke.js";

let lambda: Awaited<ReturnType<typeof start>>;
beforeAll(async () => {
  lambda = await start({
    functions: {
      "pre-sign-up": handlerModule("commonjs.cjs"),
      fails: handlerModule("broken-handler.mjs"),
      huge: handlerModule("huge.mjs"),
    },
  });
});
afterAll(() => lambda.close());

const target = () => ({ endpoint: lambda.url, region: lambda.region, ...TEST_LAMBDA_CREDENTIALS });

describe("Lambda Invoke mode", () => {
  it("invokes a function by ARN, SigV4-signed, and returns what it returned", async () => {
    expect(await lambdaInvoker(target()).invoke(ARN, sampleEvent(), within(2000))).toMatchObject({
      response: { style: "commonjs" },
    });
    expect(lambda.calls.at(-1)).toBe("pre-sign-up");
  });

  it("invokes the configured functionName instead of the ARN", async () => {
    const invoker = lambdaInvoker({ ...target(), functionName: "pre-sign-up" });
    expect(
      await invoker.invoke("arn:aws:lambda:us-east-1:0:function:other", sampleEvent(), within(2000)),
    ).toBeTruthy();
  });

  it("maps a function error (X-Amz-Function-Error) to FunctionError", async () => {
    await expect(
      lambdaInvoker({ ...target(), functionName: "fails" }).invoke(ARN, sampleEvent(), within(2000)),
    ).rejects.toEqual(new FunctionError("legacy store unavailable", "Error"));
  });

  it("answers ResourceNotFoundException for an unknown function, not retryable", async () => {
    await expect(
      lambdaInvoker({ ...target(), functionName: "nope" }).invoke(ARN, sampleEvent(), within(2000)),
    ).rejects.toMatchObject({ type: "ResourceNotFoundException", retryable: false });
  });

  it("is refused with a wrong secret (not retryable, no secret in the message)", async () => {
    const error = (await lambdaInvoker({ ...target(), secretAccessKey: "wrong-secret-value" })
      .invoke(ARN, sampleEvent(), within(2000))
      .catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ type: "InvalidSignatureException", retryable: false });
    expect(error.message).not.toContain("wrong-secret-value");
  });

  it("refuses an answer over 6 MB", async () => {
    await expect(
      lambdaInvoker({ ...target(), functionName: "huge" }).invoke(ARN, sampleEvent(), within(4000)),
    ).rejects.toMatchObject({ type: "ServiceException", message: expect.stringContaining("more than") });
  });

  it("invokes asynchronously with the Event type (202)", async () => {
    expect(
      await lambdaInvoker(target()).invoke(ARN, sampleEvent(), { ...within(2000), async: true }),
    ).toBeUndefined();
  });

  it("maps throttling and 5xx to retryable errors", async () => {
    const answering = (response: Response) =>
      lambdaInvoker(target(), { fetch: async () => response }).invoke(ARN, sampleEvent(), within(2000));
    await expect(
      answering(
        new Response("{}", { status: 429, headers: { "x-amzn-errortype": "TooManyRequestsException" } }),
      ),
    ).rejects.toMatchObject({ type: "TooManyRequestsException", retryable: true });
    await expect(
      answering(
        new Response("{}", { status: 500, headers: { "x-amzn-errortype": "ServiceException:http://x" } }),
      ),
    ).rejects.toMatchObject({ type: "ServiceException", retryable: true });
    await expect(answering(new Response("{}", { status: 403 }))).rejects.toMatchObject({ retryable: false });
  });

  it("reads the region of an ARN", () => {
    expect(arnRegion("arn:aws:lambda:eu-west-1:000000000000:function:f")).toBe("eu-west-1");
    expect(arnRegion("f")).toBeUndefined();
  });

  it("knows an AWS region's shape, and builds no default endpoint from anything else", () => {
    for (const region of ["us-east-1", "eu-west-3", "us-gov-west-1", "ap-southeast-2", "us-isob-east-1"])
      expect([region, isAwsRegion(region)]).toEqual([region, true]);
    for (const region of [
      "",
      "evil.example/x",
      "us-east-1.evil.example",
      "US-EAST-1",
      "us-east",
      "us-east-1/..",
    ])
      expect([region, isAwsRegion(region)]).toEqual([region, false]);
    expect(() => lambdaInvoker({ ...TEST_LAMBDA_CREDENTIALS, region: "evil.example/x" })).toThrow(/region/);
  });
});
