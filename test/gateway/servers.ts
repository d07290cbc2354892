import { serve } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import { createServer, ServerResponse, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Forwarder } from "../../src/gateway/proxy.js";
import { createGateway, type GatewayConfig } from "../../src/index.js";
import { nodeForward } from "../../src/gateway/forward.node.js";
import { nodeScheme, originFormServer } from "../../src/gateway/transport.node.js";
import { TestIssuer } from "../helpers/issuer.js";

/** What a real upstream saw of one request. */
export interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export interface Upstream {
  url: string;
  seen: Seen[];
  close: () => Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, seen: Seen) => void;

/** Echoes what it received as JSON. */
export const echo: Handler = (_req, res, seen) => {
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify(seen));
};

async function listen(server: Server): Promise<string> {
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", ok);
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function closer(server: Server): () => Promise<void> {
  return () =>
    new Promise<void>((ok) => {
      server.close(() => ok());
      server.closeAllConnections();
    });
}

/**
 * A real HTTP upstream on 127.0.0.1: records each request once its body has arrived (or, with
 * `streamBody`, as soon as its headers have, leaving the body to the handler), then runs `handler`.
 */
export async function startUpstream(
  handler: Handler = echo,
  options: { streamBody?: boolean } = {},
): Promise<Upstream> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const entry: Seen = { method: req.method!, url: req.url!, headers: req.headers, body: "" };
    seen.push(entry);
    if (options.streamBody) return handler(req, res, entry);
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      entry.body = Buffer.concat(chunks).toString();
      handler(req, res, entry);
    });
    req.on("error", () => {});
  });
  return { url: await listen(server), seen, close: closer(server) };
}

/** A port on 127.0.0.1 that nothing listens on (it was open a moment ago). */
export async function closedPort(): Promise<string> {
  const server = createServer();
  const url = await listen(server);
  await closer(server)();
  return url;
}

export interface Gateway {
  url: string;
  close: () => Promise<void>;
}

// The Node entry's forwarder, which must find @hono/node-server's bindings: this suite tests the
// Node fast path, never its fallback to fetch (the workers suite covers that one).
const fastPathOnly: Forwarder = (c, request, options) => {
  if (!(c.env?.outgoing instanceof ServerResponse))
    throw new Error("the gateway suite must forward through the Node fast path");
  return nodeForward(c, request, options);
};

/** The gateway app served by @hono/node-server on 127.0.0.1, with the Node entry's runtime facts. */
export async function startGateway(config: GatewayConfig): Promise<Gateway> {
  const app = createGateway(config, {
    name: "node",
    getConnInfo,
    getScheme: nodeScheme,
    forward: fastPathOnly,
  });
  const server = serve({
    fetch: app.fetch,
    hostname: "127.0.0.1",
    port: 0,
    createServer: originFormServer as typeof createServer,
  }) as Server;
  await new Promise<void>((ok, fail) => {
    if (server.listening) return ok();
    server.once("listening", ok);
    server.once("error", fail);
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: closer(server) };
}

/** A test issuer served over HTTP on loopback (JWKS and discovery); its server closes with `cleanups`. */
export async function issuerOverHttp(cleanups: Array<() => Promise<void>>): Promise<TestIssuer> {
  let issuer: TestIssuer | undefined;
  const server = serve({ fetch: (req) => issuer!.fetch(req), hostname: "127.0.0.1", port: 0 });
  await new Promise((r) => server.once("listening", r));
  cleanups.push(() => new Promise((r) => server.close(() => r())));
  issuer = await TestIssuer.create(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  return issuer;
}
