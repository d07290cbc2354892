import { describe, expect, it } from "vitest";
import { JwksUnavailableError } from "./errors.js";
import { fetchableUrl, fetchJson, type FetchPolicy, hostKind } from "./fetch.js";

const URL_ = "https://idp.example.com/.well-known/jwks.json";

describe("fetchableUrl", () => {
  it.each([
    "https://idp.example.com/jwks.json",
    "https://idp.example.com:8443/a?b=c",
    "http://127.0.0.1:8080/jwks",
    "http://127.255.3.4/jwks",
    "http://localhost/jwks",
    "http://localhost:3000/jwks",
    "http://[::1]:9000/jwks",
  ])("accepts %s", (url) => {
    expect(fetchableUrl(url)?.href).toBe(new URL(url).href);
  });

  it.each([
    "http://idp.example.com/jwks.json",
    "http://10.0.0.1/jwks",
    "http://128.0.0.1/jwks",
    "http://127.0.0.1.evil.example/jwks",
    "http://localhost.evil.example/jwks",
    "http://[::2]/jwks",
    "https://user:pass@idp.example.com/jwks",
    "https://user@idp.example.com/jwks",
    "http://user@localhost/jwks",
    "https://idp.example.com/jwks#frag",
    "ftp://idp.example.com/jwks",
    "file:///etc/passwd",
    "data:application/json,{}",
    "not a url",
    "",
    "//idp.example.com/jwks",
  ])("refuses %j", (url) => {
    expect(fetchableUrl(url)).toBeNull();
  });
});

/**
 * An in-process HTTP server as a fetch: answers every request with `respond`, recording requests.
 * `signal` is the caller's own (undici's Request holds the controller of `request.signal` only weakly).
 */
function server(respond: (request: Request, signal: AbortSignal) => Response | Promise<Response>) {
  const requests: Request[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    requests.push(request);
    return respond(request, init?.signal ?? request.signal);
  };
  return {
    requests,
    policy: (over: Partial<FetchPolicy> = {}): FetchPolicy => ({
      fetch,
      timeoutMs: 1000,
      maxBytes: 1024,
      ...over,
    }),
  };
}

/** A streamed body of `chunks` bytes each, with no content-length; `cancelled` reports a cancel. */
function streamed(chunks: number[], state = { cancelled: false, pulled: 0 }) {
  let i = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i === chunks.length) return controller.close();
      state.pulled++;
      controller.enqueue(new Uint8Array(chunks[i++]!).fill(0x20));
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { body, state };
}

async function failure(promise: Promise<unknown>): Promise<JwksUnavailableError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(JwksUnavailableError);
  expect((error as JwksUnavailableError).url).toBe(URL_);
  return error as JwksUnavailableError;
}

