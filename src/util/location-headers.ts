/**
 * Cloudflare's visitor-location headers, as its managed transform adds them in front of an
 * origin. Only a trusted proxy may say where a client is: the API (gateway/client-address.ts
 * `withoutLocation`) and the hosted pages (oauth/request-context.ts) drop them from anyone else.
 */

/** The headers, lower-case. */
export const LOCATION_HEADERS: readonly string[] = [
  "cf-iplatitude",
  "cf-iplongitude",
  "cf-ipcity",
  "cf-ipcountry",
  "cf-region",
  "cf-region-code",
  "cf-postal-code",
  "cf-timezone",
];

/**
 * `headers` without the location headers (the same object when it carries none).
 *
 * @example
 * ```ts
 * const headers = trusted ? request.headers : withoutLocationHeaders(request.headers);
 * ```
 */
export function withoutLocationHeaders(headers: Headers): Headers {
  if (!LOCATION_HEADERS.some((name) => headers.has(name))) return headers;
  const kept = new Headers(headers);
  for (const name of LOCATION_HEADERS) kept.delete(name);
  return kept;
}
