import { describe, expect, it } from "vitest";
import { readBodyLimited } from "./body.js";

const text = (body: Uint8Array | { tooLarge: true }) =>
  "tooLarge" in body ? "tooLarge" : new TextDecoder().decode(body);
const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request("http://x/", { method: "POST", body, headers, duplex: "half" } as RequestInit);
const streamOf = (...parts: string[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
      controller.close();
    },
  });

describe("readBodyLimited", () => {
  it("reads a request with a Content-Length in one go, and one without it chunk by chunk", async () => {
    expect(text(await readBodyLimited(post("hello", { "content-length": "5" }), 5))).toBe("hello");
    expect(text(await readBodyLimited(post(streamOf("hel", "lo")), 5))).toBe("hello");
    expect(text(await readBodyLimited(new Request("http://x/"), 5))).toBe("");
  });

  it("refuses a body over the limit, declared or sent, and one longer than its header says", async () => {
    expect(text(await readBodyLimited(post("hello!", { "content-length": "6" }), 5))).toBe("tooLarge");
    expect(text(await readBodyLimited(post("hello!", { "content-length": "2" }), 5))).toBe("tooLarge");
    expect(text(await readBodyLimited(post(streamOf("hel", "lo!")), 5))).toBe("tooLarge");
    expect(
      text(await readBodyLimited(new Response("hello!", { headers: { "content-length": "2" } }), 5)),
    ).toBe("tooLarge");
  });

  it("reads a body only once", async () => {
    const request = post("hi", { "content-length": "2" });
    await readBodyLimited(request, 5);
    await expect(readBodyLimited(request, 5)).rejects.toThrow(TypeError);
  });
});
