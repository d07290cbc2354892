import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpInvoker, lambdaInvoker } from "../../src/user-pool/triggers/index.js";
import { start as startHttp } from "./http-trigger-server.js";
import { start as startLambda } from "./lambda-server.js";
import { ARN, handlerModule, sampleEvent, within } from "./sample-event.js";

const functions = {
  "pre-sign-up": handlerModule("commonjs.cjs"),
  other: handlerModule("default-export.mjs"),
};

describe("the HTTP trigger server", () => {
  let server: Awaited<ReturnType<typeof startHttp>>;
  beforeAll(async () => {
    server = await startHttp({ functions });
  });
  afterAll(() => server.close());

  it("serves each module at its own path over the network, signed", async () => {
    const invoker = httpInvoker({ url: server.urlOf("pre-sign-up"), secret: server.secret });
    expect(await invoker.invoke(ARN, sampleEvent(), within(2000))).toMatchObject({
      response: { style: "commonjs" },
    });
    const other = httpInvoker({ url: server.urlOf("other"), secret: server.secret });
    expect(await other.invoke(ARN, sampleEvent(), within(2000))).toMatchObject({
      response: { style: "default" },
    });
    const unsigned = await fetch(server.urlOf("pre-sign-up"), { method: "POST", body: "{}" });
    expect(unsigned.status).toBe(401);
    const missing = httpInvoker({ url: server.urlOf("missing"), secret: server.secret });
    await expect(missing.invoke(ARN, sampleEvent(), within(2000))).rejects.toMatchObject({
      type: "ResourceNotFoundException",
    });
  });
});

describe("the Lambda Invoke API server", () => {
  let server: Awaited<ReturnType<typeof startLambda>>;
  beforeAll(async () => {
    server = await startLambda({ functions });
  });
  afterAll(() => server.close());

  it("runs a module by name or ARN once the SigV4 signature checks", async () => {
    const invoker = lambdaInvoker({ endpoint: server.url, region: server.region, ...server.credentials });
    expect(await invoker.invoke(ARN, sampleEvent(), within(2000))).toMatchObject({
      response: { style: "commonjs" },
    });
    expect(await invoker.invoke("other", sampleEvent(), within(2000))).toMatchObject({
      response: { style: "default" },
    });
    expect(server.calls).toEqual(["pre-sign-up", "other"]);
    const unsigned = await fetch(`${server.url}/2015-03-31/functions/other/invocations`, {
      method: "POST",
      body: "{}",
    });
    expect(unsigned.status).toBe(400);
    expect(unsigned.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException");
    const otherRegion = lambdaInvoker({ endpoint: server.url, ...server.credentials, region: "eu-west-1" });
    await expect(otherRegion.invoke(ARN, sampleEvent(), within(2000))).rejects.toMatchObject({
      retryable: false,
    });
  });
});
