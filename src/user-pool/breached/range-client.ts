import { countInRange, RangeProtocolError, sha1Hex, splitHash } from "./range-protocol.js";
import { readBodyLimited } from "../../util/body.js";

/**
 * A client for a k-anonymity range API of the Pwned Passwords kind. Only five hex digits of the
 * password's SHA-1 leave the process. Every request is bounded in time and in answer size.
 */

/**
 * What a failed lookup (unreachable, too slow, 5xx, oversize or malformed answer) counts as.
 * `"open"`: not breached, the password is accepted. `"closed"`: breached, it is refused.
 */
export type FailMode = "open" | "closed";

export interface RangeOptions {
  /** The API's base URL, e.g. `https://api.pwnedpasswords.com`; requests go to `{url}/range/{prefix}`. */
  readonly url: string;
  /**
   * Default `"open"`: signing up, changing or resetting a password must not depend on a third
   * party being up, and the shipped list still catches the most common breached passwords.
   * Choose `"closed"` where refusing a password during an outage is the lesser harm.
   */
  readonly failMode?: FailMode;
  /** Milliseconds for the whole lookup, answer included. Default 2,000. */
  readonly timeoutMs?: number;
  /** Largest answer read, in bytes after decoding. Default 256 KiB (real answers are ~40 KB). */
  readonly maxResponseBytes?: number;
  /** Seen at least this often counts as breached. Default 1. */
  readonly minimumCount?: number;
  /** Injected transport; defaults to the global `fetch`. */
  readonly fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** Told why a lookup failed (for logs and metrics); the answer then follows `failMode`. */
  readonly onUnavailable?: (error: RangeUnavailableError) => void;
}

export type UnavailableReason = "timeout" | "network" | "status" | "oversize" | "protocol";

export class RangeUnavailableError extends Error {
  override readonly name = "RangeUnavailableError";
  constructor(
    readonly reason: UnavailableReason,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

const DEFAULT_TIMEOUT_MS = 2_000;
const DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024;

function baseUrl(url: string): string {
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (!parsed || (parsed.protocol !== "https:" && parsed.protocol !== "http:")) {
    throw new TypeError(`the range API URL must be http(s): ${url}`);
  }
  return url.replace(/\/+$/, "");
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number`);
  return value;
}

async function readLimited(response: Response, limit: number): Promise<string> {
  const body = await readBodyLimited(response, limit);
  if ("tooLarge" in body)
    throw new RangeUnavailableError("oversize", `the range answer exceeds ${limit} bytes`);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch (cause) {
    throw new RangeProtocolError("the range answer is not UTF-8", { cause });
  }
}

async function lookup(
  url: string,
  suffix: string,
  limit: number,
  options: RangeOptions,
  signal: AbortSignal,
): Promise<number> {
  const send = options.fetch ?? ((input: string, init: RequestInit) => fetch(input, init));
  const response = await send(url, { method: "GET", headers: { "add-padding": "true" }, signal });
  if (response.status !== 200) {
    void response.body?.cancel().catch(() => {});
    throw new RangeUnavailableError("status", `the range API answered ${response.status}`);
  }
  return countInRange(await readLimited(response, limit), suffix);
}

function unavailable(error: unknown): RangeUnavailableError {
  if (error instanceof RangeUnavailableError) return error;
  if (error instanceof RangeProtocolError)
    return new RangeUnavailableError("protocol", error.message, { cause: error });
  return new RangeUnavailableError("network", "the range API could not be reached", { cause: error });
}

/**
 * How often the range API has seen `password`: 0 when never (or only as padding). Throws
 * `RangeUnavailableError` when no trustworthy answer came in time; a bad `options` throws a
 * `TypeError` or `RangeError` instead, whatever the fail mode.
 */
export async function rangeCount(password: string, options: RangeOptions): Promise<number> {
  const base = baseUrl(options.url);
  const timeoutMs = positive(options.timeoutMs, DEFAULT_TIMEOUT_MS, "timeoutMs");
  const limit = positive(options.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES, "maxResponseBytes");
  const { prefix, suffix } = splitHash(await sha1Hex(password));
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Raced, not only passed to fetch: an injected fetch may ignore the signal, and a server may
  // send its headers at once and then stall the body.
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new RangeUnavailableError(
        "timeout",
        `the range API did not answer within ${timeoutMs} ms`,
      );
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  try {
    return await Promise.race([
      lookup(`${base}/range/${prefix}`, suffix, limit, options, controller.signal),
      deadline,
    ]);
  } catch (error) {
    throw unavailable(error);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether the range API counts `password` as breached; a failed lookup follows `failMode`. */
export async function isInRange(password: string, options: RangeOptions): Promise<boolean> {
  const minimum = positive(options.minimumCount, 1, "minimumCount");
  const failMode = options.failMode ?? "open";
  if (failMode !== "open" && failMode !== "closed")
    throw new TypeError(`failMode must be "open" or "closed"`);
  try {
    return (await rangeCount(password, options)) >= minimum;
  } catch (error) {
    if (!(error instanceof RangeUnavailableError)) throw error;
    try {
      options.onUnavailable?.(error);
    } catch {
      // A failing logger must not turn a lookup outage into a failed sign-up.
    }
    return failMode === "closed";
  }
}
