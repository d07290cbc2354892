import type { Context } from "hono";
import { boundedBody } from "./body-limit.js";
import { clientResponseHeaders } from "./headers.js";

/** What one forwarded request needs beyond the client's request. */
export interface ForwardOptions {
  /** The upstream URL (see `upstreamUrl`). */
  url: string;
  /** The headers to send (see `upstreamRequestHeaders`), identity included. */
  headers: Headers;
  /** Larger bodies are answered 413 and not (or not wholly) sent. */
  maxBodyBytes: number;
  /** 504 when the upstream's response headers have not arrived after this long. */
  timeoutMs: number;
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
  /**
   * The request's body, already read (a SigV4 route reads it to check the payload hash): sent
   * instead of the request's own, which is consumed. Not sent for GET and HEAD, as fetch sends none.
   */
  body?: Uint8Array;
}

/**
 * A runtime's way of forwarding one request: {@link forward}'s contract (statuses, headers,
 * limits, streaming), with the request's Hono context for runtime bindings such as
 * `@hono/node-server`'s `c.env.incoming` / `c.env.outgoing`. Handed in as `RuntimeInfo.forward`.
 */
export type Forwarder = (c: Context, request: Request, options: ForwardOptions) => Promise<Response>;

// Statuses whose responses have no body: `new Response(body, ...)` refuses one.
const NULL_BODY = [101, 103, 204, 205, 304];

/** API Gateway's own answers for integration failures, as `{"message": ...}`. */
export const gatewayError = {
  tooLarge: () => Response.json({ message: "Request Entity Too Large" }, { status: 413 }),
  badGateway: () => Response.json({ message: "Bad Gateway" }, { status: 502 }),
  timedOut: () => Response.json({ message: "Endpoint request timed out" }, { status: 504 }),
};

/**
 * Forwards `request` to `options.url` and returns the upstream's response for the client, both
 * bodies streamed, never buffered. Method and body are the client's; the response keeps its
 * status (a 5xx from the upstream included) and its headers less hop-by-hop ones. Redirects are
 * returned to the client, not followed.
 *
 * Never throws for the upstream's sake: an unreachable upstream (refused, DNS, reset) is 502,
 * no response headers within `timeoutMs` is 504, a body over `maxBodyBytes` is 413. The
 * timeout stops once headers arrive, so a long streamed response is not cut; a client that
 * goes away aborts the upstream request and its response body.
 */
export async function forward(request: Request, options: ForwardOptions): Promise<Response> {
  const bounded =
    options.body === undefined ? boundedBody(request, options.maxBodyBytes) : read(request, options.body);
  if (bounded === "too-large") return gatewayError.tooLarge();

  const abort = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abort.abort(new Error(`no response headers within ${options.timeoutMs} ms`));
  }, options.timeoutMs);
  const client = request.signal;
  if (client.aborted) abort.abort(client.reason);
  else client.addEventListener("abort", () => abort.abort(client.reason), { once: true });

  let upstream: Response;
  try {
    upstream = await (options.fetch ?? fetch)(options.url, {
      method: request.method,
      headers: options.headers,
      body: bounded.body,
      // Required by fetch for a streamed request body; unknown to the DOM typings.
      duplex: "half",
      redirect: "manual",
      signal: abort.signal,
    } as RequestInit);
  } catch {
    if (bounded.exceeded()) return gatewayError.tooLarge();
    return timedOut ? gatewayError.timedOut() : gatewayError.badGateway();
  } finally {
    clearTimeout(timer);
  }
  return new Response(NULL_BODY.includes(upstream.status) ? null : upstream.body, {
    status: upstream.status,
    statusText: upstream.statusText,
    headers: clientResponseHeaders(upstream.headers),
  });
}

// A body read already, sent as it was read; fetch sends none for GET and HEAD.
function read(request: Request, body: Uint8Array): { body: BodyInit | null; exceeded: () => boolean } {
  const bodiless = request.method === "GET" || request.method === "HEAD";
  return { body: bodiless ? null : (body as Uint8Array<ArrayBuffer>), exceeded: () => false };
}

/**
 * {@link forward} as a {@link Forwarder}: the portable one, on the runtime's `fetch`, used when
 * the runtime hands in none.
 */
export const fetchForwarder: Forwarder = (_c, request, options) => forward(request, options);
