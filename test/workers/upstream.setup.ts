import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** A real HTTP upstream on 127.0.0.1, for the gateway running inside workerd. */
    gatewayUpstream: string;
    /** A 127.0.0.1 URL nothing listens on. */
    closedUpstream: string;
  }
}

// Runs in Node, outside workerd: `/hang` never answers, `/busy` is a 503, anything else echoes
// the request as JSON.
function upstream(): Server {
  return createServer((req, res) => {
    if (req.url?.startsWith("/hang")) return;
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      if (req.url?.startsWith("/busy")) {
        res.writeHead(503, { "content-type": "text/plain", "x-upstream": "busy" });
        return res.end("upstream is busy");
      }
      res.writeHead(200, {
        "content-type": "application/json",
        connection: "keep-alive, x-upstream-hop",
        "x-upstream-hop": "1",
      });
      res.end(
        JSON.stringify({
          method: req.method,
          url: req.url,
          headers: req.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      );
    });
  });
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * workerd logs every subrequest whose connection is refused as an uncaught exception (a kj
 * `connect(): Connection refused` line, then two `Network connection lost` lines), even when the
 * Worker caught the fetch's rejection: `await fetch(closed).catch(() => {})` alone prints them.
 * The suites that call {@link closedUpstream} on purpose (the gateway's 502, the breached-password
 * client's "network") would print three such groups in a passing run. This drops exactly those
 * groups from the pool's output while the project runs; any other workerd log line stays.
 */
function quietRefusedConnections(): () => void {
  const stderr = process.stderr.write;
  const stdout = process.stdout.write;
  let lost = 0;
  const filter = (write: typeof stderr, stream: NodeJS.WriteStream) =>
    function (this: unknown, chunk: unknown, ...rest: unknown[]) {
      const text = typeof chunk === "string" ? chunk : Buffer.isBuffer(chunk) ? chunk.toString() : "";
      if (/^exception = kj\/\S+: disconnected: connect\(\): Connection refused/.test(text)) {
        lost = 2;
        return true;
      }
      if (lost > 0 && /^uncaught exception; .*Network connection lost\./.test(text)) {
        lost--;
        return true;
      }
      return (write as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
    } as typeof stderr;
  process.stderr.write = filter(stderr, process.stderr);
  process.stdout.write = filter(stdout, process.stdout);
  return () => {
    process.stderr.write = stderr;
    process.stdout.write = stdout;
  };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const restore = quietRefusedConnections();
  const server = upstream();
  project.provide("gatewayUpstream", await listen(server));
  const closed = createServer();
  project.provide("closedUpstream", await listen(closed));
  await new Promise((ok) => closed.close(ok));
  return () =>
    new Promise<void>((ok) => {
      server.close(() => ok());
      server.closeAllConnections();
    }).finally(restore);
}
