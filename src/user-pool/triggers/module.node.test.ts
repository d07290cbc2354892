import { afterAll, describe, expect, it, vi } from "vitest";
import { ARN, handlerModule, sampleEvent, within } from "../../../test/triggers/sample-event.js";
import { functionInvoker } from "./function.js";
import { FunctionError, InvocationError } from "./invoker.js";
import { handlerEnvironment, modulePool } from "./module.node.js";

const pool = modulePool({ threads: 2, maxQueue: 4 });
afterAll(() => pool.close());
const styles = (handler: string) => pool.invoker({ module: handlerModule("styles.mjs"), handler });
const invoke = (handler: string, ms = 2000) => styles(handler).invoke(ARN, sampleEvent(), within(ms));

describe("module mode", () => {
  it("runs a handler in every style", async () => {
    expect(((await invoke("asyncHandler")) as { response: unknown }).response).toMatchObject({
      autoConfirmUser: true,
    });
    expect(await invoke("promiseHandler")).toMatchObject({ response: { promised: true } });
    expect(await invoke("callbackHandler")).toMatchObject({ response: { called: "back" } });
    expect(await invoke("contextSucceed")).toMatchObject({ response: { succeeded: true } });
    const cjs = pool.invoker({ module: handlerModule("commonjs.cjs"), handler: "handler" });
    expect(await cjs.invoke(ARN, sampleEvent(), within(2000))).toMatchObject({
      response: { style: "commonjs" },
    });
    const def = pool.invoker({ module: handlerModule("default-export.mjs"), handler: "handler" });
    expect(await def.invoke(ARN, sampleEvent(), within(2000))).toMatchObject({
      response: { style: "default" },
    });
  });

  it("gives the handler Lambda's context: the ARN and the time left", async () => {
    const answered = (await invoke("remaining", 3000)) as { response: { remaining: number; arn: string } };
    expect(answered.response.arn).toBe(ARN);
    expect(answered.response.remaining).toBeGreaterThan(2000);
    expect(answered.response.remaining).toBeLessThanOrEqual(3000);
  });

  it("reports the handler's own failures as FunctionError, with Lambda's errorType", async () => {
    await expect(invoke("throws")).rejects.toEqual(new FunctionError("domain not allowed", "Error"));
    await expect(invoke("rejects")).rejects.toMatchObject({
      message: "rejected here",
      errorType: "TypeError",
    });
    await expect(invoke("callbackError")).rejects.toMatchObject({ message: "called back with an error" });
    await expect(invoke("contextFail")).rejects.toMatchObject({ message: "context failed" });
    await expect(invoke("uncaught")).rejects.toMatchObject({
      message: "thrown from a timer",
      errorType: "RangeError",
    });
    // The thread that died was replaced.
    expect(await invoke("asyncHandler")).toBeTruthy();
  });

  it("answers undefined for a result JSON cannot carry, and passes other values on", async () => {
    expect(await invoke("garbage")).toBeUndefined();
    expect(await invoke("notAnEvent")).toBe("just a string");
  });

  it("terminates a runaway handler at its deadline without blocking the event loop, and goes on", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const started = Date.now();
    const spinning = invoke("spin", 400);
    await expect(spinning).rejects.toEqual(
      new InvocationError("TimeoutException", "the trigger module timed out"),
    );
    clearInterval(timer);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(ticks).toBeGreaterThan(10); // the main thread ran its timers all along
    // Both threads spin and are replaced; the pool still answers.
    await Promise.all([
      expect(invoke("spin", 300)).rejects.toMatchObject({ type: "TimeoutException" }),
      expect(invoke("spin", 300)).rejects.toMatchObject({ type: "TimeoutException" }),
    ]);
    expect(await invoke("asyncHandler")).toMatchObject({ response: { autoConfirmUser: true } });
  });

  it("times out an invocation still waiting for a thread", async () => {
    const busy = [invoke("slow", 2000), invoke("slow", 2000)];
    await expect(invoke("asyncHandler", 100)).rejects.toMatchObject({ type: "TimeoutException" });
    await Promise.all(busy);
  });

  it("refuses invocations beyond the queue's bound with TooManyRequestsException (retryable)", async () => {
    const running = Array.from({ length: 6 }, () => invoke("slow", 5000));
    const refused = invoke("asyncHandler");
    await expect(refused).rejects.toMatchObject({ type: "TooManyRequestsException", retryable: true });
    await Promise.all(running);
  });

  it("names the module and the loader's message when a module cannot load (not retryable)", async () => {
    const broken = pool.invoker({ module: handlerModule("broken.mjs"), handler: "handler" });
    const failure = await broken.invoke(ARN, sampleEvent(), within(2000)).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(InvocationError);
    expect((failure as InvocationError).retryable).toBe(false);
    expect((failure as Error).message).toContain(handlerModule("broken.mjs"));
    expect((failure as Error).message).toContain("no-such-file.mjs");
    const missing = pool.invoker({ module: handlerModule("styles.mjs"), handler: "nope" });
    await expect(missing.invoke(ARN, sampleEvent(), within(2000))).rejects.toThrow(
      /exports no function "nope"/,
    );
    const absent = pool.invoker({ module: handlerModule("absent.mjs"), handler: "handler" });
    await expect(absent.invoke(ARN, sampleEvent(), within(2000))).rejects.toThrow(/absent\.mjs/);
  });

  it("accepts an asynchronous invocation at once", async () => {
    const started = Date.now();
    expect(await styles("slow").invoke(ARN, sampleEvent(), { ...within(2000), async: true })).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(200);
    await new Promise((resolve) => setTimeout(resolve, 400)); // let it finish before the pool closes
  });

  it("gives a handler the server's environment as it was when its thread started, without cognate's settings", async () => {
    const secrets = {
      COGNATE_MASTER_KEY: "master-key-value",
      COGNATE_ADMIN_SECRET_ACCESS_KEY: "admin-secret-value",
      COGNATE_TRIGGER_SENDER_KEY: "sender-key-value",
      cognate_smtp_url: "smtp://user:password@mail.example",
      DATABASE_URL: "postgres://user:password@db.example/cognate",
      AWS_ACCESS_KEY_ID: "AKIACOGNATEADMIN0001",
      AWS_SECRET_ACCESS_KEY: "admin-key-pair-secret",
      AWS_SESSION_TOKEN: "session-token-value",
    };
    const saved = { ...process.env };
    Object.assign(process.env, secrets, { TRIGGER_TEST_VISIBLE: "yes" });
    const own = modulePool({ threads: 1 });
    const environment = own.invoker({ module: handlerModule("environment.mjs"), handler: "handler" });
    type Seen = { response: { names: string[]; visible: string | null; late: string | null } };
    try {
      const first = (await environment.invoke(ARN, sampleEvent(), within(2000))) as Seen;
      expect(first.response.visible).toBe("yes");
      expect(first.response.names).toContain("PATH");
      for (const name of Object.keys(secrets)) expect(first.response.names).not.toContain(name);
      // Set after the thread started: not seen (Lambda's environment is fixed at its start too).
      process.env.TRIGGER_TEST_LATE = "late";
      const second = (await environment.invoke(ARN, sampleEvent(), within(2000))) as Seen;
      expect(second.response.late).toBeNull();
      // What a handler writes stays in its thread.
      expect(process.env.TRIGGER_TEST_SET_BY_HANDLER).toBeUndefined();
    } finally {
      await own.close();
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
      Object.assign(process.env, saved);
    }
  });

  it("handlerEnvironment: a copy without COGNATE_*, DATABASE_URL, PG* and the server's AWS credentials", () => {
    const source = {
      PATH: "/usr/bin",
      NODE_ENV: "production",
      TZ: "UTC",
      COGNATE_CONFIG: "/etc/cognate.json",
      Cognate_Master_Key: "k",
      DATABASE_URL: "postgres://x",
      PGPASSWORD: "p",
      PGHOST: "db.internal",
      PGPASSFILE: "/root/.pgpass",
      AWS_ACCESS_KEY_ID: "a",
      AWS_SECRET_ACCESS_KEY: "s",
      AWS_SESSION_TOKEN: "t",
      AWS_SECURITY_TOKEN: "t",
      AWS_PROFILE: "admin",
      AWS_ROLE_ARN: "arn:aws:iam::123456789012:role/cognate",
      AWS_ROLE_SESSION_NAME: "cognate",
      AWS_WEB_IDENTITY_TOKEN_FILE: "/var/run/secrets/eks.amazonaws.com/serviceaccount/token",
      AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: "/v2/credentials/x",
      AWS_CONTAINER_CREDENTIALS_FULL_URI: "http://169.254.170.23/v1/credentials",
      AWS_CONTAINER_AUTHORIZATION_TOKEN: "t",
      AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: "/var/run/secrets/pods.eks.amazonaws.com/token",
      AWS_SHARED_CREDENTIALS_FILE: "/srv/cognate/aws-credentials",
      AWS_REGION: "eu-west-1",
      AWS_DEFAULT_REGION: "eu-west-1",
      COGNATE: "not a setting of cognate's",
    };
    const copy = handlerEnvironment(source);
    expect(copy).toEqual({
      PATH: "/usr/bin",
      NODE_ENV: "production",
      TZ: "UTC",
      AWS_REGION: "eu-west-1",
      AWS_DEFAULT_REGION: "eu-west-1",
      COGNATE: "not a setting of cognate's",
    });
    expect(source.COGNATE_CONFIG).toBe("/etc/cognate.json");
  });

  it("logs an asynchronous invocation's failure by its type, never the handler's message", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      expect(
        await styles("throws").invoke(ARN, sampleEvent(), { ...within(2000), async: true }),
      ).toBeUndefined();
      await vi.waitFor(() => expect(errors).toHaveBeenCalledTimes(1));
      expect(errors.mock.calls[0]).toEqual([`cognate: trigger ${handlerModule("styles.mjs")} failed: Error`]);
      const direct = functionInvoker({
        f: async () => {
          throw new TypeError("could not send 042913");
        },
      });
      expect(await direct.invoke("f", sampleEvent(), { ...within(2000), async: true })).toBeUndefined();
      await vi.waitFor(() => expect(errors).toHaveBeenCalledTimes(2));
      expect(errors.mock.calls[1]).toEqual(["cognate: trigger f failed: TypeError"]);
    } finally {
      errors.mockRestore();
    }
  });

  it("background invocations never starve synchronous ones: at most half the queue, and the threads' half", async () => {
    const own = modulePool({ threads: 2, maxQueue: 8 });
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const sender = own.invoker({ module: handlerModule("styles.mjs"), handler: "spin" });
      // 50 custom sender invocations that never answer, all accepted at once.
      for (let i = 0; i < 50; i++)
        expect(await sender.invoke(ARN, sampleEvent(), { ...within(1500), async: true })).toBeUndefined();
      await vi.waitFor(() => expect(errors.mock.calls.length).toBeGreaterThanOrEqual(40));
      // A synchronous trigger still finds room in the queue and a thread, at once.
      const sync = own.invoker({ module: handlerModule("styles.mjs"), handler: "asyncHandler" });
      const started = Date.now();
      for (let i = 0; i < 4; i++)
        expect(await sync.invoke(ARN, sampleEvent(), within(1000))).toMatchObject({
          response: { autoConfirmUser: true },
        });
      expect(Date.now() - started).toBeLessThan(900);
      // One ran on a thread, four waited (half the queue); the other 45 were refused, each logged by type.
      expect(errors.mock.calls.map((call) => String(call[0]))).toEqual(
        Array(45).fill(`cognate: trigger ${handlerModule("styles.mjs")} failed: TooManyRequestsException`),
      );
    } finally {
      await own.close();
      errors.mockRestore();
    }
  });

  it("fails what is waiting or running when closed", async () => {
    const own = modulePool({ threads: 1 });
    const target = { module: handlerModule("styles.mjs"), handler: "slow" };
    const running = expect(
      own.invoker(target).invoke(ARN, sampleEvent(), within(2000)),
    ).rejects.toMatchObject({
      type: "ServiceException",
    });
    await own.close();
    await running;
  });
});
