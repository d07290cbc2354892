import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import type { LambdaHandler } from "../../src/user-pool/triggers/index.js";

/** A loopback server (127.0.0.1, a free port) answering with `fetch`. */
export async function loopback(
  fetch: (request: Request) => Promise<Response> | Response,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = serve({ fetch, hostname: "127.0.0.1", port: 0 });
  await new Promise<void>((ok, fail) => {
    server.once("listening", ok);
    server.once("error", fail);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

/**
 * The handlers of modules given by name → path (`export const handler`, `exports.handler` or
 * `export default { handler }`), imported once in this process.
 */
export async function handlersOf(functions: Record<string, string>): Promise<Map<string, LambdaHandler>> {
  const handlers = new Map<string, LambdaHandler>();
  for (const [name, path] of Object.entries(functions)) {
    const mod = (await import(pathToFileURL(path).href)) as Record<string, unknown> & {
      default?: Record<string, unknown>;
    };
    const handler = mod.handler ?? mod.default?.handler;
    if (typeof handler !== "function") throw new TypeError(`${path} exports no handler`);
    handlers.set(name, handler as LambdaHandler);
  }
  return handlers;
}
