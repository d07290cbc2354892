import { beforeAll, describe, expect, it, vi } from "vitest";
import { ARN, handlerModule, sampleEvent, within } from "../../../test/triggers/sample-event.js";
import { serveTrigger } from "./http-endpoint.js";
import {
  httpInvoker,
  TRIGGER_ID_HEADER,
  TRIGGER_SIGNATURE_HEADER,
  triggerFieldsOf,
  triggerSignedString,
} from "./http.js";
import { FunctionError, type InvocationError } from "./invoker.js";
import type { LambdaHandler } from "./handler-call.js";

const SECRET = "http-mode-test-secret-0123456789abcdef";
const URL_ = "https://hooks.example.com/trigger";
let styles: Map<string, LambdaHandler>;
beforeAll(async () => {
  const path = handlerModule("styles.mjs");
  const mod = (await import(path)) as Record<string, LambdaHandler>;
  styles = new Map(Object.entries(mod));
});

/** An HTTP-mode invoker whose requests reach `serveTrigger(handler)` (in process). */
function served(name: string, serveSecret = SECRET, maxSkewSeconds?: number) {
  const serve = serveTrigger(styles.get(name)!, { secret: serveSecret, maxSkewSeconds });
  return httpInvoker({ url: URL_, secret: SECRET, fetch: serve });
}

