import { describe, expect, it } from "vitest";
import { BodyTooLargeError, boundedBody } from "./body-limit.js";

function chunkedRequest(sizes: number[]): Request {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const size of sizes) controller.enqueue(new Uint8Array(size));
      controller.close();
    },
  });
  return new Request("http://gw.example/upload", { method: "POST", body, duplex: "half" } as RequestInit);
}

async function drain(stream: ReadableStream<Uint8Array>): Promise<number> {
  let total = 0;
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) total += chunk.byteLength;
  return total;
}

describe("boundedBody", () => {
  // A server sets Content-Length from the wire, and holds the client to it; a Request made here does not.
  const declared = (body: string) =>
    new Request("http://gw.example/", {
      method: "POST",
      body,
      headers: { "content-length": String(body.length) },
    });

  it("refuses at once a Content-Length over the bound", () => {
    expect(boundedBody(declared("x".repeat(11)), 10)).toBe("too-large");
  });

  it("passes a body within its Content-Length bound as it is", () => {
    const request = declared("x".repeat(10));
    const bounded = boundedBody(request, 10);
    expect(bounded).not.toBe("too-large");
    if (bounded === "too-large") return;
    expect(bounded.body).toBe(request.body);
    expect(bounded.exceeded()).toBe(false);
  });

  it("has no body for a GET", () => {
    const bounded = boundedBody(new Request("http://gw.example/"), 0);
    expect(bounded).toEqual({ body: null, exceeded: expect.any(Function) });
  });

  it("streams a chunked body within the bound whole", async () => {
    const bounded = boundedBody(chunkedRequest([400, 400, 200]), 1000);
    if (bounded === "too-large") throw new Error("refused");
    expect(await drain(bounded.body!)).toBe(1000);
    expect(bounded.exceeded()).toBe(false);
  });

  it("errors a chunked body once it passes the bound, before passing the chunk that does", async () => {
    const bounded = boundedBody(chunkedRequest([400, 400, 201, 5000]), 1000);
    if (bounded === "too-large") throw new Error("refused");
    const reader = bounded.body!.getReader();
    let passed = 0;
    const error = await (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return undefined;
        passed += value.byteLength;
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BodyTooLargeError);
    expect(passed).toBe(800);
    expect(bounded.exceeded()).toBe(true);
  });
});
