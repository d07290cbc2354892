import type { IamAuthorizerOptions } from "../authorizer/iam/options.js";
import type { AuthorizerOptions } from "../authorizer/options.js";
import { join, objectOf, OptionsError, requiredString, optionalString, shown } from "../util/validate.js";

/**
 * One entry of the gateway's route table: requests matching `method` and `path` are authorized
 * (unless `auth` is `"none"`) and forwarded to `upstream`.
 *
 * @example
 * ```json
 * {
 *   "method": ["GET", "POST"],
 *   "path": "/orders/*",
 *   "upstream": "http://127.0.0.1:8080/base",
 *   "stripPrefix": "/orders",
 *   "auth": { "issuers": [{ "type": "cognito", "userPoolId": "us-east-1_AbCdEf", "clientId": null, "tokenUse": "access" }], "scopes": ["orders/read"] },
 *   "maxBodyBytes": 1048576,
 *   "timeoutMs": 29000,
 *   "assertion": true
 * }
 * ```
 */
export interface RouteConfig {
  /** An HTTP method, a list of them, or `"*"` for any. A route for `GET` also answers `HEAD`. Default `"*"`. */
  method?: string | string[];
  /** A Hono path pattern (`/orders/*`, `/users/:id`). Required. */
  path: string;
  /** The absolute http(s) URL requests are forwarded to; its path prefixes the request's path. No query or fragment. Required. */
  upstream: string;
  /** Removed from the start of the request's path (at a `/` boundary) before it is appended to `upstream`'s path. Default: nothing removed. */
  stripPrefix?: string;
  /**
   * `"none"` for a public route; `"iam"` (or {@link IamRouteAuth}) for SigV4 requests signed with
   * cognate's temporary credentials; else the options of `authorizer()` for bearer tokens,
   * validated by it at start-up. Required.
   */
  auth: "none" | "iam" | IamRouteAuth | AuthorizerOptions;
  /** Larger request bodies are refused with 413, whether announced by `Content-Length` or counted while streaming. Default 1048576 (1 MiB). */
  maxBodyBytes?: number;
  /** 504 when the upstream's response headers have not arrived after this long. Default 29000 (API Gateway's integration timeout). */
  timeoutMs?: number;
  /** Adds `x-cognate-assertion`, a 60-second ES256 JWT about the caller, signed with `assertionKey`. Needs `auth`. Default `false`. */
  assertion?: boolean;
}

/**
 * A route's SigV4 authorization (`"auth": "iam"`, or this object to name the execute-api ARN's
 * parts): requests signed with the temporary credentials cognate issues, allowed by their role's
 * policies. The master key (`COGNATE_MASTER_KEY`), the roles (`policies/roles/`, the
 * configuration's `roles`), the signature throttle and the body limit (`maxBodyBytes`) are the
 * gateway's; the region, by default, too.
 *
 * @example
 * ```json
 * { "path": "/files/*", "upstream": "http://127.0.0.1:8080", "auth": { "iam": {}, "apiId": "files", "stage": "prod" } }
 * ```
 */
export interface IamRouteAuth
  extends Omit<IamAuthorizerOptions, "iam" | "sourceIp" | "secureTransport" | "now"> {
  iam: { maxSkewSeconds?: number };
}

/**
 * A validated route with its defaults applied. Still a valid {@link RouteConfig}, so a resolved
 * configuration can be resolved again.
 */
export interface ResolvedRoute {
  /** `"*"`, or upper-case method names. */
  method: "*" | string[];
  path: string;
  /** Origin and path, without trailing slashes. */
  upstream: string;
  /** Without trailing slashes; `undefined` when nothing is stripped. */
  stripPrefix: string | undefined;
  /** `"iam"` becomes `{ iam: {} }`. */
  auth: "none" | IamRouteAuth | AuthorizerOptions;
  maxBodyBytes: number;
  timeoutMs: number;
  assertion: boolean;
}

const FIELDS = [
  "method",
  "path",
  "upstream",
  "stripPrefix",
  "auth",
  "maxBodyBytes",
  "timeoutMs",
  "assertion",
];
// What `fetch` can send: CONNECT and TRACE are forbidden methods.
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/** Validates the `routes` field, naming the bad one (`routes[2].upstream: ...`). */
export function resolveRoutes(value: unknown, path = "routes"): ResolvedRoute[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new OptionsError(path, `must be an array of routes, got ${shown(value)}`);
  return value.map((route: unknown, i) => resolveRoute(route, join(path, i)));
}