/** A request as cognate signs it for sampleEvent(), captured without being served. */
async function capturedRequest(): Promise<Request> {
  const requests: Request[] = [];
  const capture = httpInvoker({
    url: URL_,
    secret: SECRET,
    fetch: async (request) => {
      requests.push(request.clone());
      return Response.json({});
    },
  });
  await capture.invoke(ARN, sampleEvent(), within(2000));
  return requests[0]!;
}
describe("HTTP mode through serveTrigger", () => {
  it("returns what the handler returned, in every style", async () => {
    for (const [name, expected] of [
      ["asyncHandler", { autoConfirmUser: true }],
      ["promiseHandler", { promised: true }],
      ["callbackHandler", { called: "back" }],
      ["contextSucceed", { succeeded: true }],
    ] as const)
      expect(await served(name).invoke(ARN, sampleEvent(), within(2000))).toMatchObject({
        response: expected,
      });
  });

  it("gives the handler the ARN and the deadline", async () => {
    const answered = (await served("remaining").invoke(ARN, sampleEvent(), within(3000))) as {
      response: { remaining: number; arn: string };
    };
    expect(answered.response.arn).toBe(ARN);
    expect(answered.response.remaining).toBeGreaterThan(2000);
  });

  it("carries the handler's failures back as FunctionError", async () => {
    await expect(served("throws").invoke(ARN, sampleEvent(), within(2000))).rejects.toEqual(
      new FunctionError("domain not allowed", "Error"),
    );
    await expect(served("rejects").invoke(ARN, sampleEvent(), within(2000))).rejects.toMatchObject({
      errorType: "TypeError",
    });
    await expect(served("callbackError").invoke(ARN, sampleEvent(), within(2000))).rejects.toBeInstanceOf(
      FunctionError,
    );
    await expect(served("contextFail").invoke(ARN, sampleEvent(), within(2000))).rejects.toMatchObject({
      message: "context failed",
    });
  });

  it("an asynchronous invocation is done once accepted: the handler's failure is not the caller's", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const invoke = { ...within(2000), async: true };
      await expect(served("throws").invoke(ARN, sampleEvent(), invoke)).resolves.toBeUndefined();
      await expect(served("asyncHandler").invoke(ARN, sampleEvent(), invoke)).resolves.toBeUndefined();
      expect(errors).toHaveBeenCalledTimes(1);
      expect(String(errors.mock.calls[0]![0])).not.toContain("domain not allowed");
    } finally {
      errors.mockRestore();
    }
  });

  it("answers null for a result JSON cannot carry", async () => {
    expect(await served("garbage").invoke(ARN, sampleEvent(), within(2000))).toBeNull();
  });

  it("times out a handler past the deadline", async () => {
    await expect(served("slow").invoke(ARN, sampleEvent(), within(100))).rejects.toMatchObject({
      type: "TimeoutException",
    });
  });

  it("refuses a wrong secret, an old timestamp, a replayed id and an altered body", async () => {
    const original = await capturedRequest();
    const serve = serveTrigger(styles.get("asyncHandler")!, { secret: SECRET });
    expect((await serve(original.clone())).status).toBe(200);
    // The same request again: refused.
    expect((await serve(original.clone())).status).toBe(401);
    // Another id with the same signature: refused (the id is signed).
    const otherId = new Headers(original.headers);
    otherId.set(TRIGGER_ID_HEADER, crypto.randomUUID());
    expect((await serve(new Request(original.clone(), { headers: otherId }))).status).toBe(401);
    // An altered body.
    const body = (await original.clone().text()).replace("alice", "mallory");
    expect((await serve(new Request(URL_, { method: "POST", headers: original.headers, body }))).status).toBe(
      401,
    );
    // Signed with another secret.
    const wrong = serveTrigger(styles.get("asyncHandler")!, {
      secret: "another-secret-0123456789abcdefghijkl",
    });
    const fresh = httpInvoker({ url: URL_, secret: SECRET, fetch: wrong });
    await expect(fresh.invoke(ARN, sampleEvent(), within(2000))).rejects.toMatchObject({
      type: "ServiceException",
      retryable: false,
    });
    // Signed ten minutes ago.
    const old = httpInvoker({ url: URL_, secret: SECRET, fetch: serve, now: () => Date.now() - 600_000 });
    await expect(old.invoke(ARN, sampleEvent(), within(2000))).rejects.toMatchObject({ message: /HTTP 401/ });
    // Unsigned.
    const unsigned = new Headers(original.headers);
    unsigned.delete(TRIGGER_SIGNATURE_HEADER);
    expect((await serve(new Request(original.clone(), { headers: unsigned }))).status).toBe(401);
  });

  it("signs t=<ts>,v1=<HMAC over ts, id, invocation type, function, deadline and body, a line each>", async () => {
    let seen: Request | undefined;
    const deadline = 1_700_000_004_321;
    await httpInvoker({
      url: URL_,
      secret: SECRET,
      now: () => 1_700_000_000_000,
      fetch: async (request) => {
        seen = request;
        return Response.json({});
      },
    }).invoke(ARN, sampleEvent(), { signal: AbortSignal.timeout(2000), deadline });
    const id = seen!.headers.get(TRIGGER_ID_HEADER)!;
    expect(seen!.headers.get("content-type")).toBe("application/json");
    expect(seen!.headers.get("x-cognate-function")).toBe(ARN);
    expect(seen!.headers.get("x-cognate-deadline")).toBe(String(deadline));
    expect(seen!.headers.get("x-amz-invocation-type")).toBe("RequestResponse");
    expect(seen!.redirect).toBe("manual");
    // The documented string, computed here independently of the signer (docs/triggers.md).
    const body = await seen!.text();
    const signed = `1700000000\n${id}\nRequestResponse\n${ARN}\n${deadline}\n${body}`;
    const encoder = new TextEncoder();
    const key = await crypto.subtle.importKey(
      "raw",
      encoder.encode(SECRET),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
    const mac = [...new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(signed)))]
      .map((byte) => byte.toString(16).padStart(2, "0"))
      .join("");
    expect(seen!.headers.get(TRIGGER_SIGNATURE_HEADER)).toBe(`t=1700000000,v1=${mac}`);
    expect(triggerSignedString(1_700_000_000, triggerFieldsOf(seen!.headers), body)).toBe(signed);
  });

  it("a changed invocation type, function or deadline fails the signature", async () => {
    const original = await capturedRequest();
    for (const [header, value] of [
      ["x-amz-invocation-type", "Event"],
      ["x-cognate-function", "arn:aws:lambda:us-east-1:000000000000:function:other"],
      ["x-cognate-deadline", String(Date.now() + 600_000)],
    ] as const) {
      const serve = serveTrigger(styles.get("asyncHandler")!, { secret: SECRET });
      const changed = new Headers(original.headers);
      changed.set(header, value);
      expect((await serve(new Request(original.clone(), { headers: changed }))).status, header).toBe(401);
      // Unchanged, the same request is accepted: only the header made the difference.
      expect((await serve(original.clone())).status, header).toBe(200);
    }
  });

  it("when its id memory is really full, answers 503 (retried by cognate), not 429", async () => {
    const serve = serveTrigger(styles.get("asyncHandler")!, { secret: SECRET, maxRememberedIds: 2 });
    const invoker = httpInvoker({ url: URL_, secret: SECRET, fetch: serve });
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      await invoker.invoke(ARN, sampleEvent(), within(2000));
      await invoker.invoke(ARN, sampleEvent(), within(2000));
      await expect(invoker.invoke(ARN, sampleEvent(), within(2000))).rejects.toMatchObject({
        message: expect.stringContaining("HTTP 503"),
        type: "ServiceException",
        retryable: true,
      });
      expect(errors).toHaveBeenCalledTimes(1);
    } finally {
      errors.mockRestore();
    }
  });
});

