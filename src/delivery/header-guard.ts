import { DeliveryError, type OutboundMessage, type Sender } from "./message.js";

// C0 controls and DEL: CR/LF would start a header of the sender's choosing (a Bcc, a second To),
// and no address, subject or reply-to has a reason to hold any of them.
const CONTROL = /[\u0000-\u001f\u007f]/;
const HEADER_FIELDS = ["to", "subject", "replyTo"] as const;

/**
 * A sender that refuses, with a {@link DeliveryError} and before anything leaves, a message whose
 * recipient, subject or reply-to holds a control character. Each of those ends in a message header
 * (SMTP) or a receiver's (the webhook's consumer), whatever the sender behind; the values come
 * from attributes and requests, so this is the one place that covers every path.
 */
export function guardHeaders(sender: Sender): Sender {
  return {
    send(message: OutboundMessage): Promise<void> {
      const bad = HEADER_FIELDS.find(
        (field) => typeof message[field] === "string" && holdsControl(message[field]!),
      );
      if (bad !== undefined)
        return Promise.reject(new DeliveryError(`the message's ${bad} holds a control character`));
      return sender.send(message);
    },
  };
}

/**
 * Whether `text` holds a C0 control character or DEL: what {@link guardHeaders} refuses in a
 * recipient, subject or reply-to, for a caller to check before it writes anything.
 *
 * @example
 * ```ts
 * holdsControl("Welcome Mallory\r\nBcc: x@evil.example"); // true
 * ```
 */
export function holdsControl(text: string): boolean {
  return CONTROL.test(text);
}

/**
 * Text from a request made fit for a header: control characters become spaces.
 *
 * @example
 * ```ts
 * headerText("Mozilla\r\nBcc: x@evil.example"); // "Mozilla  Bcc: x@evil.example"
 * ```
 */
export function headerText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, " ");
}
