import { describe, expect, it } from "vitest";
import { CachedDocument, type DocumentOptions } from "./cached-document.js";
import { JwksUnavailableError } from "./errors.js";

function setup(overrides: Partial<DocumentOptions> = {}) {
  const clock = { ms: 1_000_000 };
  const served: string[] = [];
  let body = '{"n":1}';
  const options: DocumentOptions = {
    now: () => clock.ms,
    defaultTtlMs: 600_000,
    minTtlMs: 60_000,
    maxTtlMs: 86_400_000,
    failureBackoffMs: 2000,
    timeoutMs: 50,
    maxBytes: 1024,
    fetch: async (input) => {
      served.push(String(input));
      return new Response(body, { headers: { "content-type": "application/json" } });
    },
    ...overrides,
  };
  return { clock, served, options, setBody: (b: string) => (body = b) };
}

const parse = (json: unknown) => (json as { n: number }).n;

describe("CachedDocument", () => {
  it("fetches once, serves from memory while fresh, refetches when stale", async () => {
    const { clock, served, options, setBody } = setup();
    const doc = new CachedDocument(() => "https://idp.test/doc", parse, options);
    expect(await Promise.all([doc.current(), doc.current(), doc.current()])).toEqual([1, 1, 1]);
    expect(served).toHaveLength(1);
    setBody('{"n":2}');
    clock.ms += 599_999;
    expect(await doc.current()).toBe(1);
    clock.ms += 1;
    expect(await doc.current()).toBe(2);
    expect(served).toHaveLength(2);
    expect(doc.fetchedAt).toBe(clock.ms);
    expect(doc.usableUntil).toBe(clock.ms + 600_000);
  });

  it("turns a parse failure into JwksUnavailableError and backs off before trying again", async () => {
    const { clock, served, options, setBody } = setup();
    setBody('{"n":1}');
    const doc = new CachedDocument(
      () => "https://idp.test/doc",
      (json) => {
        if ((json as { n: number }).n !== 2) throw new Error("not yet");
        return 2;
      },
      options,
    );
    await expect(doc.current()).rejects.toBeInstanceOf(JwksUnavailableError);
    await expect(doc.refresh()).rejects.toBeInstanceOf(JwksUnavailableError);
    expect(served).toHaveLength(1);
    setBody('{"n":2}');
    clock.ms += 2000;
    expect(await doc.current()).toBe(2);
    expect(served).toHaveLength(2);
  });

  it("during an outage within stale-if-error, answers with the stale value at once and retries in the background", async () => {
    let mode: "ok" | "hang" = "ok";
    const calls: number[] = [];
    const { clock, options } = setup({
      fetch: (_input, init) => {
        calls.push(clock.ms);
        if (mode === "hang")
          return new Promise<Response>((_, reject) =>
            init?.signal?.addEventListener("abort", () => reject(new Error("aborted"))),
          );
        return Promise.resolve(
          new Response('{"n":1}', { headers: { "cache-control": "max-age=600, stale-if-error=3600" } }),
        );
      },
    });
    const doc = new CachedDocument(() => "https://idp.test/doc", parse, options);
    expect(await doc.current()).toBe(1);
    mode = "hang";
    clock.ms += 600_000;
    expect(await doc.current()).toBe(1); // waits out one fetch (timeoutMs 50), then serves stale
    expect(calls).toHaveLength(2);
    clock.ms += 2000; // past the backoff: a background retry, but this request does not wait
    const answer = await Promise.race([doc.current(), new Promise((r) => setTimeout(() => r("waited"), 25))]);
    expect(answer).toBe(1);
    expect(calls).toHaveLength(3);
    clock.ms += 3600_000;
    await expect(doc.current()).rejects.toBeInstanceOf(JwksUnavailableError);
  });

  it("bounds every waiter's wait, and abandons an in-flight load that never settles", async () => {
    const { clock, options } = setup();
    let calls = 0;
    // A load whose first step never settles: what a Worker request torn down mid-fetch leaves behind.
    const doc = new CachedDocument(
      () => {
        calls++;
        return calls === 1 ? new Promise<string>(() => {}) : "https://idp.test/doc";
      },
      parse,
      options,
    );
    const started = Date.now();
    await expect(doc.current()).rejects.toThrow(/gave up waiting for keys after 200 ms/);
    expect(Date.now() - started).toBeLessThan(2000);
    // Still within its patience (2 x timeout + 100 ms): the same stuck load is joined, not a second one.
    await expect(doc.refresh()).rejects.toThrow(/gave up waiting/);
    expect(calls).toBe(1);
    clock.ms += 201;
    expect(await doc.current()).toBe(1);
    expect(calls).toBe(2);
  });
});
