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
afterAll(async () => {
  await dev?.stop();
});

describe("wrangler dev", () => {
  it("serves GET /health from workerd", async () => {
    const port = 18_000 + Math.floor(Math.random() * 2000);
    dev = await startProcess("npx", ["wrangler", "dev", "--ip", "127.0.0.1", "--port", String(port)], {
      env: OFFLINE,
      ready: /Ready on (http:\/\/\S+)/,
      timeoutMs: 60_000,
    });
    expect(dev.match, dev.output()).not.toBeNull();
    const res = await fetch(`http://127.0.0.1:${port}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", runtime: "workerd" });
  }, 90_000);
});