function resolveRoute(value: unknown, path: string): ResolvedRoute {
  const obj = objectOf(value, path, FIELDS);
  const routePath = requiredString(obj, "path", path, (p) =>
    p.startsWith("/") ? null : 'must be a path pattern starting with "/"',
  );
  const upstream = requiredString(obj, "upstream", path, upstreamProblem);
  const stripPrefix = optionalString(obj, "stripPrefix", path, (p) => {
    if (!p.startsWith("/")) return 'must start with "/"';
    const prefix = trimSlashes(p);
    const boundary = routePath.length === prefix.length || routePath[prefix.length] === "/";
    return routePath.startsWith(prefix) && boundary
      ? null
      : `must be a leading part of path ${JSON.stringify(routePath)}`;
  });
  const auth = resolveAuth(obj.auth, join(path, "auth"));
  const assertion = obj.assertion ?? false;
  if (typeof assertion !== "boolean")
    throw new OptionsError(join(path, "assertion"), `must be true or false, got ${shown(assertion)}`);
  if (assertion && auth === "none")
    throw new OptionsError(join(path, "assertion"), 'needs an authenticated route (auth is "none")');
  return {
    method: resolveMethod(obj.method, join(path, "method")),
    path: routePath,
    upstream: normalUpstream(upstream),
    stripPrefix:
      stripPrefix === undefined || trimSlashes(stripPrefix) === "" ? undefined : trimSlashes(stripPrefix),
    auth,
    maxBodyBytes: integer(obj, "maxBodyBytes", path, 0, 2 ** 32) ?? 1_048_576,
    timeoutMs: integer(obj, "timeoutMs", path, 1, 3_600_000) ?? 29_000,
    assertion,
  };
}

function upstreamProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "must be an absolute http(s) URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "must be an absolute http(s) URL";
  // `search` and `hash` are "" for a bare "?" or "#": look at the text.
  if (value.includes("?") || value.includes("#")) return "must have no query or fragment";
  // fetch refuses a URL with credentials; say so now rather than on every request.
  if (url.username !== "" || url.password !== "") return "must have no user name or password";
  return null;
}

function resolveMethod(value: unknown, path: string): "*" | string[] {
  if (value === undefined || value === "*") return "*";
  const list = typeof value === "string" ? [value] : value;
  if (!Array.isArray(list) || list.length === 0) {
    throw new OptionsError(
      path,
      `must be "*", a method or a non-empty array of methods, got ${shown(value)}`,
    );
  }
  return list.map((m: unknown, i) => {
    const method = typeof m === "string" ? m.toUpperCase() : m;
    if (typeof method !== "string" || !METHODS.includes(method)) {
      const at = typeof value === "string" ? path : join(path, i);
      throw new OptionsError(at, `must be one of ${METHODS.join(", ")}, got ${shown(m)}`);
    }
    return method;
  });
}

// What an iam route takes from the gateway, and where the gateway takes it from.
const GATEWAY_IAM: Record<string, string> = {
  masterKey: "COGNATE_MASTER_KEY",
  roles: 'the files of policies/roles/ (Node) and the configuration\'s "roles"',
  throttle: "one throttle of failed signatures for every endpoint",
  maxBodyBytes: "the route's maxBodyBytes",
};

// The authorizer validates its own options when the gateway builds it; here only the shape, and
// that an iam route leaves to the gateway what is the gateway's.
function resolveAuth(value: unknown, path: string): "none" | IamRouteAuth | AuthorizerOptions {
  if (value === undefined)
    throw new OptionsError(path, 'is required ("none" for a public route, "iam", or authorizer options)');
  if (value === "none") return "none";
  if (value === "iam") return { iam: {} };
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new OptionsError(
      path,
      `must be "none", "iam" or authorizer options ({ "issuers": [...] }), got ${shown(value)}`,
    );
  }
  if ("iam" in value) {
    const at = join(path, "iam");
    for (const [key, source] of Object.entries(GATEWAY_IAM)) {
      if (typeof value.iam === "object" && value.iam !== null && key in value.iam)
        throw new OptionsError(join(at, key), `is the gateway's: ${source}`);
    }
    const iam = objectOf(value.iam, at, ["maxSkewSeconds"]);
    return { ...(value as IamRouteAuth), iam: iam as IamRouteAuth["iam"] };
  }
  return value as AuthorizerOptions;
}

function integer(
  obj: Record<string, unknown>,
  key: string,
  path: string,
  min: number,
  max: number,
): number | undefined {
  const value = obj[key];
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new OptionsError(join(path, key), `must be an integer from ${min} to ${max}, got ${shown(value)}`);
  }
  return value;
}

// The parser's spelling (lower-case host, default port dropped, path encoded), without trailing slashes.
function normalUpstream(value: string): string {
  const url = new URL(value);
  return url.origin + trimSlashes(url.pathname);
}

function trimSlashes(value: string): string {
  return value.replace(/\/+$/, "");
}
