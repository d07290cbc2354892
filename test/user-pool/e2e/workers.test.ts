// Every end-to-end scenario with the real clients against ONE `wrangler dev` (the gateway in
// workerd, user pools on local D1 persisted under a temp dir), offline; admin credentials, the
// master key and the webhook sender given as --var. Codes are captured by a loopback server in
// this process that checks each message's HMAC signature.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startProcess } from "../../helpers/process.js";
import { runScenarios } from "./scenarios.js";
import { codeReader, type Target } from "./target.js";
import { startCapture, type Capture } from "./webhook-capture.js";
import { startUpstream, type Upstream } from "../../gateway/servers.js";
import {
  identityOperationNames,
  identityScenarios,
  type IdentityTarget,
} from "../../identity-pool/e2e/scenarios.js";
import { ROLES, routes } from "../../identity-pool/e2e/world.js";

const OFFLINE = {
  CI: "true",
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_HIDE_BANNER: "true",
};
const ADMIN = {
  accessKeyId: "AKIACOGNATEE2EWORKER",
  secretAccessKey: "e2e/worker+secret0123456789abcdefghijk",
};
const MASTER_KEY = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
const WEBHOOK_SECRET = `e2e-webhook-${crypto.randomUUID()}`;
const FEED_SECRET = `e2e-feed-${crypto.randomUUID()}`;

let dev: Awaited<ReturnType<typeof startProcess>> | undefined;
let capture: Capture | undefined;
let upstream: Upstream | undefined;
let target: Target;
let identityTarget: IdentityTarget;

/** A port free right now on 127.0.0.1 (wrangler needs one named up front). */
beforeAll(async () => {
  capture = await startCapture(WEBHOOK_SECRET);
  upstream = await startUpstream();
  const port = await freePort();
  const vars = {
    COGNATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId,
    COGNATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
    COGNATE_MASTER_KEY: MASTER_KEY,
    COGNATE_REVOCATION_FEED_SECRET: FEED_SECRET,
    COGNATE_SENDER_WEBHOOK_URL: capture.url,
    COGNATE_SENDER_WEBHOOK_SECRET: WEBHOOK_SECRET,
    // Identity pools' roles, and "auth": "iam" routes to an upstream of this process.
    COGNATE_CONFIG: JSON.stringify({ roles: ROLES, routes: routes(upstream.url) }),
  };
  const args = [
    "wrangler",
    "dev",
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--persist-to",
    mkdtempSync(join(tmpdir(), "cognate-d1-")),
  ];
  for (const [name, value] of Object.entries(vars)) args.push("--var", `${name}:${value}`);
  dev = await startProcess("npx", args, {
    env: OFFLINE,
    ready: /Ready on (http:\/\/\S+)/,
    timeoutMs: 60_000,
  });
  if (dev.match === null) throw new Error(`wrangler dev did not start:\n${dev.output()}`);
  const endpoint = `http://127.0.0.1:${port}`;
  target = {
    endpoint,
    admin: ADMIN,
    readCode: codeReader(() => capture!.messages),
    calls: new Set(),
    masterKey: MASTER_KEY,
    feedSecret: FEED_SECRET,
  };
  identityTarget = {
    endpoint,
    admin: ADMIN,
    calls: new Set(),
    lastForwarded: () => upstream!.seen.at(-1)?.headers,
  };
}, 70_000);
afterAll(async () => {
  await dev?.stop();
  await capture?.close();
  await upstream?.close();
});

describe("end to end on wrangler dev (workerd, D1, webhook sender)", () => {
  it("serves the worker runtime", async () => {
    expect(await (await fetch(`${target.endpoint}/health`)).json()).toMatchObject({
      status: "ok",
      runtime: "workerd",
    });
  });
  runScenarios(() => target, 30_000);
  it("delivered every message with a valid signature, which the capture server does check", async () => {
    expect(capture!.messages.length).toBeGreaterThan(0);
    expect(capture!.refused).toEqual([]);
    const forged = await fetch(capture!.url, {
      method: "POST",
      headers: { "x-cognate-signature": `t=${Math.floor(Date.now() / 1000)},v1=${"0".repeat(64)}` },
      body: "{}",
    });
    expect(forged.status).toBe(401);
    expect(capture!.refused).toEqual(["signature mismatch"]);
  });
  it("sends every message with its own signed id, so a replay inside the time window is refused", async () => {
    const ids = capture!.accepted.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    const { body, signature, id } = capture!.accepted.at(-1)!;
    const replay = await fetch(capture!.url, {
      method: "POST",
      headers: { "x-cognate-signature": signature, "x-cognate-message-id": id },
      body,
    });
    expect(replay.status).toBe(409);
    expect(capture!.refused.at(-1)).toBe(`replayed message ${id}`);
  });
});

describe("identity pools end to end on wrangler dev (roles from the configuration)", () => {
  for (const [name, scenario] of Object.entries(identityScenarios))
    it(name, () => scenario(identityTarget), 30_000);
  it("drove all 23 operations of the identity service successfully", () => {
    expect(identityOperationNames().filter((name) => !identityTarget.calls.has(name))).toEqual([]);
  });
});
