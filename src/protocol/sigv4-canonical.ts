/**
 * The SigV4 canonical request, built from what arrived on the wire exactly as
 * `@smithy/signature-v4` builds it on the sending side (non-S3 services: paths escaped twice).
 */

/** The payload hash of an empty body. */
export const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

// RFC 3986's unreserved characters: what escaping leaves as it is. A presigned request's session
// token (1 to 8 KB of base64url) is all of them, and is escaped on every request.
const UNRESERVED = /^[A-Za-z0-9\-._~]*$/;

/**
 * RFC 3986 escaping as the AWS signers do it: `encodeURIComponent` plus `!'()*`.
 *
 * @example
 * ```ts
 * escapeUri("us-east-1:a b(c)"); // "us-east-1%3Aa%20b%28c%29"
 * ```
 */
export function escapeUri(value: string): string {
  if (UNRESERVED.test(value)) return value;
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * The canonical URI of a raw, still percent-encoded wire path: empty and `.` segments dropped,
 * `..` resolved, then every segment escaped again, so `%3A` is signed as `%253A`.
 *
 * @example
 * ```ts
 * canonicalUri(new URL(request.url).pathname);
 * canonicalUri("/identitypools/us-east-1%3Aabc"); // "/identitypools/us-east-1%253Aabc"
 * ```
 */
export function canonicalUri(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  const leading = rawPath.startsWith("/") ? "/" : "";
  const trailing = segments.length > 0 && rawPath.endsWith("/") ? "/" : "";
  return escapeUri(`${leading}${segments.join("/")}${trailing}`).replace(/%2F/g, "/");
}

/** One query parameter, percent-decoded; `value` is null for a bare `?key`. */
export type QueryParam = readonly [key: string, value: string | null];

// A malformed escape is kept as sent: it re-escapes to something no signer produced, so it fails.
function decode(text: string): string {
  // Only escapes change: a text without one (a session token) is its own decoding.
  if (!text.includes("%")) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Splits a raw query string (`url.search`, with or without its `?`) into decoded pairs, in order.
 * `+` stays a plus: AWS signers always send a space as `%20`.
 *
 * @example
 * ```ts
 * parseQuery("?a=1&b=x%2By&c"); // [["a", "1"], ["b", "x+y"], ["c", null]]
 * ```
 */
export function parseQuery(rawSearch: string): QueryParam[] {
  const text = rawSearch.startsWith("?") ? rawSearch.slice(1) : rawSearch;
  const params: QueryParam[] = [];
  for (const piece of text.split("&")) {
    if (piece === "") continue;
    const eq = piece.indexOf("=");
    params.push(eq < 0 ? [decode(piece), null] : [decode(piece.slice(0, eq)), decode(piece.slice(eq + 1))]);
  }
  return params;
}

/**
 * The canonical query: pairs `escape(key)=escape(value)` sorted by key, then by pair for repeated
 * keys, joined by `&`, without `X-Amz-Signature`.
 *
 * A bare `?key` is signed as `key=` (the AWS specification, botocore), so no parameter can be
 * added to a signed URL unnoticed; smithy would leave it out of the canonical query.
 *
 * @example
 * ```ts
 * canonicalQuery(parseQuery("?b=2&a=y&a=x")); // "a=x&a=y&b=2"
 * ```
 */
export function canonicalQuery(params: readonly QueryParam[]): string {
  const byKey = new Map<string, string[]>();
  for (const [key, value] of params) {
    if (key.toLowerCase() === "x-amz-signature") continue;
    const escaped = escapeUri(key);
    const pairs = byKey.get(escaped) ?? [];
    pairs.push(`${escaped}=${escapeUri(value ?? "")}`);
    byKey.set(escaped, pairs);
  }
  return [...byKey.keys()]
    .sort()
    .map((key) => byKey.get(key)!.sort().join("&"))
    .join("&");
}

// What canonicalHeaderValue changes: a line break or tab, two spaces in a row, a space at an end.
const NOT_CANONICAL = /[\r\n\t]| {2}|^ | $/;

/**
 * A header value as signed: line breaks become spaces, runs of spaces and tabs collapse, and the
 * ends are trimmed.
 *
 * @example
 * ```ts
 * canonicalHeaderValue("  a \t  b  "); // "a b"
 * ```
 */
export function canonicalHeaderValue(value: string): string {
  // Most values are canonical as sent: one scan instead of three rewrites (a session token is
  // 1 to 8 KB, and every request signs one).
  if (!NOT_CANONICAL.test(value)) return value;
  return value
    .replace(/[\r\n]/g, " ")
    .replace(/[ \t]+/g, " ")
    .replace(/^ | $/g, "");
}

export interface CanonicalRequestParts {
  method: string;
  /** From {@link canonicalUri}. */
  uri: string;
  /** From {@link canonicalQuery}. */
  query: string;
  /** The signed headers in `SignedHeaders` order, lower-case names and raw values. */
  headers: readonly (readonly [name: string, value: string])[];
  payloadHash: string;
}

/**
 * The canonical request: method, URI, query, one `name:value` line per signed header, a blank
 * line, the signed header names joined by `;`, and the payload hash.
 *
 * @example
 * ```ts
 * canonicalRequest({ method: "GET", uri: "/", query: "", headers: [["host", "example.amazonaws.com"]], payloadHash: EMPTY_SHA256 });
 * // "GET\n/\n\nhost:example.amazonaws.com\n\nhost\ne3b0c442..."
 * ```
 */
export function canonicalRequest(parts: CanonicalRequestParts): string {
  const lines = parts.headers.map(([name, value]) => `${name}:${canonicalHeaderValue(value)}\n`).join("");
  const names = parts.headers.map(([name]) => name).join(";");
  return `${parts.method}\n${parts.uri}\n${parts.query}\n${lines}\n${names}\n${parts.payloadHash}`;
}

/**
 * The string to sign: algorithm, request time, credential scope and the hex SHA-256 of the
 * canonical request.
 */
export function stringToSign(amzDate: string, scope: string, canonicalRequestHash: string): string {
  return `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${canonicalRequestHash}`;
}

/**
 * Parses an ISO 8601 basic timestamp (`YYYYMMDDTHHMMSSZ`) to epoch milliseconds, or undefined.
 *
 * @example
 * ```ts
 * parseAmzDate("20150830T123600Z"); // 1440938160000
 * ```
 */
export function parseAmzDate(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!];
  const ms = Date.UTC(year, month, day, hour, minute, second);
  // Date.UTC rolls 20150231 over into March (and 24:00 into the next day), and reads years 0-99
  // as 1900-1999: a text whose fields do not come back as written names no real instant.
  const date = new Date(ms);
  return date.getUTCFullYear() === year &&
    date.getUTCMonth() === month &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second
    ? ms
    : undefined;
}

/**
 * Formats epoch milliseconds as an ISO 8601 basic timestamp (`YYYYMMDDTHHMMSSZ`).
 *
 * @example
 * ```ts
 * formatAmzDate(1440938160000); // "20150830T123600Z"
 * ```
 */
export function formatAmzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
}
