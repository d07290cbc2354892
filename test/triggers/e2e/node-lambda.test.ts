// The trigger scenarios on the Node server, every function in the lambda mode.
import { afterAll, beforeAll, describe } from "vitest";
import type { TriggerTarget } from "./harness.js";
import { startNodeTarget } from "./node-target.js";
import { triggerScenarios } from "./scenarios.js";

let running: Awaited<ReturnType<typeof startNodeTarget>> | undefined;
beforeAll(async () => {
  running = await startNodeTarget("lambda");
});
afterAll(async () => {
  await running?.close();
});

describe("Lambda triggers end to end on Node, lambda mode", () => {
  triggerScenarios(() => running!.target as TriggerTarget);
});
