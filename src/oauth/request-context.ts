/**
 * The request as the sign-in pipeline sees an API call's (`RequestContext`): its headers, URL,
 * the client's address (after trusted proxies) and arrival, for threat protection and the auth
 * events, and for the operations the pages call (operation-call.ts). Location headers
 * (`CF-IPCountry`, `CF-IPLatitude`, ...) are believed only from a trusted proxy, as for the API
 * (gateway/client-address.ts `withoutLocation`).
 */
import type { Context } from "hono";
import type { RequestContext } from "../protocol/json/index.js";
import { withoutLocationHeaders } from "../util/location-headers.js";
import type { Hosted } from "./hosted.js";

/** The hosted page's request for the pipeline. */
export function requestContext(c: Context, hosted: Hosted): RequestContext {
  let sourceIp: string | undefined;
  try {
    sourceIp = hosted.options.getConnInfo?.(c).remote.address;
  } catch {
    sourceIp = undefined; // the runtime could not tell
  }
  const headers = hosted.options.fromTrustedProxy(c)
    ? c.req.raw.headers
    : withoutLocationHeaders(c.req.raw.headers);
  return {
    headers,
    url: c.req.url,
    sourceIp,
    receivedAt: hosted.ctx.now(),
    cf: (c.req.raw as { cf?: Record<string, unknown> }).cf,
  };
}
