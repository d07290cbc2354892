import {
  CognitoIdentityProviderClient,
  ListUserPoolsCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, describe, expect, it } from "vitest";
import { startProcess } from "../helpers/process.js";

// `npx wrangler dev` serves the same gateway in workerd, offline.
const OFFLINE = {
  CI: "true",
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_HIDE_BANNER: "true",
};
let dev: Awaited<ReturnType<typeof startProcess>> | undefined;
let port: number;
afterAll(async () => {
  await dev?.stop();
});

describe("wrangler dev", () => {
  it("serves GET /health from workerd", async () => {
    port = 18_000 + Math.floor(Math.random() * 2000);
    // --test-scheduled: GET /__scheduled runs the Cron Trigger's handler (development only).
    const args = ["wrangler", "dev", "--ip", "127.0.0.1", "--port", String(port), "--test-scheduled"];
    dev = await startProcess("npx", args, {
      env: OFFLINE,
      ready: /Ready on (http:\/\/\S+)/,
      timeoutMs: 60_000,
    });
    expect(dev.match, dev.output()).not.toBeNull();
    const res = await fetch(`http://127.0.0.1:${port}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", runtime: "workerd" });
  }, 90_000);

  // Plain `wrangler dev` is production (no COGNATE_ENV): nothing is generated, and a Cognito call
  // is told which setting is missing, once: the SDK does not retry the answer.
  it("answers an SDK call without COGNATE_MASTER_KEY with an error naming it, not retried", async () => {
    expect(dev?.match, dev?.output()).toBeTruthy();
    const idp = new CognitoIdentityProviderClient({
      endpoint: `http://127.0.0.1:${port}`,
      region: "us-east-1",
      credentials: { accessKeyId: "AKIANOADMINCONFIGURED", secretAccessKey: "x".repeat(40) },
    });
    const error = await idp.send(new ListUserPoolsCommand({ MaxResults: 1 })).then(
      () => undefined,
      (e: unknown) =>
        e as { name: string; message: string; $metadata: { httpStatusCode?: number; attempts?: number } },
    );
    expect(error?.name).toBe("InternalErrorException");
    expect(error?.message).toMatch(/COGNATE_MASTER_KEY is not set/);
    expect(error?.$metadata.httpStatusCode).toBe(501);
    expect(error?.$metadata.attempts).toBe(1);
  });

  // wrangler.toml's Cron Trigger reaches the scheduled handler, which sweeps local D1 without a fault
  // (what the sweep deletes is test/workers/retention.test.ts's).
  it("runs the retention sweep on the Cron Trigger", async () => {
    expect(dev?.match, dev?.output()).toBeTruthy();
    const res = await fetch(
      `http://127.0.0.1:${port}/__scheduled?cron=${encodeURIComponent("*/15 * * * *")}`,
    );
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.text()).toMatch(/Ran scheduled event/);
    await new Promise((done) => setTimeout(done, 200));
    expect(dev!.output()).not.toMatch(/cognate: retention|Uncaught/);
  });
});
