/**
 * The one port every message leaves through (verification codes, MFA codes, temporary
 * passwords): the outbox in development, a webhook on both runtimes, SMTP on Node.
 */

/** A message for a user, as the outbox records it (docs/architecture.md: the message port; its lines: docs/user-pools.md). */
export interface OutboundMessage {
  /** ISO 8601. */
  at: string;
  channel: "EMAIL" | "SMS";
  /** An email address or an E.164 phone number. */
  to: string;
  userPoolId: string;
  username: string;
  subject?: string;
  /** Plain text: every message has it. */
  body: string;
  /** An HTML alternative of an email's body (threat-protection notifications). */
  html?: string;
  /** Where replies to an email go (a notification's ReplyTo). */
  replyTo?: string;
  /** The code the message carries, when it carries one (what tests read from the outbox). */
  code?: string;
}

/** Delivers messages. Resolves once the message is accepted; rejects with {@link DeliveryError}. */
export interface Sender {
  send(message: OutboundMessage): Promise<void>;
}

/** A message that could not be delivered (Cognito answers CodeDeliveryFailureException). */
export class DeliveryError extends Error {
  override readonly name = "DeliveryError";
}
