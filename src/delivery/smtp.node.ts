import { createTransport } from "nodemailer";
import { DeliveryError, type OutboundMessage, type Sender } from "./message.js";
import { describeSmtp, parseFromAddress, parseSmtpUrl, type SmtpSettings } from "./smtp-url.js";

/** Where and how the SMTP sender delivers email. */
export interface SmtpSenderOptions {
  /** `smtp[s]://[user:password@]host[:port][?starttls=...]`; see {@link parseSmtpUrl}. */
  url: string;
  /** The From address, e.g. `no-reply@example.com` or `Example <no-reply@example.com>`. */
  from: string;
  /** Bound on connecting, on the greeting and on each wait for the server. Default 10000 ms. */
  timeoutMs?: number;
  /** Extra trusted CA certificates (PEM). On a deployment, `NODE_EXTRA_CA_CERTS` does the same. */
  ca?: string;
}

// One address only: a `to` like "a@x.com, b@y.com" must not fan a code out to a second mailbox.
const SINGLE_ADDRESS = /^[^\s@<>,;:"()[\]\\]+@[^\s@<>,;:"()[\]\\]+$/;

// The SMTP client's error codes, as words for an operator; never its message, which can quote
// the conversation.
const PROBLEMS: Record<string, string> = {
  EAUTH: "authentication failed",
  EENVELOPE: "sender or recipient refused",
  EMESSAGE: "message refused",
  ETIMEDOUT: "timed out",
  EABORT: "timed out",
  ECONNECTION: "unreachable",
  ESOCKET: "connection failed",
  EDNS: "host not found",
  ETLS: "TLS failed",
  EPROTOCOL: "protocol error",
};

function problem(error: unknown): string {
  const { code, responseCode, originalCode } = (error ?? {}) as {
    code?: unknown;
    responseCode?: unknown;
    originalCode?: unknown;
  };
  const words = (typeof code === "string" && PROBLEMS[code]) || "failed";
  if (typeof responseCode === "number") return `${words} (${responseCode})`;
  // A socket or TLS error code such as ECONNREFUSED or CERT_HAS_EXPIRED.
  return typeof originalCode === "string" && /^[A-Z0-9_]{1,40}$/.test(originalCode)
    ? `${words} (${originalCode})`
    : words;
}

/**
 * A sender that delivers EMAIL messages over SMTP (Node only). Each message is one connection:
 * EHLO, STARTTLS as the URL says, AUTH when the URL has credentials, one recipient, plain text.
 * A refusal, a failed login, a dead or silent server is a {@link DeliveryError} that names the
 * server and the SMTP reply code, never the credentials, the body or the code.
 *
 * @example
 * ```ts
 * const sender = smtpSender({ url: "smtp://mailer:s3cret@smtp.example.com", from: "no-reply@example.com" });
 * await sender.send({ at, channel: "EMAIL", to: "alice@example.com", userPoolId, username, subject: "Your code", body: "Your code is 123456", code: "123456" });
 * ```
 */
export function smtpSender(options: SmtpSenderOptions): Sender & { readonly server: string } {
  const settings: SmtpSettings = parseSmtpUrl(options.url);
  const from = parseFromAddress(options.from);
  const timeout = options.timeoutMs ?? 10_000;
  const server = describeSmtp(settings);
  const transport = createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    requireTLS: !settings.secure && settings.startTls === "required",
    ignoreTLS: !settings.secure && settings.startTls === "never",
    auth: settings.auth,
    tls: { minVersion: "TLSv1.2", ...(options.ca === undefined ? {} : { ca: options.ca }) },
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    dnsTimeout: timeout,
    // The conversation carries the password and the code: nothing of it goes to a log.
    logger: false,
    debug: false,
  });

  return {
    server,
    async send(message: OutboundMessage): Promise<void> {
      if (message.channel !== "EMAIL")
        throw new DeliveryError(`smtp ${server}: cannot send ${message.channel} messages`);
      if (!SINGLE_ADDRESS.test(message.to))
        throw new DeliveryError(`smtp ${server}: not a single email address`);
      try {
        await transport.sendMail({
          from,
          to: message.to,
          envelope: { from: from.address, to: [message.to] },
          subject: message.subject ?? "",
          text: message.body,
          ...(message.html === undefined ? {} : { html: message.html }),
          ...(message.replyTo !== undefined && SINGLE_ADDRESS.test(message.replyTo)
            ? { replyTo: message.replyTo }
            : {}),
          // A server that drips bytes keeps each socket wait short: bound the whole send too.
          signal: AbortSignal.timeout(timeout * 3),
        });
      } catch (error) {
        // No `cause`: the client's error carries the AUTH command and the server's replies.
        throw new DeliveryError(`smtp ${server}: ${problem(error)}`);
      }
    },
  };
}