describe("fetchJson", () => {
  it("GETs JSON with an accept header, redirects not followed, and parses the body", async () => {
    const s = server(() => Response.json({ keys: [] }));
    const fetched = await fetchJson(URL_, s.policy());
    expect(fetched).toEqual({ json: { keys: [] }, maxAgeMs: undefined, staleIfErrorMs: 0 });
    expect(s.requests[0]!.method).toBe("GET");
    expect(s.requests[0]!.headers.get("accept")).toBe("application/json");
    expect(s.requests[0]!.redirect).toBe("manual");
  });

  it.each([404, 500, 503, 204, 301])(
    "refuses HTTP %i with JwksUnavailableError, cancelling the body",
    async (status) => {
      const { body, state } = streamed([10]);
      const s = server(
        () =>
          new Response(status === 204 ? null : body, {
            status,
            headers: status === 301 ? { location: "https://x.example/" } : {},
          }),
      );
      const error = await failure(fetchJson(URL_, s.policy()));
      expect(error.message).toBe(`${URL_} answered HTTP ${status}`);
      if (status !== 204) expect(state.cancelled).toBe(true);
    },
  );

  it("refuses a body that is not JSON", async () => {
    const s = server(() => new Response("<html>oops</html>"));
    expect((await failure(fetchJson(URL_, s.policy()))).message).toMatch(/did not return JSON/);
  });

  it("accepts a body of exactly maxBytes", async () => {
    const json = JSON.stringify({ pad: "x".repeat(100) });
    const s = server(() => new Response(json, { headers: { "content-length": String(json.length) } }));
    expect((await fetchJson(URL_, s.policy({ maxBytes: json.length }))).json).toEqual({
      pad: "x".repeat(100),
    });
  });

  it("refuses a declared content-length over maxBytes without reading the body", async () => {
    const { body, state } = streamed([600, 600]);
    const s = server(() => new Response(body, { headers: { "content-length": "1200" } }));
    expect((await failure(fetchJson(URL_, s.policy()))).message).toBe(
      `${URL_} returned more than 1024 bytes`,
    );
    expect(state.cancelled).toBe(true);
  });

  it("refuses a streamed body with no content-length once it passes maxBytes, and stops reading", async () => {
    const { body, state } = streamed([500, 500, 500, 500, 500]);
    const s = server(() => new Response(body));
    expect((await failure(fetchJson(URL_, s.policy()))).message).toBe(
      `${URL_} returned more than 1024 bytes`,
    );
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBeLessThan(5);
  });

  it("refuses a body larger than a lying content-length says", async () => {
    const { body } = streamed([800, 800]);
    const s = server(() => new Response(body, { headers: { "content-length": "10" } }));
    expect((await failure(fetchJson(URL_, s.policy()))).message).toMatch(/more than 1024 bytes/);
  });

  it("times out a fetch whose response never comes, aborting it", async () => {
    let signal: AbortSignal | undefined;
    const s = server((_, sig) => {
      signal = sig;
      return new Promise<Response>((_, reject) => sig.addEventListener("abort", () => reject(sig.reason)));
    });
    const started = Date.now();
    const error = await failure(fetchJson(URL_, s.policy({ timeoutMs: 50 })));
    expect(error.message).toBe(`${URL_} timed out after 50 ms`);
    expect(Date.now() - started).toBeLessThan(900);
    expect(signal?.aborted).toBe(true);
  });

  it("times out a body that stalls after the headers", async () => {
    const s = server((_, signal) => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"keys":'));
          signal.addEventListener("abort", () => controller.error(signal.reason));
        },
      });
      return new Response(body);
    });
    expect((await failure(fetchJson(URL_, s.policy({ timeoutMs: 50 })))).message).toMatch(
      /timed out after 50 ms/,
    );
  });

  it("reports a network failure as JwksUnavailableError with the cause", async () => {
    const cause = new TypeError("fetch failed");
    const error = await failure(
      fetchJson(URL_, { fetch: () => Promise.reject(cause), timeoutMs: 1000, maxBytes: 1024 }),
    );
    expect(error.message).toBe(`${URL_} could not be fetched`);
    expect(error.cause).toBe(cause);
  });

  const fresh = async (headers: Record<string, string>) => {
    const s = server(() => Response.json({}, { headers }));
    const { maxAgeMs, staleIfErrorMs } = await fetchJson(URL_, s.policy());
    return { maxAgeMs, staleIfErrorMs };
  };

  it("takes freshness from Cache-Control max-age less Age", async () => {
    expect(await fresh({ "cache-control": "public, max-age=600" })).toEqual({
      maxAgeMs: 600_000,
      staleIfErrorMs: 0,
    });
    expect(await fresh({ "cache-control": "max-age=600", age: "100" })).toEqual({
      maxAgeMs: 500_000,
      staleIfErrorMs: 0,
    });
    expect((await fresh({ "cache-control": "max-age=60", age: "100" })).maxAgeMs).toBe(0);
    expect((await fresh({ "cache-control": 'Max-Age="120"' })).maxAgeMs).toBe(120_000);
    expect((await fresh({ "cache-control": "max-age=600", age: "junk" })).maxAgeMs).toBe(600_000);
  });

  it("never lets an invalid (negative) Age make a response fresher than its max-age", async () => {
    expect((await fresh({ "cache-control": "max-age=600", age: "-100000" })).maxAgeMs).toBe(600_000);
  });

  it("ignores a max-age that is not a non-negative integer", async () => {
    expect((await fresh({ "cache-control": "max-age=-5" })).maxAgeMs).toBeUndefined();
    expect((await fresh({ "cache-control": "max-age=abc" })).maxAgeMs).toBeUndefined();
    expect((await fresh({ "cache-control": "max-age=1.5" })).maxAgeMs).toBeUndefined();
    expect((await fresh({ "cache-control": "public" })).maxAgeMs).toBeUndefined();
  });

  it("treats no-store and no-cache as no freshness at all, whatever max-age says", async () => {
    expect((await fresh({ "cache-control": "no-store" })).maxAgeMs).toBe(0);
    expect((await fresh({ "cache-control": "max-age=3600, no-cache" })).maxAgeMs).toBe(0);
    expect((await fresh({ "cache-control": "No-Store, max-age=3600" })).maxAgeMs).toBe(0);
  });

  it("parses stale-if-error (RFC 5861)", async () => {
    expect(await fresh({ "cache-control": "max-age=300, stale-if-error=86400" })).toEqual({
      maxAgeMs: 300_000,
      staleIfErrorMs: 86_400_000,
    });
    expect((await fresh({ "cache-control": "stale-if-error=junk" })).staleIfErrorMs).toBe(0);
  });
});

