import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  isBreached,
  isInRange,
  rangeCount,
  RangeUnavailableError,
  type RangeOptions,
  type UnavailableReason,
} from "../../src/user-pool/breached/index.js";
import { startRangeServer, type RangeServer } from "./range-server.js";

// Strong enough to be on no list; the server below is told which of them are "breached".
const BREACHED = "cognate Tr0ub4dor&3 breached 2026";
const PADDING_ONLY = "cognate padding-only vX7#q9";
const UNKNOWN = "cognate never-seen k2$Lm8pWq";

let server: RangeServer;
let closedUrl: string;

beforeAll(async () => {
  server = await startRangeServer();
  server.add(BREACHED, 42);
  server.add(PADDING_ONLY, 0);
  const closed = createServer();
  await new Promise<void>((ok) => closed.listen(0, "127.0.0.1", ok));
  closedUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise((ok) => closed.close(ok));
});
afterAll(() => server.close());
beforeEach(() => void server.requests.splice(0));

const at = (mode: string, extra: Partial<RangeOptions> = {}): RangeOptions => ({
  url: `${server.url}/${mode}`,
  ...extra,
});

async function failure(options: RangeOptions): Promise<UnavailableReason> {
  const error = await rangeCount(UNKNOWN, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RangeUnavailableError);
  return (error as RangeUnavailableError).reason;
}

describe("k-anonymity range client against a local Pwned Passwords server", () => {
  it("finds a breached password, sending only the uppercase five-digit prefix and Add-Padding", async () => {
    expect(await rangeCount(BREACHED, at("hibp"))).toBe(42);
    expect(await isInRange(BREACHED, at("hibp"))).toBe(true);
    const [request] = server.requests;
    expect(request!.url).toMatch(/^\/hibp\/range\/[0-9A-F]{5}$/);
    expect(request!.headers["add-padding"]).toBe("true");
    expect(request!.served).toBeGreaterThanOrEqual(800);
    expect(request!.url).not.toContain("Tr0ub4dor");
  });

  it("misses an unknown password in a padded answer", async () => {
    expect(await rangeCount(UNKNOWN, at("hibp"))).toBe(0);
    expect(await isInRange(UNKNOWN, at("hibp"))).toBe(false);
    expect(server.requests[0]!.served).toBeGreaterThanOrEqual(800);
  });

  it("ignores padding entries (count 0), even for its own suffix", async () => {
    expect(await rangeCount(PADDING_ONLY, at("hibp"))).toBe(0);
    expect(await isInRange(PADDING_ONLY, at("hibp", { failMode: "closed" }))).toBe(false);
  });

  it("compares suffixes without regard to case and accepts a trailing slash", async () => {
    expect(await rangeCount(BREACHED, at("lower/"))).toBe(42);
    expect(server.requests[0]!.url).toMatch(/^\/lower\/range\/[0-9A-F]{5}$/);
  });

  it("counts as breached only from minimumCount on", async () => {
    expect(await isInRange(BREACHED, at("hibp", { minimumCount: 42 }))).toBe(true);
    expect(await isInRange(BREACHED, at("hibp", { minimumCount: 43 }))).toBe(false);
  });

  it("gives up at the timeout on a server that never answers, or stalls mid-answer", async () => {
    for (const mode of ["hang", "stall"]) {
      const started = Date.now();
      expect(await failure(at(mode, { timeoutMs: 150 }))).toBe("timeout");
      expect(Date.now() - started).toBeLessThan(1_500);
    }
  });

  it("gives up at the timeout even when an injected fetch ignores the abort signal", async () => {
    const never = () => new Promise<Response>(() => {});
    expect(await failure({ url: server.url, fetch: never, timeoutMs: 100 })).toBe("timeout");
  });

  it("refuses oversize answers, streamed or declared", async () => {
    expect(await failure(at("big"))).toBe("oversize");
    expect(await failure(at("declared"))).toBe("oversize");
    expect(await rangeCount(UNKNOWN, at("declared", { maxResponseBytes: 1024 * 1024 })).catch((e) => e)).toBe(
      0,
    );
    expect(await failure(at("hibp", { maxResponseBytes: 1_000 }))).toBe("oversize");
  });

  it("reads a 5xx, a non-protocol page and a refused connection as unavailable", async () => {
    expect(await failure(at("busy"))).toBe("status");
    expect(await failure(at("html"))).toBe("protocol");
    expect(await failure({ url: closedUrl })).toBe("network");
  });

  it("fails open by default and closed on request, reporting why", async () => {
    const reasons: UnavailableReason[] = [];
    const onUnavailable = (error: RangeUnavailableError) => void reasons.push(error.reason);
    expect(await isInRange(UNKNOWN, at("busy", { onUnavailable }))).toBe(false);
    expect(await isInRange(UNKNOWN, at("busy", { failMode: "open", onUnavailable }))).toBe(false);
    expect(await isInRange(UNKNOWN, at("busy", { failMode: "closed", onUnavailable }))).toBe(true);
    expect(await isInRange(UNKNOWN, { url: closedUrl, failMode: "closed", onUnavailable })).toBe(true);
    const throwing = () => {
      throw new Error("logger down");
    };
    expect(await isInRange(UNKNOWN, at("hang", { timeoutMs: 100, onUnavailable: throwing }))).toBe(false);
    expect(reasons).toEqual(["status", "status", "status", "network"]);
  });

  it("rejects bad options whatever the fail mode", async () => {
    await expect(isInRange(UNKNOWN, { url: "ftp://127.0.0.1/x" })).rejects.toThrow(TypeError);
    await expect(isInRange(UNKNOWN, { url: "not a url", failMode: "open" })).rejects.toThrow(TypeError);
    await expect(isInRange(UNKNOWN, at("hibp", { timeoutMs: 0 }))).rejects.toThrow(RangeError);
    await expect(
      isInRange(UNKNOWN, at("hibp", { maxResponseBytes: -1, failMode: "closed" })),
    ).rejects.toThrow(RangeError);
    await expect(isInRange(UNKNOWN, at("hibp", { failMode: "sometimes" as "open" }))).rejects.toThrow(
      TypeError,
    );
    expect(server.requests).toHaveLength(0);
  });
});

describe("isBreached", () => {
  it("answers from the shipped list alone when no range API is configured", async () => {
    expect(await isBreached("password1")).toBe(true);
    expect(await isBreached(BREACHED)).toBe(false);
    expect(await isBreached("password1", { shippedList: false })).toBe(false);
  });

  it("asks the range API only when the shipped list has no answer", async () => {
    let calls = 0;
    const counting = (input: string, init: RequestInit) => (calls++, fetch(input, init));
    const range = at("hibp", { fetch: counting });
    expect(await isBreached("iloveyou123", { range })).toBe(true);
    expect(calls).toBe(0);
    expect(await isBreached(BREACHED, { range })).toBe(true);
    expect(await isBreached(UNKNOWN, { range })).toBe(false);
    expect(await isBreached(PADDING_ONLY, { range })).toBe(false);
    expect(calls).toBe(3);
  });

  it("follows the range API's fail mode when it is down", async () => {
    expect(await isBreached(UNKNOWN, { range: { url: closedUrl } })).toBe(false);
    expect(await isBreached(UNKNOWN, { range: { url: closedUrl, failMode: "closed" } })).toBe(true);
    expect(await isBreached(UNKNOWN, { range: at("busy", { failMode: "closed" }) })).toBe(true);
  });
});
