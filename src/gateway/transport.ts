/**
 * How a request reached the gateway: over TLS or not. The scheme is the connection's, as the
 * runtime reports it; a forwarded header (`X-Forwarded-Proto`, `Forwarded: proto=`) counts only
 * when the connection comes from a configured trusted proxy. Whatever a client writes itself
 * (an absolute-form request line, a forwarded header) never makes a plain connection secure.
 */
import type { Context } from "hono";
import type { GetConnInfo } from "hono/conninfo";
import type { AddressSet } from "../user-pool/risk/risky-addresses.js";

/** `"https"` when the request came over TLS. */
export type Scheme = "http" | "https";

/**
 * The scheme of the connection a request came on, from the runtime (as Hono's `getConnInfo`):
 * on Node, TLS on the socket; in workerd, the request's own URL, which Cloudflare sets.
 *
 * @example
 * ```ts
 * const nodeScheme: GetScheme = (c) => (c.env.incoming.socket.encrypted ? "https" : "http");
 * ```
 */
export type GetScheme = (c: Context) => Scheme;

/** Headers by which a proxy (or a client pretending to be one) names the scheme. */
export const SCHEME_HEADERS = [
  "forwarded",
  "x-forwarded-proto",
  "x-forwarded-protocol",
  "x-forwarded-scheme",
  "x-forwarded-ssl",
  "x-url-scheme",
  "front-end-https",
];

/** The runtime facts and the trusted proxies the scheme is read from. */
export interface TransportOptions {
  /** Default: the request URL's scheme (right where the runtime builds the URL from the connection). */
  getScheme?: GetScheme | undefined;
  /** The peer's address, compared with `trustedProxies`. */
  getConnInfo?: GetConnInfo | undefined;
  /** Peers whose forwarded headers are believed. Default: none. */
  trustedProxies?: AddressSet | undefined;
}

/** What the gateway knows of a request's transport. */
export interface Transport {
  /** The scheme the client used, as far as the gateway can know it. */
  scheme(c: Context): Scheme;
  /** Whether the request came from a trusted proxy (whose forwarded headers may pass on). */
  fromTrustedProxy(c: Context): boolean;
}

/**
 * The scheme a trusted proxy names, from the last (the nearest proxy's) value of
 * `X-Forwarded-Proto` and of `Forwarded`'s `proto` (when its last element has one): `https` only
 * when every one of these present says `https`, `http` when one says anything else, `undefined` when there is none.
 * A client can prepend values to a header a proxy appends to, never append after the proxy's own;
 * and a proxy that sets one header may pass on the other as the client wrote it: both must agree.
 *
 * @example
 * ```ts
 * forwardedScheme(new Headers({ "x-forwarded-proto": "http, https" })); // "https"
 * forwardedScheme(new Headers({ "x-forwarded-proto": "https", forwarded: "proto=http" })); // "http"
 * ```
 */
export function forwardedScheme(headers: Headers): Scheme | undefined {
  const values: string[] = [];
  const proto = headers.get("x-forwarded-proto");
  if (proto !== null) values.push(proto.split(",").at(-1)!.trim().toLowerCase());
  const forwarded = headers.get("forwarded");
  if (forwarded !== null) {
    // The nearest proxy's element; one without `proto` (a proxy that adds only `for=`) says nothing.
    const last = forwarded.split(",").at(-1)!;
    const pair = last
      .split(";")
      .map((p) => p.trim().split("="))
      .find(([name]) => name?.trim().toLowerCase() === "proto");
    if (pair !== undefined) values.push((pair[1] ?? "").trim().replace(/^"|"$/g, "").toLowerCase());
  }
  if (values.length === 0) return undefined;
  return values.every((v) => v === "https") ? "https" : "http";
}

/**
 * The gateway's view of each request's transport, from the runtime's facts and the trusted
 * proxies: the connection's scheme, unless a trusted proxy says how the client reached it.
 */
export function requestTransport(options: TransportOptions): Transport {
  const { getScheme, getConnInfo, trustedProxies } = options;
  const connection: GetScheme =
    getScheme ?? ((c) => (new URL(c.req.url).protocol === "https:" ? "https" : "http"));
  const fromTrustedProxy = (c: Context): boolean => {
    if (trustedProxies === undefined || trustedProxies.size === 0 || getConnInfo === undefined) return false;
    try {
      return trustedProxies.has(getConnInfo(c).remote.address);
    } catch {
      return false; // the runtime could not tell: not a trusted proxy
    }
  };
  return {
    fromTrustedProxy,
    scheme(c) {
      const own = connection(c);
      return fromTrustedProxy(c) ? (forwardedScheme(c.req.raw.headers) ?? own) : own;
    },
  };
}
