import { readBodyLimited } from "../../util/body.js";
import { JwksUnavailableError } from "./errors.js";

/** How keys and discovery documents are fetched. */
export interface FetchPolicy {
  fetch: typeof fetch;
  /** Abort a fetch (headers and body) after this many milliseconds. */
  timeoutMs: number;
  /** Refuse a response body larger than this. */
  maxBytes: number;
}

export interface FetchedJson {
  json: unknown;
  /** Freshness from `Cache-Control: max-age` less `Age`; undefined when the response says nothing. */
  maxAgeMs: number | undefined;
  /** `Cache-Control: stale-if-error` (RFC 5861): how long stale keys may serve while refetches fail. */
  staleIfErrorMs: number;
}

/**
 * Whether cognate may fetch from `url`: https anywhere, http only to loopback (a local cognate,
 * tests). Only configured URLs and discovery's `jwks_uri` are ever fetched, never a URL a token
 * names (`iss`, `jku`, `x5u`).
 */
export function fetchableUrl(url: string): URL | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.username || parsed.password || parsed.hash) return null;
  if (parsed.protocol === "https:") return parsed;
  return parsed.protocol === "http:" && isLoopback(parsed.hostname) ? parsed : null;
}

/** Whether a URL's host is this machine: `localhost`, 127.0.0.0/8 or [::1]. */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * GETs JSON within the policy's time and size bounds; every failure is a `JwksUnavailableError`.
 * The deadline does not rely on the fetch honouring its abort signal: it settles regardless.
 */
export async function fetchJson(
  url: string,
  policy: FetchPolicy,
  headers?: Record<string, string>,
): Promise<FetchedJson> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new JwksUnavailableError(url, `${url} timed out after ${policy.timeoutMs} ms`));
    }, policy.timeoutMs);
  });
  try {
    return await Promise.race([exchange(url, policy, controller.signal, headers), deadline]);
  } catch (error) {
    if (error instanceof JwksUnavailableError) throw error;
    throw new JwksUnavailableError(url, `${url} could not be fetched`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

async function exchange(
  url: string,
  policy: FetchPolicy,
  signal: AbortSignal,
  headers?: Record<string, string>,
): Promise<FetchedJson> {
  const response = await policy.fetch(url, {
    headers: { accept: "application/json", ...headers },
    // Not "error": workerd supports only "follow" and "manual". A 3xx is refused below like any non-200.
    redirect: "manual",
    signal,
  });
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new JwksUnavailableError(url, `${url} answered HTTP ${response.status}`);
  }
  const text = await readBounded(response, policy.maxBytes, url);
  try {
    return { json: JSON.parse(text), ...freshness(response.headers) };
  } catch (cause) {
    throw new JwksUnavailableError(url, `${url} did not return JSON`, { cause });
  }
}

async function readBounded(response: Response, maxBytes: number, url: string): Promise<string> {
  const body = await readBodyLimited(response, maxBytes);
  if ("tooLarge" in body) throw new JwksUnavailableError(url, `${url} returned more than ${maxBytes} bytes`);
  return new TextDecoder().decode(body);
}

function freshness(headers: Headers): Pick<FetchedJson, "maxAgeMs" | "staleIfErrorMs"> {
  const directives = new Map<string, string>();
  for (const part of (headers.get("cache-control") ?? "").split(",")) {
    const [name, value = ""] = part.trim().toLowerCase().split("=", 2);
    if (name) directives.set(name, value.replace(/^"|"$/g, ""));
  }
  const seconds = (name: string) => {
    const n = Number(directives.get(name));
    return directives.has(name) && Number.isInteger(n) && n >= 0 ? n : undefined;
  };
  // An invalid Age (negative, fractional, junk) counts as 0: it may never make a response fresher.
  const ageValue = Number(headers.get("age") ?? 0);
  const age = Number.isInteger(ageValue) && ageValue > 0 ? ageValue : 0;
  let maxAge = seconds("max-age");
  if (directives.has("no-store") || directives.has("no-cache")) maxAge = 0;
  return {
    maxAgeMs: maxAge === undefined ? undefined : Math.max(0, maxAge - age) * 1000,
    staleIfErrorMs: (seconds("stale-if-error") ?? 0) * 1000,
  };
}
