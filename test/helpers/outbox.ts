/**
 * The development outbox of a Node server (`outbox.jsonl` under its data dir): the messages it
 * would have sent, one JSON line each, read back by the suites for their codes.
 *
 * @example
 * ```ts
 * const readCode = codeReader(() => outboxIn(dataDir));
 * ```
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { OutboundMessage } from "../../src/delivery/message.js";

/** The messages of the outbox under `dataDir`, oldest first (none before the first is sent). */
export function outboxIn(dataDir: string): OutboundMessage[] {
  const file = join(dataDir, "outbox.jsonl");
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as OutboundMessage);
}
