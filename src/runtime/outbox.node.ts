import { appendFile } from "node:fs/promises";
import { join } from "node:path";
import type { OutboundMessage, Sender } from "../delivery/message.js";

/**
 * The development sender: appends each message as one JSON line to `{dataDir}/outbox.jsonl`
 * (mode 0600: it holds codes), where developers and tests read verification and MFA codes.
 * Appends are serialized, so concurrent messages never interleave within a line.
 *
 * @example
 * ```ts
 * const sender = outboxSender(".cognate");
 * // tail -f .cognate/outbox.jsonl
 * ```
 */
export function outboxSender(dataDir: string): Sender & { readonly file: string } {
  const file = join(dataDir, "outbox.jsonl");
  let last: Promise<void> = Promise.resolve();
  return {
    file,
    send(message: OutboundMessage): Promise<void> {
      const line = `${JSON.stringify(message)}\n`;
      const next = last.then(() => appendFile(file, line, { mode: 0o600 }));
      last = next.catch(() => undefined);
      return next;
    },
  };
}
