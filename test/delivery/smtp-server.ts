// A real SMTP server (smtp-server) on 127.0.0.1 for the sender suites: it records what arrives,
// parsed with mailparser, and who logged in over which connection.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";

export interface Received {
  envelopeFrom: string;
  envelopeTo: string[];
  /** The user that logged in, if any. */
  user: string | undefined;
  /** Whether the message travelled over TLS (implicit or STARTTLS). */
  secure: boolean;
  mail: ParsedMail;
}

export interface LoopbackSmtp {
  port: number;
  received: Received[];
  /** Every AUTH attempt, with the method the client chose. */
  logins: { method: string; user: string; ok: boolean }[];
  /** `smtp://127.0.0.1:<port>`, with `userinfo@` and `?query` when given. */
  url(userinfo?: string, query?: string): string;
  close(): Promise<void>;
}

export interface LoopbackSmtpOptions extends Partial<SMTPServerOptions> {
  /** Accounts that may log in; with none, AUTH is off and not required. */
  users?: Record<string, string>;
  /** Recipients answered with 550. */
  refuse?: string[];
}

/** A self-signed certificate for 127.0.0.1 (made with openssl), and its PEM as the client's CA. */
export function loopbackCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), "cognate-smtp-tls-"));
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
      "-keyout",
      join(dir, "key.pem"),
      "-out",
      join(dir, "cert.pem"),
    ],
    { stdio: "ignore" },
  );
  return {
    key: readFileSync(join(dir, "key.pem"), "utf8"),
    cert: readFileSync(join(dir, "cert.pem"), "utf8"),
  };
}

export async function loopbackSmtp(options: LoopbackSmtpOptions = {}): Promise<LoopbackSmtp> {
  const { users, refuse = [], ...serverOptions } = options;
  const received: Received[] = [];
  const logins: LoopbackSmtp["logins"] = [];
  const server = new SMTPServer({
    logger: false,
    disableReverseLookup: true,
    // Without a certificate of our own, no STARTTLS (smtp-server's built-in one has expired).
    disabledCommands: [
      ...(serverOptions.cert === undefined ? ["STARTTLS"] : []),
      ...(users === undefined ? ["AUTH"] : []),
    ],
    closeTimeout: 1000,
    authOptional: users === undefined,
    allowInsecureAuth: true,
    ...serverOptions,
    onAuth(auth, _session, callback) {
      const ok = users !== undefined && auth.username !== undefined && users[auth.username] === auth.password;
      logins.push({ method: auth.method, user: auth.username ?? "", ok });
      if (!ok) return callback(new Error("Invalid username or password"));
      callback(null, { user: auth.username });
    },
    onRcptTo(address, _session, callback) {
      if (refuse.includes(address.address))
        return callback(Object.assign(new Error("No such user here"), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push({
            envelopeFrom: session.envelope.mailFrom === false ? "" : session.envelope.mailFrom.address,
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            user: session.user as string | undefined,
            secure: session.secure,
            mail,
          });
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => ok());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    logins,
    url: (userinfo, query) =>
      `smtp${serverOptions.secure ? "s" : ""}://${userinfo ? `${userinfo}@` : ""}127.0.0.1:${port}${query ? `?${query}` : ""}`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
