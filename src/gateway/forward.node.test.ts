import { serve } from "@hono/node-server";
import { Hono } from "hono";
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it, vi } from "vitest";
import { upstreamRequestHeaders } from "./headers.js";
import type { ForwardOptions } from "./proxy.js";
import { nodeForward } from "./forward.node.js";

// A real node:http upstream behind a real @hono/node-server gateway whose only route is nodeForward.
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(cleanups.splice(0).map((close) => close()));
});

/** Listens on 127.0.0.1 (unless already started, as `serve` does), closed after the test. */
async function listen(server: Server, started = false): Promise<string> {
  await new Promise<void>((ok) =>
    started ? server.once("listening", ok) : server.listen(0, "127.0.0.1", ok),
  );
  cleanups.push(() => new Promise((ok) => (server.close(() => ok()), server.closeAllConnections())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  raw: string[];
  body: string;
}

/** An upstream that records each request once its body has arrived, then runs `handler` (default: echo it as JSON). */
async function upstream(handler?: (req: IncomingMessage, res: ServerResponse) => void) {
  const seen: Seen[] = [];
  let connections = 0;
  const server = createServer((req, res) => {
    const entry: Seen = {
      method: req.method!,
      url: req.url!,
      headers: req.headers,
      raw: req.rawHeaders,
      body: "",
    };
    seen.push(entry);
    req.setEncoding("utf8").on("data", (chunk: string) => (entry.body += chunk));
    req.on("error", () => {});
    req.on("end", () =>
      handler
        ? handler(req, res)
        : res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(entry)),
    );
  });
  server.on("connection", () => connections++);
  return { url: await listen(server), seen, connections: () => connections };
}

async function gateway(target: string, options: Partial<ForwardOptions> = {}, app = new Hono()) {
  app.all("*", (c) => {
    const { pathname, search } = new URL(c.req.url);
    const headers = upstreamRequestHeaders(c.req.raw, { address: undefined, scheme: "http" });
    return nodeForward(c, c.req.raw, {
      url: `${target}${pathname}${search}`,
      headers,
      maxBodyBytes: 1000,
      timeoutMs: 5000,
      ...options,
    });
  });
  const url = await listen(serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }) as Server, true);
  return { app, url };
}

/** A node:http exchange: sends what fetch refuses to, sees each header line, and can hang up. */
function raw(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: string }>((ok, fail) => {
    const req = httpRequest(url, { method: init.method, headers: init.headers, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
      res.on("end", () => ok({ status: res.statusCode!, headers: res.headers, body }));
      res.on("error", fail);
    });
    req.on("error", fail);
    req.end(init.body);
  });
}

const chunks = (...parts: string[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
      controller.close();
    },
  });
const upload = (url: string, body: ReadableStream<Uint8Array>, method = "POST") =>
  fetch(url, { method, body, duplex: "half" } as RequestInit);
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

