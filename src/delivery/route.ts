import { DeliveryError, type OutboundMessage, type Sender } from "./message.js";

/** The sender for each channel; a channel left out has no way to send. */
export type ChannelRoutes = Partial<Record<OutboundMessage["channel"], Sender>>;

/**
 * A sender that hands each message to the sender of its channel: email over SMTP and SMS to a
 * webhook, say. A message for a channel without one is a {@link DeliveryError} (Cognito answers
 * CodeDeliveryFailureException) rather than a silent drop. Runs on Node and Workers.
 */
export function routeByChannel(routes: ChannelRoutes): Sender {
  const table = { ...routes };
  return {
    send(message: OutboundMessage): Promise<void> {
      const sender = Object.hasOwn(table, message.channel) ? table[message.channel] : undefined;
      if (sender === undefined)
        return Promise.reject(new DeliveryError(`no sender is configured for ${message.channel} messages`));
      return sender.send(message);
    },
  };
}
