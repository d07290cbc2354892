import { describe, expect, it } from "vitest";
import { applyEnv } from "./config-env.js";
import { ConfigError, resolveConfig } from "./config.js";
import { OptionsError } from "./util/validate.js";

const SECRET = "a-trigger-secret-of-at-least-32-chars";
const KEY = btoa(String.fromCharCode(...new Uint8Array(32).fill(7)));
const ARN = "arn:aws:lambda:us-east-1:000000000000:function:pre-sign-up";
const LAMBDA = { region: "us-east-1", accessKeyId: "AKIDEXAMPLE", secretAccessKey: "very-secret-key-value" };

function problem(config: unknown): OptionsError {
  try {
    resolveConfig(config);
  } catch (error) {
    if (error instanceof OptionsError) return error;
    throw error;
  }
  throw new Error("did not throw");
}

describe("resolveConfig: triggers", () => {
  it("defaults to 5000 ms, two module threads and no function", () => {
    expect(resolveConfig({}).triggers).toEqual({
      timeoutMs: 5000,
      moduleThreads: 2,
      functions: {},
      lambda: undefined,
      senderKey: undefined,
    });
  });

  it("takes every mode, the default Lambda endpoint and the sender key", () => {
    const triggers = resolveConfig({
      triggers: {
        timeoutMs: 3000,
        moduleThreads: 4,
        functions: {
          [ARN]: { module: "./triggers/pre-sign-up.mjs" },
          welcome: { url: "https://hooks.example.com/welcome", secret: SECRET },
          local: { url: "http://127.0.0.1:8080/t", secret: SECRET },
          legacy: { lambda: { ...LAMBDA, endpoint: "http://127.0.0.1:9001/", functionName: "legacy-fn" } },
          "on-edge": { binding: "PRE_SIGN_UP" },
        },
        lambda: LAMBDA,
        senderKey: { keyNamespace: "cognate", keyName: "custom-sender", key: KEY },
      },
    }).triggers;
    expect(triggers.timeoutMs).toBe(3000);
    expect(triggers.moduleThreads).toBe(4);
    expect(triggers.functions[ARN]).toEqual({ module: "./triggers/pre-sign-up.mjs", handler: "handler" });
    expect(triggers.functions.legacy).toEqual({
      lambda: { ...LAMBDA, endpoint: "http://127.0.0.1:9001", functionName: "legacy-fn" },
    });
    expect(triggers.functions["on-edge"]).toEqual({ binding: "PRE_SIGN_UP" });
    expect(triggers.lambda).toEqual(LAMBDA);
    expect(triggers.senderKey?.key).toEqual(new Uint8Array(32).fill(7));
  });

  it("names the field that is wrong, never showing a secret", () => {
    expect(problem({ triggers: { timeoutMs: 0 } }).path).toBe("triggers.timeoutMs");
    expect(problem({ triggers: { moduleThreads: 2.5 } }).path).toBe("triggers.moduleThreads");
    // One thread would be the custom senders' half too: a hanging sender would hold PreSignUp's.
    expect(problem({ triggers: { moduleThreads: 1 } }).path).toBe("triggers.moduleThreads");
    expect(problem({ triggers: { functions: { f: {} } } }).message).toMatch(
      /^triggers\.functions\.f: must name one of module, url, lambda or binding/,
    );
    expect(
      problem({ triggers: { functions: { f: { module: "a.mjs", url: "https://x.test" } } } }).message,
    ).toMatch(/names module and url/);
    expect(
      problem({ triggers: { functions: { f: { url: "http://hooks.example.com", secret: SECRET } } } }).path,
    ).toBe("triggers.functions.f.url");
    const short = problem({
      triggers: { functions: { f: { url: "https://x.test", secret: "short-secret" } } },
    });
    expect(short.path).toBe("triggers.functions.f.secret");
    expect(short.message).not.toContain("short-secret");
    expect(
      problem({ triggers: { functions: { f: { url: "https://x.test", secret: SECRET, handler: "h" } } } })
        .path,
    ).toBe("triggers.functions.f.handler");
    const lambda = problem({ triggers: { lambda: { ...LAMBDA, region: "nowhere" } } });
    expect(lambda.path).toBe("triggers.lambda.region");
    expect(lambda.message).not.toContain(LAMBDA.secretAccessKey);
    expect(problem({ triggers: { lambda: { region: "us-east-1", accessKeyId: "A" } } }).path).toBe(
      "triggers.lambda.secretAccessKey",
    );
    const key = problem({ triggers: { senderKey: { keyNamespace: "n", keyName: "k", key: "c2hvcnQ=" } } });
    expect(key.path).toBe("triggers.senderKey.key");
    expect(key.message).not.toContain("c2hvcnQ=");
    expect(problem({ triggers: { functions: { f: { binding: "not a name" } } } }).path).toBe(
      "triggers.functions.f.binding",
    );
  });

  it("reads COGNATE_TRIGGER_TIMEOUT_MS and COGNATE_TRIGGER_SENDER_KEY, naming them in errors", () => {
    const base = resolveConfig({ triggers: { senderKey: { keyNamespace: "n", keyName: "k", key: KEY } } });
    const other = btoa(String.fromCharCode(...new Uint8Array(32).fill(9)));
    const env = applyEnv(base, { COGNATE_TRIGGER_TIMEOUT_MS: "2500", COGNATE_TRIGGER_SENDER_KEY: other });
    expect(env.triggers.timeoutMs).toBe(2500);
    expect(env.triggers.senderKey?.key).toEqual(new Uint8Array(32).fill(9));
    expect(applyEnv(env, {})).toEqual(env);
    expect(() => applyEnv(base, { COGNATE_TRIGGER_TIMEOUT_MS: "soon" })).toThrow(
      new ConfigError(
        "environment",
        "COGNATE_TRIGGER_TIMEOUT_MS",
        'must be a number from 1 to 900000, got "soon"',
      ),
    );
    const bad = (() => {
      try {
        applyEnv(base, { COGNATE_TRIGGER_SENDER_KEY: "bm90LWEta2V5" });
      } catch (error) {
        return error as ConfigError;
      }
    })();
    expect(bad?.field).toBe("COGNATE_TRIGGER_SENDER_KEY");
    expect(bad?.message).not.toContain("bm90LWEta2V5");
    expect(() => applyEnv(resolveConfig({}), { COGNATE_TRIGGER_SENDER_KEY: KEY })).toThrow(
      /needs triggers.senderKey/,
    );
  });
});
