// The trigger scenarios on workerd: `wrangler dev` (D1) with COGNATE_CONFIG as a var whose
// `triggers.functions` reach the handlers over the HTTP mode, served by the HTTP trigger server on
// loopback (http on loopback is allowed). Codes come from the development outbox (GET /admin/outbox,
// signed with the generated admin key). Run in the node project, like the other wrangler dev suites.
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { afterAll, beforeAll, describe } from "vitest";
import type { OutboundMessage } from "../../../src/delivery/message.js";
import { startWranglerDev, type WranglerDev } from "../../helpers/wrangler-dev.js";
import { codeReader } from "../../user-pool/e2e/target.js";
import { handlerSide, tempDir, type TriggerTarget } from "./harness.js";
import { triggerScenarios } from "./scenarios.js";

let dev: WranglerDev | undefined;
let handlers: Awaited<ReturnType<typeof handlerSide>> | undefined;
let target: TriggerTarget;

async function outbox(keys: { accessKeyId: string; secretAccessKey: string }): Promise<OutboundMessage[]> {
  const url = new URL("/admin/outbox", dev!.endpoint);
  const signed = await new SignatureV4({
    credentials: keys,
    region: "us-east-1",
    service: "iam",
    sha256: Sha256,
  }).sign({
    method: "GET",
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    headers: { host: url.host },
  });
  const text = await (await fetch(url, { headers: signed.headers })).text();
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as OutboundMessage);
}

beforeAll(async () => {
  handlers = await handlerSide("http", tempDir("cognate-triggers-worker-"));
  dev = await startWranglerDev("cognate-triggers-worker", [
    "--var",
    `COGNATE_CONFIG:${JSON.stringify({ triggers: handlers.triggers })}`,
  ]);
  const admin = await dev.adminKeys();
  const read = () => outbox(admin);
  target = {
    mode: "http",
    endpoint: dev.endpoint,
    admin,
    readCode: codeReader(read),
    calls: new Set(),
    masterKey: "",
    feedSecret: "",
    outbox: read,
    mailbox: handlers.mailbox,
    records: handlers.records,
    invocations: handlers.invocations,
  };
}, 120_000);
afterAll(async () => {
  await dev?.stop();
  await handlers?.close();
});

describe("Lambda triggers end to end on wrangler dev, HTTP mode", () => {
  triggerScenarios(() => target, { timeout: 60_000 });
});