describe("serveTrigger's replay memory, on an injected clock", () => {
  const passThrough: LambdaHandler = async (event) => event;
  /** An invoker whose requests are signed at `senderNow()` and served by `serve`. */
  const sender = (serve: (request: Request) => Promise<Response>, senderNow: () => number) =>
    httpInvoker({ url: URL_, secret: SECRET, now: senderNow, fetch: serve });
  const invoke = (invoker: ReturnType<typeof sender>) =>
    invoker.invoke(ARN, sampleEvent(), { signal: new AbortController().signal, deadline: 1 });

  it("accepts sustained traffic with the defaults: 100 events/s for 2 minutes, past any fixed window's worth", async () => {
    // 12,000 requests, more than the 10,000 ids a 5-minute window once held; the full 10 minutes
    // is replay-memory.test.ts's (the same defaults, without a Request each).
    let now = 1_700_000_000_000;
    const serve = serveTrigger(passThrough, { secret: SECRET, now: () => now });
    const invoker = sender(serve, () => now);
    let accepted = 0;
    for (let second = 0; second < 120; second++, now += 1000)
      for (const answer of await Promise.all(Array.from({ length: 100 }, () => invoke(invoker))))
        if (answer !== undefined) accepted++;
    expect(accepted).toBe(12_000);
  });

  it("refuses requests more than 60 seconds away by default", async () => {
    const now = 1_700_000_000_000;
    const serve = serveTrigger(passThrough, { secret: SECRET, now: () => now });
    await expect(invoke(sender(serve, () => now - 59_000))).resolves.toBeDefined();
    await expect(invoke(sender(serve, () => now + 59_000))).resolves.toBeDefined();
    await expect(invoke(sender(serve, () => now - 61_000))).rejects.toMatchObject({ message: /HTTP 401/ });
    await expect(invoke(sender(serve, () => now + 61_000))).rejects.toMatchObject({ message: /HTTP 401/ });
  });

  it("refuses a replay of a request stamped ahead, after its receipt time + skew", async () => {
    const at = 1_700_000_000_000;
    let now = at;
    const serve = serveTrigger(passThrough, {
      secret: SECRET,
      now: () => now,
      maxSkewSeconds: 300,
      maxRememberedIds: 2,
    });
    const requests: Request[] = [];
    const capture = (request: Request) => {
      requests.push(request.clone());
      return serve(request);
    };
    // Stamped 200 s ahead of the receiver's clock (within the skew): accepted.
    await invoke(sender(capture, () => at + 200_000));
    // Another, in step, fills the memory.
    await invoke(sender(serve, () => now));
    // 350 s later the first is still acceptable (150 s from its stamp), though received 350 s ago;
    // a fresh request comes in first, with the memory full, and the replay after it.
    now = at + 350_000;
    await invoke(sender(serve, () => now));
    const replayed = await serve(requests[0]!.clone());
    expect(replayed.status).toBe(401);
    expect(await replayed.json()).toEqual({ message: "replayed request" });
    // Once past its own stamp + skew it is refused as too old, and its id may go.
    now = at + 501_000;
    expect((await serve(requests[0]!.clone())).status).toBe(401);
    await expect(invoke(sender(serve, () => now))).resolves.toBeDefined();
  });

  it("never runs a request twice when its clock is set back after forgetting it (an NTP step, a restored snapshot)", async () => {
    const at = 1_700_000_000_000;
    let now = at;
    let runs = 0;
    const serve = serveTrigger(
      async (event: unknown) => {
        runs++;
        return event;
      },
      { secret: SECRET, now: () => now },
    );
    const requests: Request[] = [];
    const capture = (request: Request) => {
      requests.push(request.clone());
      return serve(request);
    };
    await invoke(sender(capture, () => now));
    now = at + 62_000; // past its window: the next request makes the memory forget its id
    await invoke(sender(serve, () => now));
    now = at; // the receiver's clock steps back
    const replayed = await serve(requests[0]!.clone());
    expect(replayed.status).toBe(401);
    expect(await replayed.json()).toEqual({ message: "the request is too old" });
    // A step back of 2 s, to a time its window still takes: refused by the request's own stamp.
    now = at + 60_000;
    expect((await serve(requests[0]!.clone())).status).toBe(401);
    expect(runs).toBe(2);
  });
});

