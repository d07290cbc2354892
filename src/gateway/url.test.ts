import { describe, expect, it } from "vitest";
import { resolveRoutes } from "./routes.js";
import { upstreamUrl } from "./url.js";

function target(upstream: string, stripPrefix: string | undefined, request: string): string {
  const [route] = resolveRoutes([
    { path: stripPrefix ?? "/", upstream, auth: "none", ...(stripPrefix ? { stripPrefix } : {}) },
  ]);
  return upstreamUrl(route!, `https://gw.example${request}`);
}

describe("upstreamUrl", () => {
  it.each([
    // upstream, stripPrefix, request path, forwarded to
    ["http://127.0.0.1:8080", undefined, "/orders/7", "http://127.0.0.1:8080/orders/7"],
    ["http://127.0.0.1:8080/", undefined, "/orders/7", "http://127.0.0.1:8080/orders/7"],
    ["http://127.0.0.1:8080/base", undefined, "/orders/7", "http://127.0.0.1:8080/base/orders/7"],
    ["http://127.0.0.1:8080/base/", undefined, "/orders/7", "http://127.0.0.1:8080/base/orders/7"],
    ["http://127.0.0.1:8080/base", "/orders", "/orders/7", "http://127.0.0.1:8080/base/7"],
    ["http://127.0.0.1:8080/base/", "/orders/", "/orders/7/", "http://127.0.0.1:8080/base/7/"],
    ["http://127.0.0.1:8080/base", "/orders", "/orders", "http://127.0.0.1:8080/base"],
    ["http://127.0.0.1:8080/base", "/orders", "/orders/", "http://127.0.0.1:8080/base/"],
    ["http://127.0.0.1:8080", "/orders", "/orders", "http://127.0.0.1:8080/"],
    ["http://127.0.0.1:8080", "/orders", "/orders/7", "http://127.0.0.1:8080/7"],
    ["https://api.example", "/v1/orders", "/v1/orders/7", "https://api.example/7"],
  ])("%s with stripPrefix %s maps %s to %s", (upstream, stripPrefix, request, expected) => {
    expect(target(upstream, stripPrefix, request)).toBe(expected);
  });

  it("keeps the query string, exactly as sent", () => {
    expect(target("http://u.example/base", "/orders", "/orders/7?a=1&b=x%20y&a=2")).toBe(
      "http://u.example/base/7?a=1&b=x%20y&a=2",
    );
    expect(target("http://u.example", undefined, "/?")).toBe("http://u.example/");
  });

  it("strips the prefix only at a segment boundary", () => {
    const [route] = resolveRoutes([
      { path: "/orders/*", upstream: "http://u.example/base", stripPrefix: "/orders", auth: "none" },
    ]);
    expect(upstreamUrl(route!, "https://gw.example/ordersx/7")).toBe("http://u.example/base/ordersx/7");
  });

  it("compares the prefix on the decoded path, as routes match, and without case when told to", () => {
    const [route] = resolveRoutes([
      { path: "/orders/*", upstream: "http://u.example/base", stripPrefix: "/orders", auth: "none" },
    ]);
    expect(upstreamUrl(route!, "https://gw.example/%6Frders/7")).toBe("http://u.example/base/7");
    expect(upstreamUrl(route!, "https://gw.example/ORDERS/7")).toBe("http://u.example/base/ORDERS/7");
    expect(upstreamUrl(route!, "https://gw.example/ORDERS/7", { caseInsensitive: true })).toBe(
      "http://u.example/base/7",
    );
    expect(upstreamUrl(route!, "https://gw.example/Orders", { caseInsensitive: true })).toBe(
      "http://u.example/base",
    );
    expect(upstreamUrl(route!, "https://gw.example/OrdersX/7", { caseInsensitive: true })).toBe(
      "http://u.example/base/OrdersX/7",
    );
  });

  it("keeps the path percent-encoded, and never lets it name another host", () => {
    expect(target("http://u.example/base", undefined, "/a%2Fb/%E2%82%AC")).toBe(
      "http://u.example/base/a%2Fb/%E2%82%AC",
    );
    const url = new URL(target("http://u.example", undefined, "//evil.example/x"));
    expect(url.host).toBe("u.example");
    expect(url.pathname).toBe("//evil.example/x");
  });
});
