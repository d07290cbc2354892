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

  it("builds an endpoint only from an ARN region shaped like one (us-east-1), else ResourceNotFoundException", async () => {
    const built: string[] = [];
    const recording: TriggerModes = {
      ...modes,
      lambda: (target) => {
        built.push(target.endpoint ?? "");
        return answering({ mode: "lambda", endpoint: target.endpoint });
      },
    };
    const invoker = triggerInvoker(settings({ lambda: LAMBDA }), recording);
    for (const region of ["us-gov-west-1", "ap-southeast-2", "cn-north-1", "us-isob-east-1"])
      expect(
        await invoker.invoke(`arn:aws:lambda:${region}:0:function:f`, sampleEvent(), within(1000)),
      ).toEqual({ mode: "lambda", endpoint: `https://lambda.${region}.amazonaws.com` });
    // LambdaConfig's ARN pattern lets `.` and `/` into the region part: none of these may pick the host.
    for (const region of [
      "evil.example/x?",
      "us-east-1.evil.example",
      "us-east-1/..",
      "US-EAST-1",
      "us-east-1#",
      "localhost",
      `us-${"east".repeat(20)}-1`,
    ])
      await expect(
        invoker.invoke(`arn:aws:lambda:${region}:0:function:f`, sampleEvent(), within(1000)),
      ).rejects.toMatchObject({
        type: "ResourceNotFoundException",
        message: "the function ARN's region is not an AWS region like us-east-1",
      });
    expect(built).toEqual([
      "https://lambda.us-gov-west-1.amazonaws.com",
      "https://lambda.ap-southeast-2.amazonaws.com",
      "https://lambda.cn-north-1.amazonaws.com",
      "https://lambda.us-isob-east-1.amazonaws.com",
    ]);
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
