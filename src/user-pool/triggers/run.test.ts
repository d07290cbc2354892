import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { start as startHttp } from "../../../test/triggers/http-trigger-server.js";
import { start as startLambda } from "../../../test/triggers/lambda-server.js";
import { ARN, handlerModule, sampleEvent } from "../../../test/triggers/sample-event.js";
import {
  InvalidLambdaResponseException,
  UnexpectedLambdaException,
  UserLambdaValidationException,
} from "../../protocol/json/index.js";
import type { PoolRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { functionInvoker } from "./function.js";
import { httpInvoker } from "./http.js";
import type { TriggerInvoker } from "./invoker.js";
import { lambdaInvoker } from "./lambda-invoke.js";
import { modulePool } from "./module.node.js";
import { triggerInvoker } from "./resolve.js";
import { runTrigger, sendThroughTrigger } from "./run.js";

// runTrigger reads only these two members of the context, and the pool's LambdaConfig.
const ctxOf = (triggers: TriggerInvoker, triggerTimeoutMs = 1000) =>
  ({ triggers, triggerTimeoutMs }) as unknown as UserPoolContext;
const pool = {
  config: { LambdaConfig: { PreSignUp: ARN, CustomEmailSender: { LambdaArn: ARN } } },
} as unknown as PoolRecord;
const failure = (work: Promise<unknown>) =>
  work.then(
    () => undefined,
    (e: unknown) => e as Error,
  );

const modules = modulePool({ threads: 1 });
let http: Awaited<ReturnType<typeof startHttp>>;
let lambda: Awaited<ReturnType<typeof startLambda>>;
beforeAll(async () => {
  http = await startHttp({
    functions: { ok: handlerModule("commonjs.cjs"), fails: handlerModule("broken-handler.mjs") },
  });
  lambda = await startLambda({ functions: { "pre-sign-up": handlerModule("broken-handler.mjs") } });
});
afterAll(async () => {
  await modules.close();
  await http.close();
  await lambda.close();
});
const moduleOf = (handler: string) => modules.invoker({ module: handlerModule("styles.mjs"), handler });

describe("runTrigger over the real modes", () => {
  it("answers the returned event", async () => {
    const answered = await runTrigger(ctxOf(moduleOf("asyncHandler")), pool, "PreSignUp", sampleEvent());
    expect(answered?.response.autoConfirmUser).toBe(true);
    const viaHttp = httpInvoker({ url: http.urlOf("ok"), secret: http.secret });
    expect((await runTrigger(ctxOf(viaHttp), pool, "PreSignUp", sampleEvent()))?.response).toEqual({
      style: "commonjs",
    });
  });

  it("maps a handler's failure to UserLambdaValidationException, in each mode", async () => {
    const expected = new UserLambdaValidationException("PreSignUp failed with error domain not allowed.");
    expect(await failure(runTrigger(ctxOf(moduleOf("throws")), pool, "PreSignUp", sampleEvent()))).toEqual(
      expected,
    );
    const viaHttp = httpInvoker({ url: http.urlOf("fails"), secret: http.secret });
    expect(await failure(runTrigger(ctxOf(viaHttp), pool, "PreSignUp", sampleEvent()))).toEqual(
      new UserLambdaValidationException("PreSignUp failed with error legacy store unavailable."),
    );
    const viaLambda = lambdaInvoker({ endpoint: lambda.url, region: lambda.region, ...lambda.credentials });
    expect(await failure(runTrigger(ctxOf(viaLambda), pool, "PreSignUp", sampleEvent()))).toEqual(
      new UserLambdaValidationException("PreSignUp failed with error legacy store unavailable."),
    );
  });

  it("maps garbage to InvalidLambdaResponseException", async () => {
    for (const handler of ["garbage", "notAnEvent"])
      expect(await failure(runTrigger(ctxOf(moduleOf(handler)), pool, "PreSignUp", sampleEvent()))).toEqual(
        new InvalidLambdaResponseException("Unrecognizable lambda output"),
      );
  });

  it("maps a hang to UnexpectedLambdaException with TimeoutException, within the timeout", async () => {
    const started = Date.now();
    expect(await failure(runTrigger(ctxOf(moduleOf("spin"), 300), pool, "PreSignUp", sampleEvent()))).toEqual(
      new UnexpectedLambdaException("PreSignUp invocation failed due to error TimeoutException."),
    );
    expect(Date.now() - started).toBeLessThan(1000);
    // The pool's one thread was replaced: the next invocation works.
    expect(await runTrigger(ctxOf(moduleOf("asyncHandler")), pool, "PreSignUp", sampleEvent())).toBeTruthy();
  });

  it("maps an unknown ARN to UnexpectedLambdaException with ResourceNotFoundException", async () => {
    const none = triggerInvoker(
      { timeoutMs: 1000, moduleThreads: 1, functions: {}, lambda: undefined, senderKey: undefined },
      { http: httpInvoker, lambda: lambdaInvoker },
    );
    expect(await failure(runTrigger(ctxOf(none), pool, "PreSignUp", sampleEvent()))).toEqual(
      new UnexpectedLambdaException("PreSignUp invocation failed due to error ResourceNotFoundException."),
    );
  });

  it("retries a 503 and succeeds, three attempts at most, and never retries a 404", async () => {
    let calls = 0;
    const flaky = (statuses: number[]) => {
      calls = 0;
      return httpInvoker({
        url: "https://hooks.example.com/t",
        secret: http.secret,
        fetch: async (request) => {
          const status = statuses[calls++] ?? 200;
          return status === 200
            ? new Response(await request.text(), { status })
            : new Response("busy", { status });
        },
      });
    };
    expect(await runTrigger(ctxOf(flaky([503, 503])), pool, "PreSignUp", sampleEvent())).toBeTruthy();
    expect(calls).toBe(3);
    expect(
      await failure(runTrigger(ctxOf(flaky([503, 429, 503, 503])), pool, "PreSignUp", sampleEvent())),
    ).toEqual(new UnexpectedLambdaException("PreSignUp invocation failed due to error ServiceException."));
    expect(calls).toBe(3);
    expect(await failure(runTrigger(ctxOf(flaky([404])), pool, "PreSignUp", sampleEvent()))).toEqual(
      new UnexpectedLambdaException("PreSignUp invocation failed due to error ResourceNotFoundException."),
    );
    expect(calls).toBe(1);
  });

  it("stops retrying at the deadline", async () => {
    let calls = 0;
    const slowFailing = httpInvoker({
      url: "https://hooks.example.com/t",
      secret: http.secret,
      fetch: async () => {
        calls++;
        await new Promise((resolve) => setTimeout(resolve, 200));
        return new Response("busy", { status: 503 });
      },
    });
    const started = Date.now();
    await failure(runTrigger(ctxOf(slowFailing, 300), pool, "PreSignUp", sampleEvent()));
    expect(Date.now() - started).toBeLessThan(600);
    expect(calls).toBeLessThanOrEqual(2);
  });

  it("invokes a custom sender asynchronously", async () => {
    const started = Date.now();
    expect(await sendThroughTrigger(ctxOf(moduleOf("slow")), pool, "CustomEmailSender", sampleEvent())).toBe(
      true,
    );
    expect(Date.now() - started).toBeLessThan(250);
    await new Promise((resolve) => setTimeout(resolve, 350));
  });

  it("runs at most 64 custom sender invocations at once, 1,000 waiting; drops the rest, logged by type only", async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started = 0;
    const hanging = functionInvoker({
      [ARN]: async (event) => {
        started++;
        await gate;
        return event;
      },
    });
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const works: Promise<unknown>[] = [];
      for (let i = 0; i < 1100; i++)
        expect(
          await sendThroughTrigger(ctxOf(hanging, 5000), pool, "CustomEmailSender", sampleEvent(), (work) =>
            works.push(work),
          ),
        ).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(started).toBe(64);
      // The 36 beyond are dropped with one notice that names the trigger, never the event.
      expect(errors).toHaveBeenCalledTimes(1);
      expect(String(errors.mock.calls[0]![0])).toMatch(
        /^cognate: CustomEmailSender \(asynchronous invocation\) dropped: 64 running and 1000 waiting/,
      );
      expect(String(errors.mock.calls[0]![0])).not.toContain("alice");
      release();
      await Promise.all(works);
      expect(started).toBe(1064);
    } finally {
      errors.mockRestore();
    }
  });
});
