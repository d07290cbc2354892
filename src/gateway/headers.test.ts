import { describe, expect, it } from "vitest";
import { clientResponseHeaders, HOP_BY_HOP, upstreamRequestHeaders, withoutHopByHop } from "./headers.js";

const names = (headers: Headers) => [...headers.keys()].sort();

describe("withoutHopByHop", () => {
  it("drops the hop-by-hop headers and keeps end-to-end ones", () => {
    const hop = Object.fromEntries(HOP_BY_HOP.map((h) => [h, "x"]));
    const headers = withoutHopByHop(new Headers({ ...hop, authorization: "Bearer t", "content-type": "text/plain", trailer: "x-sum" }));
    expect(names(headers)).toEqual(["authorization", "content-type"]);
    expect(HOP_BY_HOP).toEqual(["connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade"]);
  });

  it("drops the headers Connection names, whatever their case and spacing, ignoring non-tokens", () => {
    const headers = withoutHopByHop(
      new Headers({ connection: "Keep-Alive ,X-Trace,  x-debug , bad header, ", "x-trace": "1", "x-debug": "1", "x-kept": "1" }),
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
  const request = (headers: Record<string, string>, url = "https://gw.example:8443/orders") => new Request(url, { headers });

  it("drops Host and Accept-Encoding, and says how the client came in", () => {
    const headers = upstreamRequestHeaders(request({ host: "gw.example:8443", "accept-encoding": "br", accept: "application/json" }), { address: "198.51.100.4" });
    expect(headers.get("host")).toBeNull();
    expect(headers.get("accept-encoding")).toBeNull();
    expect(headers.get("accept")).toBe("application/json");
    expect(headers.get("x-forwarded-for")).toBe("198.51.100.4");
    expect(headers.get("x-forwarded-proto")).toBe("https");
    expect(headers.get("x-forwarded-host")).toBe("gw.example:8443");
  });

  it("appends the client's address to a prior X-Forwarded-For, and adds none it does not know", () => {
    expect(upstreamRequestHeaders(request({ "x-forwarded-for": "203.0.113.1" }), { address: "10.0.0.2" }).get("x-forwarded-for")).toBe("203.0.113.1, 10.0.0.2");
    expect(upstreamRequestHeaders(request({ "x-forwarded-for": "203.0.113.1" }), { address: undefined }).get("x-forwarded-for")).toBe("203.0.113.1");
    expect(upstreamRequestHeaders(request({}), { address: undefined }).get("x-forwarded-for")).toBeNull();
  });

  it("replaces a client's X-Forwarded-Proto and -Host with what the gateway saw", () => {
    const headers = upstreamRequestHeaders(request({ "x-forwarded-proto": "https", "x-forwarded-host": "evil.example" }, "http://gw.example/x"), { address: undefined });
    expect(headers.get("x-forwarded-proto")).toBe("http");
    expect(headers.get("x-forwarded-host")).toBe("gw.example");
  });
});

describe("clientResponseHeaders", () => {
  it("drops hop-by-hop headers and the encoding of a body fetch already decoded", () => {
    const headers = clientResponseHeaders(
      new Headers({ connection: "x-hop", "x-hop": "1", "keep-alive": "timeout=5", "content-encoding": "gzip", "content-length": "120", etag: '"v1"' }),
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
