import { appendFileSync } from "node:fs";
import { join } from "node:path";
import type { OutboundMessage, Sender } from "./message.js";

/**
 * The development sender: appends each message as one JSON line to `{dataDir}/outbox.jsonl`
 * (mode 0600: it holds codes), where developers and tests read verification and MFA codes.
 * Each append is synchronous: lines never interleave, and a message is in the file by the time
 * the call that sent it answers, even when the delivery runs after the answer (a client that
 * hides users), so whoever reads the outbox next finds it.
 *
 * @example
 * ```ts
 * const sender = outboxSender(".cognate");
 * // tail -f .cognate/outbox.jsonl
 * ```
 */
export function outboxSender(dataDir: string): Sender & { readonly file: string } {
  const file = join(dataDir, "outbox.jsonl");
  return {
    file,
    send(message: OutboundMessage): Promise<void> {
      try {
        appendFileSync(file, `${JSON.stringify(message)}\n`, { mode: 0o600 });
        return Promise.resolve();
      } catch (error) {
        return Promise.reject(error);
      }
    },
  };
}