describe("HTTP mode answers", () => {
  const answering = (response: () => Response | Promise<Response>) =>
    httpInvoker({ url: URL_, secret: SECRET, fetch: async () => response() });
  const failure = (response: () => Response | Promise<Response>) =>
    answering(response)
      .invoke(ARN, sampleEvent(), within(2000))
      .catch((e: unknown) => e as InvocationError);

  it("maps statuses as Lambda's Invoke API", async () => {
    expect(await failure(() => new Response("", { status: 503 }))).toMatchObject({
      type: "ServiceException",
      retryable: true,
    });
    expect(await failure(() => new Response("", { status: 429 }))).toMatchObject({
      type: "TooManyRequestsException",
      retryable: true,
    });
    expect(await failure(() => new Response("", { status: 404 }))).toMatchObject({
      type: "ResourceNotFoundException",
      retryable: false,
    });
    expect(await failure(() => new Response("", { status: 400 }))).toMatchObject({ retryable: false });
    expect(
      await failure(() => new Response(null, { status: 302, headers: { location: "/x" } })),
    ).toMatchObject({
      retryable: false,
    });
    expect(await failure(() => new Response("<html>", { status: 200 }))).toMatchObject({
      message: expect.stringContaining("not JSON"),
    });
  });

  it("refuses an answer over 1 MiB without reading it whole", async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(64 * 1024).fill(32));
      },
    });
    const error = await failure(() => new Response(endless, { status: 200 }));
    expect(error).toMatchObject({ type: "ServiceException", message: expect.stringContaining("more than") });
    expect(pulled).toBeLessThan(40);
  });

  it("makes a network failure retryable and names only the origin", async () => {
    const error = (await httpInvoker({ url: "http://127.0.0.1:1/secret-path?token=abc", secret: SECRET })
      .invoke(ARN, sampleEvent(), within(2000))
      .catch((e: unknown) => e)) as InvocationError;
    expect(error).toMatchObject({ type: "ServiceException", retryable: true });
    expect(error.message).not.toContain("secret-path");
    expect(error.message).not.toContain("token");
  });

  it("resolves undefined once an asynchronous invocation is accepted", async () => {
    let type: string | null = null;
    const invoker = httpInvoker({
      url: URL_,
      secret: SECRET,
      fetch: async (request) => {
        type = request.headers.get("x-amz-invocation-type");
        return new Response(null, { status: 202 });
      },
    });
    expect(await invoker.invoke(ARN, sampleEvent(), { ...within(2000), async: true })).toBeUndefined();
    expect(type).toBe("Event");
  });
});
