/**
 * `COGNATE_SMTP_URL`: where and how the SMTP sender connects. Parsed once at start-up, so a bad
 * URL stops the start; problems never repeat the password.
 */

/** How a plain `smtp://` connection treats STARTTLS. */
export type StartTls = "required" | "optional" | "never";

/** A parsed SMTP URL. */
export interface SmtpSettings {
  /** Implicit TLS from the first byte (`smtps://`). */
  secure: boolean;
  host: string;
  port: number;
  /** Only with `smtp://`: upgrade when offered (`optional`), insist (`required`), or stay plain (`never`). */
  startTls: StartTls;
  auth?: { user: string; pass: string };
}

const START_TLS: readonly string[] = ["required", "optional", "never"];

/** A loopback host, where a plain connection cannot be read by anyone else. */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "[::1]" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Parses `smtp[s]://[user[:password]@]host[:port][?starttls=required|optional|never]`.
 * `smtps://` is implicit TLS (port 465); `smtp://` defaults to port 587 and upgrades with STARTTLS
 * when the server offers it. With credentials to a host off loopback STARTTLS is required (a
 * server that stopped offering it, or a man in the middle who strips it, must not get the
 * password in clear), and `optional` or `never` there is refused.
 *
 * @example
 * ```ts
 * parseSmtpUrl("smtp://mailer:s3cret@smtp.example.com"); // port 587, STARTTLS required, AUTH as mailer
 * ```
 */
export function parseSmtpUrl(text: string): SmtpSettings {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // Not the text itself: it may hold a password.
    throw new TypeError("must be a URL like smtp://user:password@host:587 or smtps://host:465");
  }
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:")
    throw new TypeError(`must start with smtp:// or smtps://, got ${url.protocol}//`);
  if (url.hostname === "") throw new TypeError("must name a host");
  if (url.pathname !== "" && url.pathname !== "/") throw new TypeError("must have no path");
  if (url.hash !== "") throw new TypeError("must have no fragment");
  const secure = url.protocol === "smtps:";
  const port = url.port === "" ? (secure ? 465 : 587) : Number(url.port);
  const auth =
    url.username === ""
      ? undefined
      : { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) };
  if (auth !== undefined && auth.pass === "") throw new TypeError("has a user but no password");

  let startTls: StartTls | undefined;
  for (const [name, value] of url.searchParams) {
    if (name !== "starttls")
      throw new TypeError(`has an unknown option ${JSON.stringify(name)} (only starttls)`);
    if (!START_TLS.includes(value)) throw new TypeError("starttls must be required, optional or never");
    if (secure) throw new TypeError("starttls applies to smtp:// only (smtps:// is TLS from the start)");
    startTls = value as StartTls;
  }
  const guarded = auth !== undefined && !isLoopback(url.hostname);
  if (guarded && startTls !== undefined && startTls !== "required") {
    throw new TypeError(
      `starttls=${startTls} would send the password unencrypted to ${url.hostname}: use smtps:// or starttls=required`,
    );
  }
  startTls ??= guarded ? "required" : "optional";
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  return { secure, host, port, startTls, ...(auth === undefined ? {} : { auth }) };
}

// `addr@host` or `Display Name <addr@host>`, on one line.
const FROM = /^(?:([^\r\n<>]*)<([^\s@<>,;"]+@[^\s@<>,;"]+)>|([^\s@<>,;"]+@[^\s@<>,;"]+))$/;

/**
 * Checks the From address (`COGNATE_SMTP_FROM`): one address, with or without a display name.
 * The name is kept apart from the address so that it is quoted in the header, not parsed as one.
 */
export function parseFromAddress(text: string): { name: string; address: string } {
  const match = FROM.exec(text.trim());
  if (match === null)
    throw new TypeError("must be one address like no-reply@example.com or Example <no-reply@example.com>");
  return { name: (match[1] ?? "").trim().replace(/^"(.*)"$/, "$1"), address: (match[2] ?? match[3])! };
}

/** The URL for banners and errors: scheme, host and port, never the credentials. */
export function describeSmtp(settings: SmtpSettings): string {
  const host = settings.host.includes(":") ? `[${settings.host}]` : settings.host;
  const tls = settings.secure ? "TLS" : `STARTTLS ${settings.startTls}`;
  return `${settings.secure ? "smtps" : "smtp"}://${host}:${settings.port} (${tls}${settings.auth ? ", AUTH" : ""})`;
}
