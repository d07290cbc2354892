import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { addressSet } from "../user-pool/risk/risky-addresses.js";
import { forwardedScheme, requestTransport, type TransportOptions } from "./transport.js";

describe("forwardedScheme", () => {
  const of = (headers: Record<string, string>) => forwardedScheme(new Headers(headers));

  it("reads the last value of X-Forwarded-Proto and of Forwarded's proto", () => {
    expect(of({})).toBeUndefined();
    expect(of({ "x-forwarded-proto": "https" })).toBe("https");
    expect(of({ "x-forwarded-proto": "HTTPS" })).toBe("https");
    expect(of({ "x-forwarded-proto": "http, https" })).toBe("https");
    expect(of({ "x-forwarded-proto": "https, http" })).toBe("http");
    expect(of({ forwarded: 'for=192.0.2.1;proto="https"' })).toBe("https");
    expect(of({ forwarded: "proto=https, for=10.0.0.1;proto=http" })).toBe("http");
    expect(of({ "x-forwarded-proto": "" })).toBe("http");
  });

  it("is https only when both headers agree; a Forwarded element without proto says nothing", () => {
    expect(of({ "x-forwarded-proto": "https", forwarded: "proto=http" })).toBe("http");
    expect(of({ "x-forwarded-proto": "http", forwarded: "proto=https" })).toBe("http");
    expect(of({ "x-forwarded-proto": "https", forwarded: "proto=https" })).toBe("https");
    expect(of({ "x-forwarded-proto": "https", forwarded: "for=192.0.2.1" })).toBe("https");
    expect(of({ "x-forwarded-proto": "http", forwarded: 'for="a, proto=https"' })).toBe("http");
  });
});

describe("requestTransport", () => {
  async function scheme(
    options: TransportOptions,
    url: string,
    headers: Record<string, string> = {},
    peer = "10.1.2.3",
  ) {
    const transport = requestTransport({ getConnInfo: () => ({ remote: { address: peer } }), ...options });
    const app = new Hono().get("*", (c) => c.text(`${transport.scheme(c)} ${transport.fromTrustedProxy(c)}`));
    return (await app.request(url, { headers })).text();
  }

  it("is the connection's scheme (the runtime's, else the URL's) when no trusted proxy speaks", async () => {
    expect(await scheme({}, "https://gw.example/x", { "x-forwarded-proto": "http" })).toBe("https false");
    expect(await scheme({}, "http://gw.example/x", { "x-forwarded-proto": "https" })).toBe("http false");
    expect(await scheme({ getScheme: () => "http" }, "https://gw.example/x")).toBe("http false");
    const proxies = addressSet("10.0.0.0/8");
    expect(
      await scheme(
        { trustedProxies: proxies },
        "http://gw.example/x",
        { "x-forwarded-proto": "https" },
        "192.0.2.1",
      ),
    ).toBe("http false");
  });

  it("believes a trusted proxy's forwarded headers, IPv4-mapped addresses included", async () => {
    const proxies = addressSet("10.0.0.0/8");
    expect(
      await scheme({ trustedProxies: proxies, getScheme: () => "http" }, "http://gw.example/x", {
        "x-forwarded-proto": "https",
      }),
    ).toBe("https true");
    expect(
      await scheme(
        { trustedProxies: proxies, getScheme: () => "http" },
        "http://gw.example/x",
        { forwarded: "proto=https" },
        "::ffff:10.9.9.9",
      ),
    ).toBe("https true");
    expect(await scheme({ trustedProxies: proxies, getScheme: () => "https" }, "http://gw.example/x")).toBe(
      "https true",
    );
    expect(
      await scheme(
        {
          trustedProxies: proxies,
          getConnInfo: () => {
            throw new Error("no socket");
          },
        },
        "http://gw.example/x",
        { "x-forwarded-proto": "https" },
      ),
    ).toBe("http false");
  });
});
