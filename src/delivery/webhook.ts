import { digests } from "#crypto";
import { bytesToHex } from "../util/encoding.js";
import { DeliveryError, type OutboundMessage, type Sender } from "./message.js";

/** Where and how the webhook sender posts messages. */
export interface WebhookSenderOptions {
  /** An https URL (or http on loopback, for development). */
  url: string;
  /** Shared secret for the `X-Cognate-Signature` HMAC; at least 32 characters. */
  secret: string;
  /** Give up after this long. Default 5000 ms. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

export const SIGNATURE_HEADER = "x-cognate-signature";
/** The message's unique id, also the body's signed `id`: a receiver refuses an id it has seen. */
export const MESSAGE_ID_HEADER = "x-cognate-message-id";

const encoder = new TextEncoder();

async function hmacHex(secret: string, text: string): Promise<string> {
  return bytesToHex(await digests.hmacSha256(encoder.encode(secret), encoder.encode(text)));
}

/**
 * The value of `X-Cognate-Signature` for a body sent at `timestamp` (epoch seconds):
 * `t=<timestamp>,v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`. A receiver recomputes it,
 * compares in constant time and refuses old timestamps, so a captured request cannot be replayed
 * later or altered; and it keeps the body's `id` (a UUID, unique per message and covered by the
 * signature) for as long as it accepts a timestamp, refusing an id it has seen, so a captured
 * request cannot be replayed within the window either.
 *
 * @example
 * ```ts
 * const expected = await webhookSignature(secret, Number(t), await request.text());
 * ```
 */
export async function webhookSignature(secret: string, timestamp: number, body: string): Promise<string> {
  return `t=${timestamp},v1=${await hmacHex(secret, `${timestamp}.${body}`)}`;
}

/**
 * A sender that POSTs each message as JSON to a webhook (an SMS gateway, a mail relay, a
 * function), with a unique `id`, signed with HMAC-SHA256 (see {@link webhookSignature} for the
 * receiver's checks). Any answer but 2xx, a timeout or a network failure is a
 * {@link DeliveryError}. Runs on Node and Workers.
 *
 * @example
 * ```ts
 * const sender = webhookSender({ url: "https://hooks.example.com/cognate", secret: env.COGNATE_WEBHOOK_SECRET });
 * await sender.send({ at, channel: "SMS", to: "+15555550100", userPoolId, username, body: "Your code is 123456", code: "123456" });
 * ```
 */
export function webhookSender(options: WebhookSenderOptions): Sender {
  const url = new URL(options.url);
  const loopback = url.hostname === "127.0.0.1" || url.hostname === "localhost" || url.hostname === "[::1]";
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    throw new TypeError("the webhook URL must be https (or http on loopback)");
  }
  if (options.secret.length < 32) throw new TypeError("the webhook secret must be at least 32 characters");
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const now = options.now ?? Date.now;
  return {
    async send(message: OutboundMessage): Promise<void> {
      const id = crypto.randomUUID();
      const body = JSON.stringify({ id, ...message });
      const signature = await webhookSignature(options.secret, Math.floor(now() / 1000), body);
      let response: Response;
      try {
        response = await doFetch(url.href, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            [SIGNATURE_HEADER]: signature,
            [MESSAGE_ID_HEADER]: id,
          },
          body,
          redirect: "manual",
          signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
        });
      } catch (cause) {
        // Never the message itself in the error: it carries a code.
        throw new DeliveryError(`webhook ${url.origin} unreachable`, { cause });
      }
      await response.body?.cancel();
      if (response.status < 200 || response.status > 299)
        throw new DeliveryError(`webhook ${url.origin} answered HTTP ${response.status}`);
    },
  };
}
