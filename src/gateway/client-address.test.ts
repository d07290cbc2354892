import { Hono } from "hono";
import type { GetConnInfo } from "hono/conninfo";
import { describe, expect, it } from "vitest";
import { addressSet } from "../user-pool/risk/risky-addresses.js";
import { clientConnInfo, onlyFromTrustedProxies } from "./client-address.js";

// The test's stand-in for the socket: the peer's address in a header only the test writes.
const peer: GetConnInfo = (c) => ({ remote: { address: c.req.header("x-test-peer") } });
const PROXIES = addressSet("10.0.0.0/8\n2001:db8::/32\n");

function app() {
  const a = new Hono();
  const client = clientConnInfo(peer, PROXIES);
  a.get("/", (c) => c.text(client(c).remote.address ?? "none"));
  return async (peerAddress: string, xff?: string) =>
    (
      await a.request("/", {
        headers: { "x-test-peer": peerAddress, ...(xff === undefined ? {} : { "x-forwarded-for": xff }) },
      })
    ).text();
}

describe("clientConnInfo", () => {
  it("walks X-Forwarded-For right to left past trusted proxies, only for a trusted peer", async () => {
    const address = app();
    expect(await address("198.51.100.9", "203.0.113.7")).toBe("198.51.100.9");
    expect(await address("10.0.0.2", "203.0.113.7")).toBe("203.0.113.7");
    expect(await address("10.0.0.2", "6.6.6.6, 203.0.113.7, 10.9.9.9")).toBe("203.0.113.7");
    expect(await address("10.0.0.2", "10.1.1.1, 10.2.2.2")).toBe("10.1.1.1");
    expect(await address("10.0.0.2")).toBe("10.0.0.2");
    expect(await address("2001:db8::1", "2001:db8::2, 2001:db9::5")).toBe("2001:db9::5");
    // An entry no one can read stops the walk: threat protection sees it, not what the client wrote left of it.
    expect(await address("10.0.0.2", "198.51.100.1, not-an-ip")).toBe("not-an-ip");
  });
});

describe("onlyFromTrustedProxies", () => {
  it("refuses every other peer with 403, an unreadable or missing one too", async () => {
    const a = new Hono();
    a.use("*", onlyFromTrustedProxies(peer, PROXIES));
    a.get("/", (c) => c.text("ok"));
    expect((await a.request("/", { headers: { "x-test-peer": "10.3.3.3" } })).status).toBe(200);
    for (const headers of [{ "x-test-peer": "198.51.100.9" }, { "x-test-peer": "garbage" }, {}] as Record<
      string,
      string
    >[]) {
      const res = await a.request("/", { headers });
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ message: "Forbidden" });
    }
  });
});