describe("nodeForward under @hono/node-server", () => {
  it("sends method, path, body and exactly the given headers over node:http, on one keep-alive connection", async () => {
    const up = await upstream();
    const gw = await gateway(up.url);
    const res = await fetch(`${gw.url}/a/b?x=1`, {
      method: "PUT",
      headers: { "x-custom": "kept", "accept-encoding": "br" },
      body: "hello",
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ method: "PUT", url: "/a/b?x=1", body: "hello" });
    // fetch would have asked for "gzip, deflate" of its own accord: this went through node:http.
    expect(up.seen[0]!.headers).toMatchObject({
      "x-custom": "kept",
      "content-length": "5",
      host: new URL(up.url).host,
    });
    expect(up.seen[0]!.headers["accept-encoding"]).toBeUndefined();
    await raw(`${gw.url}/again`);
    await raw(`${gw.url}/and-again`, { method: "DELETE" });
    expect(up.connections()).toBe(1);
  });

  it("keeps each header line: repeated request values, Set-Cookie both ways", async () => {
    const up = await upstream((_req, res) => {
      res
        .writeHead(200, [
          ["set-cookie", "a=1"],
          ["set-cookie", "b=2"],
          ["x-dup", "1"],
          ["x-dup", "2"],
        ])
        .end("ok");
    });
    const app = new Hono();
    app.use(async (c, next) => {
      c.req.raw.headers.append("set-cookie", "s=1");
      c.req.raw.headers.append("set-cookie", "t=2");
      await next();
    });
    const gw = await gateway(up.url, {}, app);
    const res = await raw(`${gw.url}/cookies`, { method: "POST", headers: { "x-m": "1" } });
    expect(res.headers["set-cookie"]).toEqual(["a=1", "b=2"]);
    expect(res.headers["x-dup"]).toBe("1, 2");
    const lines = up.seen[0]!.raw.filter(
      (_, i, all) => i % 2 === 1 && all[i - 1]!.toLowerCase() === "set-cookie",
    );
    expect(lines).toEqual(["s=1", "t=2"]);
  });

  it("drops hop-by-hop response headers, and those Connection names", async () => {
    const up = await upstream((_req, res) => {
      res
        .writeHead(200, {
          connection: "keep-alive, x-hop",
          "x-hop": "1",
          "proxy-authenticate": "Basic",
          upgrade: "h2c",
          "x-kept": "1",
        })
        .end("ok");
    });
    const res = await raw(`${(await gateway(up.url)).url}/hop`);
    for (const name of ["x-hop", "proxy-authenticate", "upgrade"])
      expect(res.headers[name], name).toBeUndefined();
    expect(res.headers["x-kept"]).toBe("1");
  });

  it("answers 413 to a Content-Length over the bound without calling the upstream, and to a chunked body once it passes it", async () => {
    const up = await upstream();
    const gw = await gateway(up.url);
    const declared = await fetch(`${gw.url}/big`, { method: "POST", body: "x".repeat(1001) });
    expect([declared.status, await declared.json()]).toEqual([413, { message: "Request Entity Too Large" }]);
    expect(up.seen).toHaveLength(0);
    const streamed = await upload(`${gw.url}/big`, chunks("a".repeat(600), "b".repeat(600)));
    expect([streamed.status, await streamed.json()]).toEqual([413, { message: "Request Entity Too Large" }]);
    expect(up.seen.every((s) => s.body.length <= 1000)).toBe(true);
    const fits = await upload(`${gw.url}/fits`, chunks("a".repeat(500), "b".repeat(500)), "DELETE");
    expect(((await fits.json()) as Seen).body).toBe("a".repeat(500) + "b".repeat(500));
  });

  it("answers 502 when the upstream refuses, does not resolve, or drops the connection", async () => {
    const closed = createServer();
    const refused = await listen(closed);
    await new Promise((ok) => closed.close(ok));
    const dropping = await listen(createServer((req) => req.socket.destroy()));
    for (const target of [refused, "http://cognate-upstream.invalid:8080", dropping]) {
      const res = await fetch(`${(await gateway(target)).url}/x`);
      expect([res.status, await res.json()], target).toEqual([502, { message: "Bad Gateway" }]);
    }
  });

  it("answers 504 when no headers arrive within timeoutMs, but does not cut a long body once they have", async () => {
    const up = await upstream((req, res) => {
      if (req.url === "/never") return;
      res.writeHead(200).write("start;");
      setTimeout(() => res.end("end"), 400);
    });
    const gw = await gateway(up.url, { timeoutMs: 200 });
    const started = Date.now();
    const slow = await fetch(`${gw.url}/never`);
    expect([slow.status, await slow.json()]).toEqual([504, { message: "Endpoint request timed out" }]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(await (await fetch(`${gw.url}/long`)).text()).toBe("start;end");
  });

  it("passes redirects through, and sends no body for HEAD, 204 and 304", async () => {
    const up = await upstream((req, res) => {
      if (req.url === "/moved") return res.writeHead(302, { location: "/elsewhere" }).end();
      if (req.url === "/none") return res.writeHead(204, { "x-a": "1" }).end();
      if (req.url === "/same") return res.writeHead(304, { etag: '"v1"' }).end();
      res.writeHead(200, { "content-length": "5", "x-head": "1" }).end("hello");
    });
    const gw = await gateway(up.url);
    // Hono rewraps a HEAD response: one written straight to the socket would be written twice.
    const errors = vi.spyOn(console, "error");
    const moved = await fetch(`${gw.url}/moved`, { redirect: "manual" });
    expect([moved.status, moved.headers.get("location")]).toEqual([302, "/elsewhere"]);
    const head = await raw(`${gw.url}/doc`, { method: "HEAD" });
    expect([head.status, head.headers["content-length"], head.headers["x-head"], head.body]).toEqual([
      200,
      "5",
      "1",
      "",
    ]);
    const none = await raw(`${gw.url}/none`);
    expect([none.status, none.headers["x-a"], none.body]).toEqual([204, "1", ""]);
    const same = await raw(`${gw.url}/same`);
    expect([same.status, same.headers.etag, same.body]).toEqual([304, '"v1"', ""]);
    await sleep(20);
    expect(errors).not.toHaveBeenCalled();
  });

  it("streams the response: headers before a slow body, the first chunk before the last", async () => {
    const events: string[] = [];
    const gates = [0, 1].map(() => {
      let open!: () => void;
      return { opened: new Promise<void>((ok) => (open = ok)), open };
    });
    const wait = (i: number) => Promise.race([gates[i]!.opened, sleep(5000)]);
    const up = await upstream((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" }).flushHeaders();
      void wait(0)
        .then(() => (events.push("upstream wrote first"), res.write("first;")))
        .then(() => wait(1))
        .then(() => (events.push("upstream wrote last"), res.end("last")));
    });
    const res = await fetch(`${(await gateway(up.url)).url}/slow`);
    events.push("client saw headers");
    gates[0]!.open();
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    events.push(`client read ${(await reader.read()).value}`);
    gates[1]!.open();
    expect((await reader.read()).value).toBe("last");
    expect(events).toEqual([
      "client saw headers",
      "upstream wrote first",
      "client read first;",
      "upstream wrote last",
    ]);
  });

  it("streams the request body: the upstream reads the first chunk before the client sends the last", async () => {
    let arrived!: () => void;
    const first = new Promise<void>((ok) => (arrived = ok));
    const server = createServer((req, res) => {
      let body = "";
      req.setEncoding("utf8").on("data", (chunk: string) => ((body += chunk), arrived()));
      req.on("end", () => res.end(body));
    });
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(new TextEncoder().encode("one;"));
        const waited = await Promise.race([first.then(() => "arrived"), sleep(5000).then(() => "timeout")]);
        controller.enqueue(new TextEncoder().encode(waited));
        controller.close();
      },
    });
    const res = await upload(`${(await gateway(await listen(server))).url}/up`, body);
    expect(await res.text()).toBe("one;arrived");
  });

  it("aborts the upstream request when the client goes away, before and during the response", async () => {
    const gone: string[] = [];
    const up = await upstream((req, res) => {
      res.on("close", () => gone.push(req.url!));
      if (req.url === "/during") res.writeHead(200).write("part;");
    });
    const gw = await gateway(up.url);
    for (const path of ["/before", "/during"]) {
      const req = httpRequest(`${gw.url}${path}`, { agent: false }, (res) =>
        res.once("data", () => req.destroy()),
      );
      req.on("error", () => {});
      req.end();
      if (path === "/before") setTimeout(() => req.destroy(), 100);
      await expect.poll(() => gone, { timeout: 2000 }).toContain(path);
    }
  });

  it("destroys the client connection when the upstream fails mid-body, rather than hanging", async () => {
    const up = await upstream((_req, res) => {
      res.writeHead(200, { "content-length": "100" }).write("partial");
      setTimeout(() => res.socket!.destroy(), 50);
    });
    const res = await fetch(`${(await gateway(up.url)).url}/broken`);
    await expect(res.text()).rejects.toThrow();
  });

  it("decodes a compressed body as fetch would, without Content-Encoding and Content-Length", async () => {
    const zipped = gzipSync("hello gzip");
    const up = await upstream((_req, res) =>
      res.writeHead(200, { "content-encoding": "gzip", "content-length": zipped.length }).end(zipped),
    );
    const res = await raw(`${(await gateway(up.url)).url}/zip`);
    expect([res.body, res.headers["content-encoding"], res.headers["content-length"]]).toEqual([
      "hello gzip",
      undefined,
      undefined,
    ]);
  });

  it("sends a body read already (options.body) over node:http, framed by its length, and none for GET", async () => {
    const up = await upstream();
    const app = new Hono();
    app.all("*", async (c) => {
      const body = new Uint8Array(await c.req.arrayBuffer());
      const headers = upstreamRequestHeaders(c.req.raw, { address: undefined, scheme: "http" });
      return nodeForward(c, c.req.raw, {
        url: `${up.url}${new URL(c.req.url).pathname}`,
        headers,
        maxBodyBytes: 1000,
        timeoutMs: 5000,
        body,
      });
    });
    const url = await listen(serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }) as Server, true);
    const chunked = await upload(`${url}/chunked`, chunks("he", "llo"));
    expect(await chunked.json()).toMatchObject({ method: "POST", body: "hello" });
    expect(up.seen[0]!.headers["content-length"]).toBe("5");
    expect(up.seen[0]!.headers["transfer-encoding"]).toBeUndefined();
    // fetch would have asked for "gzip, deflate": the fast path, although the body was read.
    expect(up.seen[0]!.headers["accept-encoding"]).toBeUndefined();
    await raw(`${url}/get`);
    expect(up.seen[1]).toMatchObject({ method: "GET", body: "" });
    expect(up.seen[1]!.headers["content-length"]).toBeUndefined();
  });

  it("is the fetch forward without @hono/node-server's bindings, or with options.fetch", async () => {
    const up = await upstream();
    const { app } = await gateway(up.url);
    expect((await app.request("/in-process")).status).toBe(200);
    expect(up.seen[0]!.headers["accept-encoding"]).toBe("gzip, deflate");
    const viaFetch = await gateway(up.url, { fetch: () => Promise.resolve(new Response("from fetch")) });
    expect(await (await fetch(`${viaFetch.url}/x`)).text()).toBe("from fetch");
  });
});
