/**
 * The request as the sign-in pipeline sees an API call's (`RequestContext`): its headers, URL,
 * the client's address (after trusted proxies) and arrival, for threat protection and the auth
 * events. Location headers (`CF-IPCountry`, `CF-IPLatitude`, ...) are believed only from a
 * trusted proxy, as for the API (gateway/client-address.ts `withoutLocation`).
 */
import type { Context } from "hono";
import type { RequestContext } from "../protocol/json/index.js";
import type { Hosted } from "./hosted.js";

/** The hosted page's request for the pipeline. */
export function requestContext(c: Context, hosted: Hosted): RequestContext {
  let sourceIp: string | undefined;
  try {
    sourceIp = hosted.options.getConnInfo?.(c).remote.address;
  } catch {
    sourceIp = undefined; // the runtime could not tell
  }
  let headers = c.req.raw.headers;
  if (!hosted.options.fromTrustedProxy(c)) {
    const located = [...headers.keys()].filter((name) => name.toLowerCase().startsWith("cf-ip"));
    if (located.length > 0) {
      headers = new Headers(headers);
      for (const name of located) headers.delete(name);
    }
  }
  return {
    headers,
    url: c.req.url,
    sourceIp,
    receivedAt: hosted.ctx.now(),
    cf: (c.req.raw as { cf?: Record<string, unknown> }).cf,
  };
}
