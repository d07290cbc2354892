// The trigger scenarios on workerd: `wrangler dev` (D1) with COGNATE_CONFIG as a var whose
// `triggers.functions` reach the handlers over the HTTP mode, served by the HTTP trigger server on
// loopback (http on loopback is allowed). Codes come from the development outbox (GET /admin/outbox,
// signed with the generated admin key). Run in the node project, like the other wrangler dev suites.
import { afterAll, beforeAll, describe } from "vitest";
import { readOutbox, startWranglerDev, type WranglerDev } from "../../helpers/wrangler-dev.js";
import { codeReader } from "../../user-pool/e2e/target.js";
import { handlerSide, tempDir, type TriggerTarget } from "./harness.js";
import { triggerScenarios } from "./scenarios.js";

let dev: WranglerDev | undefined;
let handlers: Awaited<ReturnType<typeof handlerSide>> | undefined;
let target: TriggerTarget;

beforeAll(async () => {
  handlers = await handlerSide("http", tempDir("cognate-triggers-worker-"));
  dev = await startWranglerDev("cognate-triggers-worker", [
    "--var",
    `COGNATE_CONFIG:${JSON.stringify({ triggers: handlers.triggers })}`,
  ]);
  const admin = await dev.adminKeys();
  const read = async () => (await readOutbox(dev!.endpoint, admin)).messages;
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
