import { describe, expect, it } from "vitest";
import { ARN, sampleEvent, within } from "../../../test/triggers/sample-event.js";
import { OptionsError } from "../../util/validate.js";
import type { TriggerInvoker } from "./invoker.js";
import { triggerInvoker, type TriggerModes } from "./resolve.js";
import type { TriggerSettings } from "./targets.js";

const settings = (over: Partial<TriggerSettings>): TriggerSettings => ({
  timeoutMs: 5000,
  moduleThreads: 1,
  functions: {},
  lambda: undefined,
  senderKey: undefined,
  ...over,
});
const LAMBDA = { region: "us-east-1", accessKeyId: "AKID", secretAccessKey: "secret" };

// Each mode answers which target it was given, so the test sees the choice resolution made.
const modes: TriggerModes = {
  http: (target) => answering({ mode: "http", url: target.url }),
  lambda: (target) => answering({ mode: "lambda", endpoint: target.endpoint, region: target.region }),
  module: (target) => answering({ mode: "module", module: target.module }),
};
function answering(value: unknown): TriggerInvoker {
  return { invoke: async () => value };
}

describe("triggerInvoker", () => {
  it("picks a function by full ARN before its bare name", async () => {
    const invoker = triggerInvoker(
      settings({
        functions: {
          [ARN]: { module: "/a.mjs", handler: "handler" },
          "pre-sign-up": { url: "https://x.test", secret: "s".repeat(32) },
        },
      }),
      modes,
    );
    expect(await invoker.invoke(ARN, sampleEvent(), within(1000))).toEqual({
      mode: "module",
      module: "/a.mjs",
    });
    const otherAccount = "arn:aws:lambda:eu-west-1:111111111111:function:pre-sign-up";
    expect(await invoker.invoke(otherAccount, sampleEvent(), within(1000))).toMatchObject({ mode: "http" });
    expect(await invoker.invoke("pre-sign-up", sampleEvent(), within(1000))).toMatchObject({ mode: "http" });
  });

  it("sends unlisted ARNs to the default Lambda endpoint of the ARN's region", async () => {
    const invoker = triggerInvoker(settings({ lambda: LAMBDA }), modes);
    expect(
      await invoker.invoke("arn:aws:lambda:eu-west-1:0:function:f", sampleEvent(), within(1000)),
    ).toEqual({ mode: "lambda", endpoint: "https://lambda.eu-west-1.amazonaws.com", region: "eu-west-1" });
    const explicit = triggerInvoker(
      settings({ lambda: { ...LAMBDA, endpoint: "http://127.0.0.1:9001" } }),
      modes,
    );
    expect(await explicit.invoke(ARN, sampleEvent(), within(1000))).toMatchObject({
      endpoint: "http://127.0.0.1:9001",
    });
  });

  it("answers ResourceNotFoundException for an unlisted ARN without a default", async () => {
    await expect(
      triggerInvoker(settings({}), modes).invoke(ARN, sampleEvent(), within(1000)),
    ).rejects.toMatchObject({
      type: "ResourceNotFoundException",
      message: "no trigger function is configured for pre-sign-up",
    });
  });

  it("refuses a mode the runtime lacks, naming the function", () => {
    const { module: _, ...workers } = modes;
    const error = (() => {
      try {
        triggerInvoker(settings({ functions: { f: { module: "/a.mjs", handler: "handler" } } }), workers);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(OptionsError);
    expect((error as OptionsError).path).toBe("triggers.functions.f.module");
    expect(() => triggerInvoker(settings({ functions: { f: { binding: "B" } } }), modes)).toThrow(
      /triggers\.functions\.f\.binding/,
    );
  });
});
