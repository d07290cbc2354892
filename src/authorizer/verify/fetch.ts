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
 * What a URL's host (as `URL.hostname` spells it) names, judged on its literal form:
 * `"loopback"` for this machine (`localhost` and `*.localhost` with or without the final dot,
 * 127.0.0.0/8, 0.0.0.0/8, `[::1]`, `[::]` and their IPv4-mapped or -compatible forms),
 * `"private"` for addresses that are not on the public internet (RFC 1918, link-local, CGNAT,
 * ULA, multicast, reserved and documentation ranges, NAT64/6to4 of those), `"public"` otherwise.
 * A DNS name is `"public"`: it cannot be resolved portably (Workers have no DNS API), so a name
 * that resolves to a private address passes.
 *
 * @example
 * ```ts
 * hostKind(new URL("https://[::ffff:127.0.0.1]/").hostname); // "loopback"
 * hostKind("169.254.169.254"); // "private"
 * ```
 */
export function hostKind(host: string): "loopback" | "private" | "public" {
  const name = host.toLowerCase().replace(/\.$/, "");
  if (name === "localhost" || name.endsWith(".localhost")) return "loopback";
  if (name.startsWith("[") && name.endsWith("]")) {
    const groups = ipv6Groups(name.slice(1, -1));
    return groups === null ? "private" : ipv6Kind(groups);
  }
  const octets = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(name);
  if (octets === null) return "public";
  const [a, b, c, d] = octets.slice(1).map(Number) as [number, number, number, number];
  return ipv4Kind(((a << 24) | (b << 16) | (c << 8) | d) >>> 0);
}

/** [first address, prefix length, kind] of the IPv4 ranges that are not public. */
const IPV4_RANGES: ReadonlyArray<readonly [number, number, "loopback" | "private"]> = [
  [0x00000000, 8, "loopback"], // 0.0.0.0/8 "this network": Linux connects 0.0.0.0 to itself
  [0x7f000000, 8, "loopback"],
  [0x0a000000, 8, "private"],
  [0x64400000, 10, "private"], // 100.64/10 CGNAT
  [0xa9fe0000, 16, "private"], // link-local, cloud metadata
  [0xac100000, 12, "private"],
  [0xc0000000, 24, "private"], // IETF protocol assignments
  [0xc0000200, 24, "private"], // TEST-NET-1
  [0xc0a80000, 16, "private"],
  [0xc6120000, 15, "private"], // benchmarking
  [0xc6336400, 24, "private"], // TEST-NET-2
  [0xcb007100, 24, "private"], // TEST-NET-3
  [0xe0000000, 4, "private"], // multicast
  [0xf0000000, 4, "private"], // reserved, broadcast
];

function ipv4Kind(address: number): "loopback" | "private" | "public" {
  for (const [first, bits, kind] of IPV4_RANGES)
    if (address >>> (32 - bits) === first >>> (32 - bits)) return kind;
  return "public";
}

/** The eight 16-bit groups of a serialised IPv6 address (`URL` writes no dotted tail, but accept one). */
function ipv6Groups(text: string): number[] | null {
  let body = text;
  const dotted = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(body);
  if (dotted !== null) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    body = `${body.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = body.split("::");
  if (halves.length > 2) return null;
  const part = (s: string) =>
    s === "" ? [] : s.split(":").map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN));
  const head = part(halves[0]!);
  const tail = halves.length === 2 ? part(halves[1]!) : [];
  const fill = 8 - head.length - tail.length;
  if (fill < 0 || (halves.length === 1 && fill !== 0)) return null;
  const groups = [...head, ...new Array<number>(fill).fill(0), ...tail];
  return groups.some(Number.isNaN) ? null : groups;
}

function ipv6Kind(g: number[]): "loopback" | "private" | "public" {
  const v4 = (hi: number, lo: number) => ipv4Kind(((hi << 16) | lo) >>> 0);
  const zeros = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeros(7) && (g[7] === 0 || g[7] === 1)) return "loopback"; // :: and ::1
  if (zeros(5) && g[5] === 0xffff) return v4(g[6]!, g[7]!); // IPv4-mapped
  if (zeros(6)) return v4(g[6]!, g[7]!); // IPv4-compatible (deprecated)
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) {
    const kind = v4(g[6]!, g[7]!); // NAT64
    return kind === "public" ? "public" : "private";
  }
  if (g[0] === 0x2002) return v4(g[1]!, g[2]!) === "public" ? "public" : "private"; // 6to4
  const first = g[0]!;
  if ((first & 0xfe00) === 0xfc00) return "private"; // fc00::/7 unique local
  if ((first & 0xffc0) === 0xfe80 || (first & 0xffc0) === 0xfec0) return "private"; // link-, site-local
  if ((first & 0xff00) === 0xff00) return "private"; // multicast
  if (first === 0x2001 && g[1] === 0x0db8) return "private"; // documentation
  if (first === 0x0100 && g.slice(1, 4).every((x) => x === 0)) return "private"; // discard
  return "public";
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
