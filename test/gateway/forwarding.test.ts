import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import type { RouteConfig } from "../../src/index.js";
import { echo, startGateway, startUpstream, type Seen } from "./servers.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((close) => close()));
});

async function setup(
  routes: (upstream: string) => RouteConfig[],
  handler = echo,
  options: { streamBody?: boolean } = {},
) {
  const upstream = await startUpstream(handler, options);
  cleanups.push(upstream.close);
  const gateway = await startGateway({ routes: routes(upstream.url) });
  cleanups.push(gateway.close);
  return { upstream, gateway };
}

/** A node:http exchange (fetch refuses to send hop-by-hop headers; node:http refuses `Trailer` on a bodiless request, see headers.test.ts). */
function raw(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((ok, fail) => {
    const req = httpRequest(url, { headers, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => ok({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on("error", fail);
    req.end();
  });
}

describe("forwarding to a real upstream", () => {
  it("keeps method, query and body, joins the upstream path with the stripped request path", async () => {
    const { upstream, gateway } = await setup((u) => [
      { path: "/orders/*", upstream: `${u}/base/`, stripPrefix: "/orders", auth: "none" },
    ]);
    const res = await fetch(`${gateway.url}/orders/7/lines?x=1&y=a%20b`, {
      method: "PUT",
      headers: { "content-type": "application/json", "x-custom": "kept" },
      body: JSON.stringify({ qty: 3 }),
    });
    expect(res.status).toBe(200);
    const seen = (await res.json()) as Seen;
    expect(seen).toMatchObject({ method: "PUT", url: "/base/7/lines?x=1&y=a%20b", body: '{"qty":3}' });
    expect(seen.headers).toMatchObject({
      "content-type": "application/json",
      "x-custom": "kept",
      "content-length": "9",
    });
    expect(upstream.seen).toHaveLength(1);

    // The prefix itself maps to the upstream's base path; nothing is doubled at the seam.
    expect(((await (await fetch(`${gateway.url}/orders`)).json()) as Seen).url).toBe("/base");
    expect(((await (await fetch(`${gateway.url}/orders/`)).json()) as Seen).url).toBe("/base/");
  });

  it("sets Host for the upstream and adds X-Forwarded-For, -Proto and -Host", async () => {
    const { upstream, gateway } = await setup((u) => [{ path: "/*", upstream: u, auth: "none" }]);
    const res = await fetch(`${gateway.url}/who`, { headers: { "x-forwarded-for": "203.0.113.7" } });
    const seen = (await res.json()) as Seen;
    expect(seen.headers.host).toBe(new URL(upstream.url).host);
    // The client's own X-Forwarded-For is its word, not a proxy's: replaced by the peer.
    expect(seen.headers["x-forwarded-for"]).toBe("127.0.0.1");
    expect(seen.headers["x-forwarded-proto"]).toBe("http");
    expect(seen.headers["x-forwarded-host"]).toBe(new URL(gateway.url).host);
  });

  it("drops hop-by-hop headers both ways, and those Connection names", async () => {
    const { gateway } = await setup(
      (u) => [{ path: "/*", upstream: u, auth: "none" }],
      (_req, res, seen) => {
        res.setHeader("connection", "keep-alive, x-upstream-hop");
        res.setHeader("x-upstream-hop", "1");
        res.setHeader("keep-alive", "timeout=99");
        res.setHeader("proxy-authenticate", "Basic");
        res.setHeader("upgrade", "h2c");
        res.setHeader("x-end-to-end", "kept");
        echo(_req, res, seen);
      },
    );
    const res = await raw(`${gateway.url}/hop`, {
      connection: "keep-alive, x-client-hop",
      "x-client-hop": "1",
      "keep-alive": "timeout=5",
      te: "trailers",
      "proxy-authorization": "Basic c2VjcmV0",
      upgrade: "websocket",
      "x-end-to-end": "kept",
    });
    expect(res.status).toBe(200);
    const sent = (JSON.parse(res.body) as Seen).headers;
    for (const name of ["x-client-hop", "keep-alive", "te", "proxy-authorization", "upgrade"])
      expect(sent[name], name).toBeUndefined();
    expect(sent.connection ?? "").not.toContain("x-client-hop");
    expect(sent["x-end-to-end"]).toBe("kept");

    for (const name of ["x-upstream-hop", "proxy-authenticate", "upgrade"])
      expect(res.headers[name], name).toBeUndefined();
    // The gateway's own server speaks for its own connection, not the upstream's.
    expect(res.headers["keep-alive"]).not.toBe("timeout=99");
    expect(res.headers.connection ?? "").not.toContain("x-upstream-hop");
    expect(res.headers["x-end-to-end"]).toBe("kept");
  });

  it("streams the response: the first chunk reaches the client before the upstream writes the last", async () => {
    const events: string[] = [];
    let release!: () => void;
    const released = new Promise<void>((ok) => (release = ok));
    const { gateway } = await setup(
      (u) => [{ path: "/*", upstream: u, auth: "none" }],
      (_req, res) => {
        res.writeHead(200, { "content-type": "text/plain" });
        res.write("first;");
        events.push("upstream wrote first");
        // Writes the last chunk once the client has seen the first, or gives up after 5 s.
        void Promise.race([released, new Promise((ok) => setTimeout(ok, 5000))]).then(() => {
          events.push("upstream wrote last");
          res.end("last");
        });
      },
    );
    const res = await fetch(`${gateway.url}/slow`);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    const first = await reader.read();
    events.push(`client read ${first.value}`);
    release();
    let rest = "";
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest += r.value;
    expect(first.value + rest).toBe("first;last");
    expect(events).toEqual(["upstream wrote first", "client read first;", "upstream wrote last"]);
  });

  it("streams the request body: the upstream reads the first chunk before the client sends the last", async () => {
    let firstArrived!: () => void;
    const arrived = new Promise<void>((ok) => (firstArrived = ok));
    const { gateway } = await setup(
      (u) => [{ path: "/*", upstream: u, auth: "none" }],
      (req, res, seen) => {
        req.setEncoding("utf8");
        req.on("data", (chunk: string) => {
          seen.body += chunk;
          if (seen.body.startsWith("one;")) firstArrived();
        });
        req.on("end", () => echo(req, res, seen));
      },
      { streamBody: true },
    );
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(encoder.encode("one;"));
        const waited = await Promise.race([
          arrived.then(() => "arrived"),
          new Promise((ok) => setTimeout(() => ok("timeout"), 5000)),
        ]);
        controller.enqueue(encoder.encode(`two (${waited})`));
        controller.close();
      },
    });
    const res = await fetch(`${gateway.url}/upload`, { method: "POST", body, duplex: "half" } as RequestInit);
    expect(res.status).toBe(200);
    const seen = (await res.json()) as Seen;
    expect(seen.body).toBe("one;two (arrived)");
    expect(seen.headers["transfer-encoding"]).toBe("chunked");
  });

  it("tries routes in order: a method a route does not list falls through to the next route, then 404", async () => {
    const other = await startUpstream((_req, res) => res.end("other"));
    cleanups.push(other.close);
    const { gateway } = await setup((u) => [
      { method: "GET", path: "/items/*", upstream: u, auth: "none" },
      { method: ["post", "PUT"], path: "/items/*", upstream: other.url, auth: "none" },
    ]);
    expect(((await (await fetch(`${gateway.url}/items/1`)).json()) as Seen).method).toBe("GET");
    expect((await fetch(`${gateway.url}/items/1`, { method: "HEAD" })).status).toBe(200);
    expect(await (await fetch(`${gateway.url}/items/1`, { method: "POST", body: "x" })).text()).toBe("other");
    const missing = await fetch(`${gateway.url}/items/1`, { method: "DELETE" });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: "Not Found" });
    expect((await fetch(`${gateway.url}/elsewhere`)).status).toBe(404);
    expect(((await (await fetch(`${gateway.url}/health`)).json()) as { status: string }).status).toBe("ok");
  });

  it("passes the upstream's own 5xx through unchanged", async () => {
    const { gateway } = await setup(
      (u) => [{ path: "/*", upstream: u, auth: "none" }],
      (_req, res) => {
        res.writeHead(503, { "content-type": "text/plain", "retry-after": "7", "x-upstream": "yes" });
        res.end("upstream is busy");
      },
    );
    const res = await fetch(`${gateway.url}/busy`);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("7");
    expect(res.headers.get("x-upstream")).toBe("yes");
    expect(await res.text()).toBe("upstream is busy");
  });

  it("returns a redirect to the client rather than following it", async () => {
    const { upstream, gateway } = await setup(
      (u) => [{ path: "/*", upstream: u, auth: "none" }],
      (_req, res) => {
        res.writeHead(302, { location: "/elsewhere" });
        res.end();
      },
    );
    const res = await fetch(`${gateway.url}/moved`, { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/elsewhere");
    expect(upstream.seen.map((s) => s.url)).toEqual(["/moved"]);
  });
});
