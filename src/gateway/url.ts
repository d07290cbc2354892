import type { ResolvedRoute } from "./routes.js";

const ORIGIN_ONLY = /^https?:\/\/[^/]*$/;

/**
 * The URL a request is forwarded to: the upstream's origin and path, then the request's path
 * (less `stripPrefix`, removed only at a `/` boundary), then the request's query string.
 *
 * The request's path is appended as text, still percent-encoded as received, never resolved
 * against the upstream as a relative reference: `//other.example/x` stays a path on the upstream.
 * The prefix is compared segment by segment on the decoded path, as routes are matched (so
 * `/%6Frders/7` loses `/orders` too), and without regard to case when `caseInsensitive`.
 *
 * @example
 * ```ts
 * upstreamUrl({ upstream: "http://127.0.0.1:8080/base", stripPrefix: "/orders" }, "https://gw.example/orders/7?x=1");
 * // "http://127.0.0.1:8080/base/7?x=1"
 * ```
 */
export function upstreamUrl(
  route: Pick<ResolvedRoute, "upstream" | "stripPrefix">,
  requestUrl: string | URL,
  options: { caseInsensitive?: boolean } = {},
): string {
  const url = typeof requestUrl === "string" ? new URL(requestUrl) : requestUrl;
  let path = url.pathname;
  const prefix = route.stripPrefix;
  if (prefix !== undefined) {
    const same = options.caseInsensitive
      ? (a: string, b: string) => a.toLowerCase() === b.toLowerCase()
      : (a: string, b: string) => a === b;
    const want = prefix.split("/");
    const have = path.split("/");
    // Encoded slashes are refused before any route, so raw and decoded segments correspond.
    if (have.length >= want.length && want.every((segment, i) => same(decoded(have[i]!), decoded(segment)))) {
      path = have.length === want.length ? "" : `/${have.slice(want.length).join("/")}`;
    }
  }
  // A resolved upstream has no trailing slash and `path` is empty or starts with one: no "//" at the seam.
  const joined = route.upstream + path;
  return (ORIGIN_ONLY.test(joined) ? `${joined}/` : joined) + url.search;
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
