import type { ResolvedRoute } from "./routes.js";

const ORIGIN_ONLY = /^https?:\/\/[^/]*$/;

/**
 * The URL a request is forwarded to: the upstream's origin and path, then the request's path
 * (less `stripPrefix`, removed only at a `/` boundary), then the request's query string.
 *
 * The request's path is appended as text, still percent-encoded as received, never resolved
 * against the upstream as a relative reference: `//other.example/x` stays a path on the upstream.
 *
 * @example
 * ```ts
 * upstreamUrl({ upstream: "http://127.0.0.1:8080/base", stripPrefix: "/orders" }, "https://gw.example/orders/7?x=1");
 * // "http://127.0.0.1:8080/base/7?x=1"
 * ```
 */
export function upstreamUrl(route: Pick<ResolvedRoute, "upstream" | "stripPrefix">, requestUrl: string | URL): string {
  const url = typeof requestUrl === "string" ? new URL(requestUrl) : requestUrl;
  let path = url.pathname;
  const prefix = route.stripPrefix;
  if (prefix !== undefined && path.startsWith(prefix) && (path.length === prefix.length || path[prefix.length] === "/")) {
    path = path.slice(prefix.length);
  }
  // A resolved upstream has no trailing slash and `path` is empty or starts with one: no "//" at the seam.
  const joined = route.upstream + path;
  return (ORIGIN_ONLY.test(joined) ? `${joined}/` : joined) + url.search;
}
