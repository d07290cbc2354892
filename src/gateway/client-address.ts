/**
 * The client's address as the gateway reports it (`aws:SourceIp`, the user pools' threat
 * protection, the signature throttle): the connection's peer, or, when the peer is a trusted
 * proxy, the address that proxy says it received the request from.
 */
import type { GetConnInfo } from "hono/conninfo";
import type { MiddlewareHandler } from "hono";
import type { AddressSet } from "../user-pool/risk/risky-addresses.js";
import { LOCATION_HEADERS } from "../util/location-headers.js";

/**
 * A `GetConnInfo` whose address is the client's: for a request from a trusted proxy, the nearest
 * `X-Forwarded-For` entry that is not itself a trusted proxy, read right to left (a client can
 * put anything at the left of the list, never at its right, which the proxies append); the
 * leftmost when every entry is a proxy; the peer when the header is absent. An entry that cannot
 * be read is returned as it is, so threat protection treats it as the riskiest case rather than
 * skip it and reach an address the client wrote.
 *
 * @example
 * ```ts
 * const client = clientConnInfo(getConnInfo, addressSet("10.0.0.0/8"));
 * // peer 10.0.0.2, X-Forwarded-For "6.6.6.6, 203.0.113.7, 10.0.0.9" -> 203.0.113.7
 * ```
 */
export function clientConnInfo(getConnInfo: GetConnInfo, trusted: AddressSet): GetConnInfo {
  return (c) => {
    const info = getConnInfo(c);
    if (!trusted.has(info.remote.address)) return info;
    const chain = (c.req.header("x-forwarded-for") ?? "")
      .split(",")
      .map((entry) => entry.trim())
      .filter((entry) => entry !== "");
    if (chain.length === 0) return info;
    let address = chain[0]!;
    for (let i = chain.length - 1; i >= 0; i--) {
      if (!trusted.has(chain[i])) {
        address = chain[i]!;
        break;
      }
    }
    return { ...info, remote: { ...info.remote, address } };
  };
}

/**
 * Refuses (403) every request whose connection does not come from a trusted proxy: for a server
 * meant to be reached only through them (a Node origin behind Cloudflare, with Cloudflare's
 * published ranges as `trustedProxies`), so no one can go around the proxy and write the
 * forwarded headers it would have overwritten.
 */
export function onlyFromTrustedProxies(getConnInfo: GetConnInfo, trusted: AddressSet): MiddlewareHandler {
  return async function trustedProxiesOnly(c, next) {
    let address: string | undefined;
    try {
      address = getConnInfo(c).remote.address;
    } catch {
      address = undefined;
    }
    if (!trusted.has(address)) return c.json({ message: "Forbidden" }, 403);
    await next();
  };
}

/**
 * The request without Cloudflare's visitor-location headers, unless `trusted`: only a trusted
 * proxy (Cloudflare, when its ranges are `trustedProxies`) may say where a client is. A signed
 * request is left whole (its signature may cover them; location comes from ContextData there).
 */
export function withoutLocation(request: Request, trusted: boolean): Request {
  if (trusted || !LOCATION_HEADERS.some((name) => request.headers.has(name))) return request;
  if (request.headers.has("authorization") || new URL(request.url).searchParams.has("X-Amz-Signature"))
    return request;
  const headers = new Headers(request.headers);
  for (const name of LOCATION_HEADERS) headers.delete(name);
  return new Request(request, { headers });
}
