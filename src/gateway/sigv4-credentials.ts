/**
 * A SigV4 request's credentials stop at the gateway: the upstream gets the verified caller (see
 * `addIamIdentity`), never the signature or the session token, which would let it (or whoever
 * reads its logs) replay the request, or read the session's facts from the token, while it lasts.
 */

/** The headers that carry SigV4 credentials. */
export const SIGV4_HEADERS = ["authorization", "x-amz-security-token"];

// The presigned form's parameters (any case: smithy hoists headers under their own spelling).
const SIGV4_QUERY = new Set([
  "x-amz-algorithm",
  "x-amz-credential",
  "x-amz-date",
  "x-amz-expires",
  "x-amz-signedheaders",
  "x-amz-security-token",
  "x-amz-signature",
]);

/** Removes {@link SIGV4_HEADERS} from headers bound for the upstream. */
export function withoutSigV4Headers(headers: Headers): void {
  for (const name of SIGV4_HEADERS) headers.delete(name);
}

/**
 * `url` without the presigned form's query parameters (`X-Amz-Signature`, `X-Amz-Credential`,
 * `X-Amz-Security-Token`...); every other parameter is kept as sent, in order, still encoded.
 *
 * @example
 * ```ts
 * withoutPresignedQuery("https://gw.example/a?x=1&X-Amz-Signature=abc&y=%20");
 * // "https://gw.example/a?x=1&y=%20"
 * ```
 */
export function withoutPresignedQuery(url: string): string {
  const at = url.indexOf("?");
  if (at < 0) return url;
  const end = url.indexOf("#", at);
  const query = url.slice(at + 1, end < 0 ? undefined : end);
  const kept = query.split("&").filter((pair) => !SIGV4_QUERY.has(parameterName(pair)));
  return `${url.slice(0, at)}${kept.length === 0 ? "" : `?${kept.join("&")}`}`;
}

function parameterName(pair: string): string {
  const eq = pair.indexOf("=");
  const name = eq < 0 ? pair : pair.slice(0, eq);
  try {
    return decodeURIComponent(name).toLowerCase();
  } catch {
    return name.toLowerCase();
  }
}
