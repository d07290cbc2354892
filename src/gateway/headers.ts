/**
 * Header rules of a forwarding proxy, as `hono/proxy` applies them (RFC 9110 §7.6.1): hop-by-hop
 * headers describe one connection and never cross the gateway, in either direction.
 */

import { SCHEME_HEADERS, type Scheme } from "./transport.js";

/** Hop-by-hop headers, dropped both ways, with any header the `Connection` header names. */
export const HOP_BY_HOP = [
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
];

const TOKEN = /^[!#$%&'*+\-.0-9A-Z^_`a-z|~]+$/;

/**
 * A copy of `headers` without the hop-by-hop ones: the fixed list, and each header that
 * `Connection` names (names that are not HTTP tokens are ignored).
 *
 * @example
 * ```ts
 * withoutHopByHop(new Headers({ connection: "close, x-trace", "x-trace": "1", accept: "text/plain" }));
 * // Headers { accept: "text/plain" }
 * ```
 */
export function withoutHopByHop(headers: Headers): Headers {
  const copy = new Headers(headers);
  for (const name of (copy.get("connection") ?? "").split(",")) {
    const token = name.trim();
    if (TOKEN.test(token)) copy.delete(token);
  }
  for (const name of HOP_BY_HOP) copy.delete(name);
  return copy;
}

/**
 * Headers by which a proxy names the client or the public face of the request. Only a trusted
 * proxy's pass on: from anyone else they are the client's own words, and an upstream that reads
 * one (Express's `trust proxy`, a framework's real-IP middleware) would take them for the proxy's.
 */
export const CLIENT_HEADERS = [
  "x-real-ip",
  "cf-connecting-ip",
  "true-client-ip",
  "x-client-ip",
  "x-cluster-client-ip",
  "fastly-client-ip",
  "x-forwarded-host",
  "x-forwarded-port",
  "x-forwarded-prefix",
  "x-forwarded-server",
  "x-forwarded-by",
];

/**
 * Headers that make an upstream serve another method or path than the one the gateway routed and
 * authorized (IIS URL Rewrite's `X-Original-URL`, method-override middleware): never passed on,
 * whoever sent them.
 */
export const REROUTING_HEADERS = [
  "x-original-url",
  "x-rewrite-url",
  "x-original-uri",
  "x-http-method-override",
  "x-http-method",
  "x-method-override",
];

/** How the client reached the gateway, for `X-Forwarded-*`. */
export interface ClientFacts {
  /** The client's address, when the runtime can tell. */
  address: string | undefined;
  /** The scheme the client used (see `requestTransport`), never the request URL's: a client writes that one. */
  scheme: Scheme;
  /** The request came from a trusted proxy, whose headers naming the scheme may pass on. Default `false`. */
  trustedProxy?: boolean;
}

/**
 * The headers sent upstream: the client's, less hop-by-hop ones, `Host` (fetch sets the
 * upstream's) and `Accept-Encoding` (the runtime's fetch asks for what it can decode, as in
 * `hono/proxy`), plus `X-Forwarded-For` (the client's address appended), `X-Forwarded-Proto`
 * and `X-Forwarded-Host`. Unless the request came from a trusted proxy, the client's own
 * `X-Forwarded-For`, the other headers that name the scheme (`Forwarded`, `X-Forwarded-Ssl`, ...)
 * and those that name the client ({@link CLIENT_HEADERS}) are dropped: an upstream that reads one
 * must not learn them from the client. {@link REROUTING_HEADERS} are dropped always.
 *
 * @example
 * ```ts
 * const headers = upstreamRequestHeaders(c.req.raw, { address: "203.0.113.9", scheme: "https" });
 * headers.get("x-forwarded-for"); // "203.0.113.9"
 * ```
 */
export function upstreamRequestHeaders(request: Request, client: ClientFacts): Headers {
  const headers = withoutHopByHop(request.headers);
  const url = new URL(request.url);
  headers.delete("host");
  headers.delete("accept-encoding");
  for (const name of REROUTING_HEADERS) headers.delete(name);
  // A client's own X-Forwarded-For is dropped too: left of the peer, an upstream that trusts the
  // gateway would read the client's words as the gateway's.
  if (!client.trustedProxy)
    for (const name of [...SCHEME_HEADERS, ...CLIENT_HEADERS, "x-forwarded-for"]) headers.delete(name);
  const prior = headers.get("x-forwarded-for");
  if (client.address) headers.set("x-forwarded-for", prior ? `${prior}, ${client.address}` : client.address);
  headers.set("x-forwarded-proto", client.scheme);
  headers.set("x-forwarded-host", request.headers.get("host") ?? url.host);
  return headers;
}

/**
 * The upstream's response headers as the client gets them: less hop-by-hop ones; and, since the
 * runtime's fetch has already decoded a compressed body, less `Content-Encoding` and the
 * `Content-Length` of the encoded body.
 */
export function clientResponseHeaders(upstream: Headers): Headers {
  const headers = withoutHopByHop(upstream);
  if (headers.has("content-encoding")) {
    headers.delete("content-encoding");
    headers.delete("content-length");
  }
  return headers;
}