describe("hostKind", () => {
  // Hosts as `URL.hostname` gives them: IPv4 spellings normalised, IPv6 in brackets.
  const host = (url: string) => new URL(url).hostname;
  it.each([
    "https://localhost/",
    "https://LOCALHOST./",
    "https://foo.localhost/",
    "https://a.b.localhost./",
    "https://127.0.0.1/",
    "https://127.9.8.7/",
    "https://2130706433/",
    "https://0x7f.1/",
    "https://0177.0.0.1/",
    "https://0.0.0.0/",
    "https://0/",
    "https://[::1]/",
    "https://[::]/",
    "https://[::ffff:127.0.0.1]/",
    "https://[::127.0.0.1]/",
    "https://[0:0:0:0:0:ffff:7f00:1]/",
  ])("%s is loopback", (url) => {
    expect(hostKind(host(url))).toBe("loopback");
  });

  it.each([
    "https://10.0.0.1/",
    "https://10.255.255.255/",
    "https://172.16.0.1/",
    "https://172.31.255.1/",
    "https://192.168.1.1/",
    "https://169.254.169.254/",
    "https://100.64.0.1/",
    "https://100.127.255.255/",
    "https://192.0.0.8/",
    "https://198.18.0.1/",
    "https://224.0.0.1/",
    "https://239.255.255.250/",
    "https://240.0.0.1/",
    "https://255.255.255.255/",
    "https://0xa9fea9fe/",
    "https://[fc00::1]/",
    "https://[fd12:3456::1]/",
    "https://[fe80::1]/",
    "https://[febf::1]/",
    "https://[ff02::1]/",
    "https://[::ffff:10.0.0.1]/",
    "https://[::ffff:169.254.169.254]/",
    "https://[64:ff9b::a9fe:a9fe]/",
    "https://[2002:a00:1::]/",
  ])("%s is private", (url) => {
    expect(hostKind(host(url))).toBe("private");
  });

  it.each([
    "https://idp.example.com/",
    "https://localhost.evil.example/",
    "https://localhostx/",
    "https://8.8.8.8/",
    "https://172.15.255.255/",
    "https://172.32.0.1/",
    "https://100.63.255.255/",
    "https://100.128.0.1/",
    "https://11.0.0.1/",
    "https://[2001:4860:4860::8888]/",
    "https://[::ffff:8.8.8.8]/",
    "https://[fbff::1]/",
  ])("%s is public", (url) => {
    expect(hostKind(host(url))).toBe("public");
  });
});
