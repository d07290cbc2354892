import { describe, expect, it } from "vitest";
import { ConfigError, parseConfigText, resolveConfig } from "../config.js";
import { OptionsError } from "../util/validate.js";
import { resolveRoutes } from "./routes.js";

const ROUTE = { path: "/orders/*", upstream: "http://127.0.0.1:8080", auth: "none" };
const AUTH = {
  issuers: [{ type: "cognito", userPoolId: "us-east-1_AbCdEf", clientId: null, tokenUse: "access" }],
};

function problem(routes: unknown): OptionsError {
  try {
    resolveRoutes(routes);
  } catch (error) {
    if (error instanceof OptionsError) return error;
    throw error;
  }
  throw new Error("did not throw");
}

describe("resolveRoutes", () => {
  it("has no routes by default, and applies each field's default", () => {
    expect(resolveRoutes(undefined)).toEqual([]);
    expect(resolveRoutes([ROUTE])).toEqual([
      {
        method: "*",
        path: "/orders/*",
        upstream: "http://127.0.0.1:8080",
        stripPrefix: undefined,
        auth: "none",
        maxBodyBytes: 1_048_576,
        timeoutMs: 29_000,
        assertion: false,
      },
    ]);
  });

  it("normalizes methods, the upstream and the prefix, and passes auth options through untouched", () => {
    const auth = { ...AUTH, fetch: () => Promise.resolve(new Response()) };
    const [route] = resolveRoutes([
      {
        ...ROUTE,
        method: "get",
        upstream: "HTTP://LocalHost:80/base//",
        stripPrefix: "/orders/",
        auth,
        maxBodyBytes: 0,
        timeoutMs: 50,
        assertion: true,
      },
    ]);
    expect(route).toMatchObject({
      method: ["GET"],
      upstream: "http://localhost/base",
      stripPrefix: "/orders",
      maxBodyBytes: 0,
      timeoutMs: 50,
      assertion: true,
    });
    expect(route!.auth).toBe(auth);
    expect(resolveRoutes([{ ...ROUTE, method: ["post", "PUT"] }])[0]!.method).toEqual(["POST", "PUT"]);
    expect(resolveRoutes([{ ...ROUTE, stripPrefix: "/" }])[0]!.stripPrefix).toBeUndefined();
  });

  it("resolves a resolved table to itself (the entry points resolve it again)", () => {
    const once = resolveRoutes([
      ROUTE,
      { ...ROUTE, method: ["GET", "HEAD"], stripPrefix: "/orders", auth: AUTH, assertion: true },
    ]);
    expect(resolveRoutes(once)).toEqual(once);
  });

  it('takes "iam" as { iam: {} }, and an iam object with the ARN\'s parts, resolving each to itself', () => {
    const [short, long] = resolveRoutes([
      { ...ROUTE, auth: "iam" },
      { ...ROUTE, auth: { iam: { maxSkewSeconds: 60 }, apiId: "files", stage: "prod" } },
    ]);
    expect(short!.auth).toEqual({ iam: {} });
    expect(long!.auth).toEqual({ iam: { maxSkewSeconds: 60 }, apiId: "files", stage: "prod" });
    expect(resolveRoutes([short, long])).toEqual([short, long]);
  });

  it.each([
    ["masterKey", /is the gateway's: COGNATE_MASTER_KEY/],
    ["roles", /is the gateway's: the files of policies\/roles\/ \(Node\) and the configuration's "roles"/],
    ["maxBodyBytes", /is the gateway's: the route's maxBodyBytes/],
  ])("refuses an iam route's own %s: it is the gateway's", (key, message) => {
    const error = problem([{ ...ROUTE, auth: { iam: { [key]: "x" } } }]);
    expect(error.path).toBe(`routes[0].auth.iam.${key}`);
    expect(error.problem).toMatch(message);
  });

  it.each([
    [{}, "routes", /must be an array of routes/],
    [["/orders"], "routes[0]", /must be an object/],
    [
      [ROUTE, { ...ROUTE, upstrem: "x" }],
      "routes[1].upstrem",
      /unknown field \(expected one of: method, path, upstream/,
    ],
    [[{ upstream: ROUTE.upstream, auth: "none" }], "routes[0].path", /is required/],
    [[{ ...ROUTE, path: "orders/*" }], "routes[0].path", /must be a path pattern starting with "\/"/],
    [[{ path: "/x", auth: "none" }], "routes[0].upstream", /is required/],
    [
      [{ ...ROUTE, upstream: "127.0.0.1:8080" }],
      "routes[0].upstream",
      /^must be an absolute http\(s\) URL, got "127\.0\.0\.1:8080"$/,
    ],
    [[{ ...ROUTE, upstream: "/relative" }], "routes[0].upstream", /must be an absolute http\(s\) URL/],
    [
      [{ ...ROUTE, upstream: "ftp://files.example" }],
      "routes[0].upstream",
      /must be an absolute http\(s\) URL/,
    ],
    [
      [{ ...ROUTE, upstream: "http://a.example/?v=1" }],
      "routes[0].upstream",
      /must have no query or fragment/,
    ],
    [[{ ...ROUTE, upstream: "http://a.example/#" }], "routes[0].upstream", /must have no query or fragment/],
    [
      [{ ...ROUTE, upstream: "http://user:pw@a.example" }],
      "routes[0].upstream",
      /must have no user name or password/,
    ],
    [[{ ...ROUTE, upstream: "" }], "routes[0].upstream", /must be a non-empty string/],
    [[{ ...ROUTE, stripPrefix: "orders" }], "routes[0].stripPrefix", /must start with "\/"/],
    [
      [{ ...ROUTE, stripPrefix: "/ord" }],
      "routes[0].stripPrefix",
      /must be a leading part of path "\/orders\/\*"/,
    ],
    [[{ ...ROUTE, stripPrefix: "/users" }], "routes[0].stripPrefix", /must be a leading part of path/],
    [[{ path: "/x", upstream: ROUTE.upstream }], "routes[0].auth", /is required \("none" for a public route/],
    [[{ ...ROUTE, auth: "None" }], "routes[0].auth", /must be "none", "iam" or authorizer options/],
    [[{ ...ROUTE, auth: { iam: true } }], "routes[0].auth.iam", /must be an object, got true/],
    [
      [{ ...ROUTE, auth: { iam: { maxSkew: 1 } } }],
      "routes[0].auth.iam.maxSkew",
      /unknown field \(expected one of: maxSkewSeconds\)/,
    ],
    [[{ ...ROUTE, auth: [AUTH] }], "routes[0].auth", /must be "none", "iam" or authorizer options/],
    [[{ ...ROUTE, auth: null }], "routes[0].auth", /must be "none", "iam" or authorizer options/],
    [
      [{ ...ROUTE, method: "FETCH" }],
      "routes[0].method",
      /must be one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, got "FETCH"/,
    ],
    [[{ ...ROUTE, method: "CONNECT" }], "routes[0].method", /must be one of/],
    [[{ ...ROUTE, method: ["GET", 3] }], "routes[0].method[1]", /must be one of/],
    [[{ ...ROUTE, method: ["GET", "*"] }], "routes[0].method[1]", /must be one of/],
    [[{ ...ROUTE, method: [] }], "routes[0].method", /must be "\*", a method or a non-empty array/],
    [[{ ...ROUTE, maxBodyBytes: -1 }], "routes[0].maxBodyBytes", /must be an integer from 0 to/],
    [[{ ...ROUTE, maxBodyBytes: 1.5 }], "routes[0].maxBodyBytes", /must be an integer/],
    [[{ ...ROUTE, maxBodyBytes: "1MB" }], "routes[0].maxBodyBytes", /must be an integer/],
    [[{ ...ROUTE, timeoutMs: 0 }], "routes[0].timeoutMs", /must be an integer from 1 to 3600000/],
    [[{ ...ROUTE, assertion: "yes" }], "routes[0].assertion", /must be true or false/],
    [
      [{ ...ROUTE, assertion: true }],
      "routes[0].assertion",
      /needs an authenticated route \(auth is "none"\)/,
    ],
  ])("names the field of %j", (routes, path, message) => {
    const error = problem(routes);
    expect(error.path).toBe(path);
    expect(error.problem).toMatch(message);
  });
});

describe("routes in the configuration", () => {
  it("are validated by resolveConfig, and named with their source by parseConfigText", () => {
    const routes = [ROUTE, ROUTE, { ...ROUTE, upstream: "not a url" }];
    expect(() => resolveConfig({ routes })).toThrow(
      /^routes\[2\]\.upstream: must be an absolute http\(s\) URL/,
    );
    try {
      parseConfigText(JSON.stringify({ routes }), "cognate.json");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).field).toBe("routes[2].upstream");
      expect((error as Error).message).toBe(
        'cognate.json: routes[2].upstream: must be an absolute http(s) URL, got "not a url"',
      );
    }
  });
});
