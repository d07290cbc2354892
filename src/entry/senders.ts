import { ConfigError } from "../config.js";
import type { Sender } from "../delivery/message.js";
import { routeByChannel } from "../delivery/route.js";
import { smtpSender } from "../delivery/smtp.node.js";
import { parseFromAddress, parseSmtpUrl } from "../delivery/smtp-url.js";
import { webhookSender } from "../delivery/webhook.js";
import { outboxSender } from "../delivery/outbox.node.js";

/** The Node start-up's message sender and the banner's words for it. */
export interface NodeSenders {
  sender: Sender;
  /** e.g. `EMAIL smtp://smtp.example.com:587 (STARTTLS required, AUTH), SMS webhook https://...` */
  description: string;
}

// A setting's problem as a ConfigError naming its variable.
function checked<T>(name: string, make: () => T): T {
  try {
    return make();
  } catch (error) {
    throw new ConfigError("environment", name, (error as Error).message);
  }
}

/**
 * Picks a sender per channel from the environment. EMAIL: SMTP (`COGNATE_SMTP_URL`,
 * `COGNATE_SMTP_FROM`), else the webhook, else the outbox. SMS: the webhook
 * (`COGNATE_SENDER_WEBHOOK_URL`, `_SECRET`), else the outbox. The outbox is for development only:
 * with `NODE_ENV=production` a channel without a real sender fails its deliveries
 * (CodeDeliveryFailureException) instead of writing codes to a file. Every setting is checked
 * here, so a bad one stops the start naming its variable.
 */
export function nodeSenders(env: NodeJS.ProcessEnv, dataDir: string, production: boolean): NodeSenders {
  const smtpUrl = env.COGNATE_SMTP_URL;
  if (!smtpUrl && env.COGNATE_SMTP_FROM)
    throw new ConfigError("environment", "COGNATE_SMTP_FROM", "is set but COGNATE_SMTP_URL is not");
  let smtp: ReturnType<typeof smtpSender> | undefined;
  if (smtpUrl) {
    const from = env.COGNATE_SMTP_FROM ?? "";
    if (from === "")
      throw new ConfigError("environment", "COGNATE_SMTP_FROM", "is required with COGNATE_SMTP_URL");
    checked("COGNATE_SMTP_URL", () => parseSmtpUrl(smtpUrl));
    checked("COGNATE_SMTP_FROM", () => parseFromAddress(from));
    smtp = smtpSender({ url: smtpUrl, from });
  }
  const hookUrl = env.COGNATE_SENDER_WEBHOOK_URL;
  const webhook = hookUrl
    ? checked("COGNATE_SENDER_WEBHOOK_URL", () =>
        webhookSender({ url: hookUrl, secret: env.COGNATE_SENDER_WEBHOOK_SECRET ?? "" }),
      )
    : undefined;
  const outbox = production ? undefined : outboxSender(dataDir);

  const email = smtp ?? webhook ?? outbox;
  const sms = webhook ?? outbox;
  const words = (sender: Sender | undefined) =>
    sender === undefined
      ? "none (deliveries fail)"
      : sender === smtp
        ? smtp.server
        : sender === webhook
          ? `webhook ${hookUrl}`
          : `outbox ${outbox!.file}`;
  const description = email === sms ? words(email) : `EMAIL ${words(email)}, SMS ${words(sms)}`;
  return { sender: routeByChannel({ EMAIL: email, SMS: sms }), description };
}
