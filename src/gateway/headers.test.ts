import { describe, expect, it } from "vitest";
import { clientResponseHeaders, HOP_BY_HOP, upstreamRequestHeaders, withoutHopByHop } from "./headers.js";

const names = (headers: Headers) => [...headers.keys()].sort();

describe("withoutHopByHop", () => {
  it("drops the hop-by-hop headers and keeps end-to-end ones", () => {
    const hop = Object.fromEntries(HOP_BY_HOP.map((h) => [h, "x"]));
    const headers = withoutHopByHop(
      new Headers({ ...hop, authorization: "Bearer t", "content-type": "text/plain", trailer: "x-sum" }),
    );
    expect(names(headers)).toEqual(["authorization", "content-type"]);
    expect(HOP_BY_HOP).toEqual([
      "connection",
      "keep-alive",
      "proxy-authenticate",
      "proxy-authorization",
      "te",
      "trailer",
      "transfer-encoding",
      "upgrade",
    ]);
  });

  it("drops the headers Connection names, whatever their case and spacing, ignoring non-tokens", () => {
    const headers = withoutHopByHop(
      new Headers({
        connection: "Keep-Alive ,X-Trace,  x-debug , bad header, ",
        "x-trace": "1",
        "x-debug": "1",
        "x-kept": "1",
      }),
    );
    expect(names(headers)).toEqual(["x-kept"]);
  });

  it("leaves the original untouched", () => {
    const original = new Headers({ connection: "close", upgrade: "h2c" });
    withoutHopByHop(original);
    expect(names(original)).toEqual(["connection", "upgrade"]);
  });
});

describe("upstreamRequestHeaders", () => {
  const request = (headers: Record<string, string>, url = "https://gw.example:8443/orders") =>
    new Request(url, { headers });

  it("drops Host and Accept-Encoding, and says how the client came in", () => {
    const headers = upstreamRequestHeaders(
      request({ host: "gw.example:8443", "accept-encoding": "br", accept: "application/json" }),
      { address: "198.51.100.4", scheme: "https" },
    );
    expect(headers.get("host")).toBeNull();
    expect(headers.get("accept-encoding")).toBeNull();
    expect(headers.get("accept")).toBe("application/json");
    expect(headers.get("x-forwarded-for")).toBe("198.51.100.4");
    expect(headers.get("x-forwarded-proto")).toBe("https");
    expect(headers.get("x-forwarded-host")).toBe("gw.example:8443");
  });

  it("appends the peer to a trusted proxy's X-Forwarded-For, replaces anyone else's, and adds none it does not know", () => {
    const trusted = { address: "10.0.0.2", scheme: "https" as const, trustedProxy: true };
    expect(
      upstreamRequestHeaders(request({ "x-forwarded-for": "203.0.113.1" }), trusted).get("x-forwarded-for"),
    ).toBe("203.0.113.1, 10.0.0.2");
    expect(
      upstreamRequestHeaders(request({ "x-forwarded-for": "203.0.113.1" }), {
        address: "198.51.100.9",
        scheme: "https",
      }).get("x-forwarded-for"),
    ).toBe("198.51.100.9");
    expect(
      upstreamRequestHeaders(request({ "x-forwarded-for": "203.0.113.1" }), {
        address: undefined,
        scheme: "https",
      }).get("x-forwarded-for"),
    ).toBeNull();
    expect(
      upstreamRequestHeaders(request({}), { address: undefined, scheme: "https" }).get("x-forwarded-for"),
    ).toBeNull();
  });

  it("passes on the headers naming the client only from a trusted proxy, and rerouting headers never", () => {
    const sent = {
      "x-real-ip": "6.6.6.6",
      "cf-connecting-ip": "6.6.6.6",
      "true-client-ip": "6.6.6.6",
      "x-client-ip": "6.6.6.6",
      "x-forwarded-port": "443",
      "x-forwarded-prefix": "/evil",
      "x-original-url": "/admin/secret",
      "x-rewrite-url": "/admin/secret",
      "x-http-method-override": "DELETE",
      "x-http-method": "DELETE",
      "x-method-override": "DELETE",
    };
    const fromClient = upstreamRequestHeaders(request(sent), { address: "198.51.100.9", scheme: "http" });
    for (const name of Object.keys(sent)) expect(fromClient.get(name), name).toBeNull();
    const fromProxy = upstreamRequestHeaders(request(sent), {
      address: "10.0.0.2",
      scheme: "https",
      trustedProxy: true,
    });
    expect([
      fromProxy.get("x-real-ip"),
      fromProxy.get("cf-connecting-ip"),
      fromProxy.get("x-forwarded-port"),
    ]).toEqual(["6.6.6.6", "6.6.6.6", "443"]);
    for (const name of [
      "x-original-url",
      "x-rewrite-url",
      "x-http-method-override",
      "x-http-method",
      "x-method-override",
    ])
      expect(fromProxy.get(name), name).toBeNull();
  });

  it("replaces a client's X-Forwarded-Proto and -Host with what the gateway saw", () => {
    const headers = upstreamRequestHeaders(
      request({ "x-forwarded-proto": "https", "x-forwarded-host": "evil.example" }, "http://gw.example/x"),
      { address: undefined, scheme: "http" },
    );
    expect(headers.get("x-forwarded-proto")).toBe("http");
    expect(headers.get("x-forwarded-host")).toBe("gw.example");
  });

  it("takes the scheme from the connection's facts, never from the request URL, which a client writes", () => {
    const headers = upstreamRequestHeaders(request({}, "https://gw.example/x"), {
      address: undefined,
      scheme: "http",
    });
    expect(headers.get("x-forwarded-proto")).toBe("http");
  });

  it("drops the other headers naming the scheme unless a trusted proxy sent them", () => {
    const spoofed = {
      forwarded: "for=192.0.2.1;proto=https",
      "x-forwarded-ssl": "on",
      "x-forwarded-scheme": "https",
      "x-url-scheme": "https",
      "front-end-https": "on",
      "x-forwarded-protocol": "https",
    };
    const fromClient = upstreamRequestHeaders(request(spoofed), { address: undefined, scheme: "http" });
    expect(names(fromClient)).toEqual(["x-forwarded-host", "x-forwarded-proto"]);
    const fromProxy = upstreamRequestHeaders(request(spoofed), {
      address: undefined,
      scheme: "https",
      trustedProxy: true,
    });
    expect(fromProxy.get("forwarded")).toBe("for=192.0.2.1;proto=https");
    expect(fromProxy.get("x-forwarded-ssl")).toBe("on");
  });
});

describe("clientResponseHeaders", () => {
  it("drops hop-by-hop headers and the encoding of a body fetch already decoded", () => {
    const headers = clientResponseHeaders(
      new Headers({
        connection: "x-hop",
        "x-hop": "1",
        "keep-alive": "timeout=5",
        "content-encoding": "gzip",
        "content-length": "120",
        etag: '"v1"',
      }),
    );
    expect(names(headers)).toEqual(["etag"]);
  });

  it("keeps Content-Length of an unencoded body, and every Set-Cookie", () => {
    const upstream = new Headers({ "content-length": "5" });
    upstream.append("set-cookie", "a=1");
    upstream.append("set-cookie", "b=2");
    const headers = clientResponseHeaders(upstream);
    expect(headers.get("content-length")).toBe("5");
    expect(headers.getSetCookie()).toEqual(["a=1", "b=2"]);
  });
});
