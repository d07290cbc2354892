import type { HttpBindings } from "@hono/node-server";
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerOptions,
  type ServerResponse,
} from "node:http";
import type { TLSSocket } from "node:tls";
import type { GetScheme } from "./transport.js";

/**
 * The Node port of `GetScheme`: `https` when the request came on a TLS socket, under
 * `@hono/node-server` (its `c.env.incoming`); `http` otherwise.
 */
export const nodeScheme: GetScheme = (c) => {
  const incoming = (c.env as Partial<HttpBindings> | undefined)?.incoming;
  return (incoming?.socket as TLSSocket | undefined)?.encrypted === true ? "https" : "http";
};

// The authority of an absolute-form target: between "//" and the path, query or end.
const ABSOLUTE = /^https?:\/\/([^/?#]*)(.*)$/is;

/**
 * Wraps a request listener so that it sees origin-form targets only. `@hono/node-server` builds
 * the request URL from an absolute-form request line as written (`GET https://host/path
 * HTTP/1.1`), scheme and host included, so a client on plain TCP could name the scheme and a host
 * other than its `Host` header. RFC 9112 §3.2.2 has the server use the target's authority:
 * here it must equal the `Host` header (else 400), and the target becomes `/path?query`, from
 * which the URL is built as for any request: the socket's scheme, the `Host` header's authority.
 */
export function originFormOnly(listener: RequestListener): RequestListener {
  return (incoming: IncomingMessage, outgoing: ServerResponse) => {
    // One Host, as RFC 9112 §3.2 requires: with two, the app and an upstream could each read another.
    if (hostCount(incoming) > 1) return badRequest(outgoing);
    const target = incoming.url ?? "";
    const absolute = target.startsWith("/") ? null : ABSOLUTE.exec(target);
    if (absolute !== null) {
      const host = incoming.headers.host;
      if (host === undefined || absolute[1]!.toLowerCase() !== host.toLowerCase())
        return badRequest(outgoing);
      const rest = absolute[2]!;
      incoming.url = rest.startsWith("/") ? rest : `/${rest}`;
    }
    listener(incoming, outgoing);
  };
}

function hostCount(incoming: IncomingMessage): number {
  let count = 0;
  for (let i = 0; i < incoming.rawHeaders.length; i += 2)
    if (incoming.rawHeaders[i]!.toLowerCase() === "host") count++;
  return count;
}

function badRequest(outgoing: ServerResponse): void {
  outgoing.writeHead(400, { "content-type": "application/json", connection: "close" });
  outgoing.end(JSON.stringify({ message: "Bad Request" }));
}

/**
 * `node:http`'s `createServer` with {@link originFormOnly} around the listener: the shape of
 * `@hono/node-server`'s `createServer` option.
 */
export function originFormServer(options: ServerOptions, listener: RequestListener): Server {
  return createServer(options, originFormOnly(listener));
}
