import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { RouteConfig } from "../../src/index.js";
import { closedPort, startGateway, startUpstream } from "./servers.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((close) => close()));
});

async function gatewayFor(routes: RouteConfig[]) {
  const gateway = await startGateway({ routes });
  cleanups.push(gateway.close);
  return gateway;
}

function chunked(parts: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const part of parts) controller.enqueue(encoder.encode(part));
      controller.close();
    },
  });
}

describe("request bodies over maxBodyBytes", () => {
  it("answers 413 to a Content-Length over the bound, without calling the upstream", async () => {
    const upstream = await startUpstream();
    cleanups.push(upstream.close);
    const gateway = await gatewayFor([
      { path: "/*", upstream: upstream.url, auth: "none", maxBodyBytes: 1000 },
    ]);
    const res = await fetch(`${gateway.url}/upload`, { method: "POST", body: "x".repeat(1001) });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ message: "Request Entity Too Large" });
    expect(upstream.seen).toHaveLength(0);
    // At the bound exactly, it goes through.
    expect((await fetch(`${gateway.url}/upload`, { method: "POST", body: "x".repeat(1000) })).status).toBe(
      200,
    );
    expect(upstream.seen[0]!.body).toHaveLength(1000);
  });

  it("counts a chunked body while streaming it, and answers 413 once it passes the bound", async () => {
    const upstream = await startUpstream();
    cleanups.push(upstream.close);
    const gateway = await gatewayFor([
      { path: "/*", upstream: upstream.url, auth: "none", maxBodyBytes: 1000 },
    ]);
    const res = await fetch(`${gateway.url}/upload`, {
      method: "POST",
      body: chunked(["a".repeat(600), "b".repeat(600), "c".repeat(600)]),
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ message: "Request Entity Too Large" });
    // The upstream never got a whole body.
    expect(upstream.seen.every((s) => s.body.length <= 1000)).toBe(true);

    const small = await fetch(`${gateway.url}/upload`, {
      method: "POST",
      body: chunked(["a".repeat(500), "b".repeat(500)]),
      duplex: "half",
    } as RequestInit);
    expect(small.status).toBe(200);
    expect(upstream.seen.at(-1)!.body).toBe("a".repeat(500) + "b".repeat(500));
  });
});

describe("an upstream that fails", () => {
  it("answers 502 when nothing listens on the upstream's port", async () => {
    const gateway = await gatewayFor([{ path: "/*", upstream: await closedPort(), auth: "none" }]);
    const res = await fetch(`${gateway.url}/anything`);
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({ message: "Bad Gateway" });
  });

  it("answers 502 when the upstream's name does not resolve", async () => {
    const gateway = await gatewayFor([
      { path: "/*", upstream: "http://cognate-upstream.invalid:8080", auth: "none" },
    ]);
    const res = await fetch(`${gateway.url}/anything`);
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({ message: "Bad Gateway" });
  });

  it("answers 502 when the upstream drops the connection without answering", async () => {
    const server: Server = createServer((req) => req.socket.destroy());
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    cleanups.push(() => new Promise((ok) => server.close(() => ok())));
    const gateway = await gatewayFor([
      { path: "/*", upstream: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, auth: "none" },
    ]);
    expect((await fetch(`${gateway.url}/reset`)).status).toBe(502);
  });

  it("answers 504 after timeoutMs when the upstream never answers, and does not hang", async () => {
    const upstream = await startUpstream(() => {
      /* never answers */
    });
    cleanups.push(upstream.close);
    const gateway = await gatewayFor([{ path: "/*", upstream: upstream.url, auth: "none", timeoutMs: 300 }]);
    const started = Date.now();
    const res = await fetch(`${gateway.url}/slow`);
    const elapsed = Date.now() - started;
    expect(res.status).toBe(504);
    expect(await res.json()).toEqual({ message: "Endpoint request timed out" });
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(5000);
    expect(upstream.seen).toHaveLength(1);
  });

  it("does not cut a streamed response that outlasts timeoutMs once its headers have arrived", async () => {
    const upstream = await startUpstream((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("start;");
      setTimeout(() => res.end("end"), 500);
    });
    cleanups.push(upstream.close);
    const gateway = await gatewayFor([{ path: "/*", upstream: upstream.url, auth: "none", timeoutMs: 200 }]);
    const res = await fetch(`${gateway.url}/long`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("start;end");
  });
});
