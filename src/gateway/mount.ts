import type { Context, Hono, MiddlewareHandler, Next } from "hono";
import type { GetConnInfo } from "hono/conninfo";
import { authorizer } from "../authorizer/index.js";
import type { AuthorizerOptions } from "../authorizer/options.js";
import type { Policy } from "../policy/types.js";
import { join, OptionsError } from "../util/validate.js";
import { ASSERTION_HEADER, ASSERTION_JWKS_PATH, AssertionSigner } from "./assertion.js";
import type { AssertionKeyJwk } from "./assertion-key.js";
import { upstreamRequestHeaders } from "./headers.js";
import { addIdentity, stripIdentity } from "./identity.js";
import { fetchForwarder, type Forwarder } from "./proxy.js";
import type { ResolvedRoute } from "./routes.js";
import { upstreamUrl } from "./url.js";
import { RouteMatcher } from "./matcher.js";
import { shadowingWarnings } from "./shadowing.js";
import { requestTransport, type GetScheme, type Transport } from "./transport.js";
import type { AddressSet } from "../user-pool/risk/risky-addresses.js";

/** What the route table needs from the configuration and the platform. */
export interface RouteTableOptions {
  routes: readonly ResolvedRoute[];
  /** Signs assertions; required when a route asks for them. */
  assertionKey: AssertionKeyJwk | undefined;
  /** `iss` of assertions: the gateway's public URL, else `"cognate"`. */
  issuer: string;
  /** The connection's peer, from the runtime (as Hono's `ipRestriction`): appended to `X-Forwarded-For`, and compared with `trustedProxies`. */
  getConnInfo?: GetConnInfo | undefined;
  /** The client's address for policies (`aws:SourceIp`): the peer, or whom a trusted proxy forwards. Default: `getConnInfo`. */
  clientConnInfo?: GetConnInfo | undefined;
  /** The fetch that reaches upstreams. Default: the global `fetch`. */
  fetch?: typeof fetch | undefined;
  /** Forwards each request to its upstream (see `RuntimeInfo.forward`). Default: {@link fetchForwarder}. */
  forward?: Forwarder | undefined;
  /** The default region of routes' execute-api ARNs. */
  region?: string | undefined;
  /** Named policies that routes' `auth.policies` may refer to. */
  policyFiles?: Readonly<Record<string, Policy>> | undefined;
  /** The scheme of the client's connection, from the runtime. Default: the request URL's (see `requestTransport`). */
  getScheme?: GetScheme | undefined;
  /** Peers whose `X-Forwarded-Proto` / `Forwarded` name the scheme. Default: none. */
  trustedProxies?: AddressSet | undefined;
  /** Match routes and build policy resources on the lower-cased path (see `GatewayConfig`). Default `false`. */
  caseInsensitivePaths?: boolean | undefined;
  /** Where start-up warnings go (a public route that catches what an authenticated one refuses). Default `console.warn`. */
  warn?: ((line: string) => void) | undefined;
}

/**
 * Mounts the route table on `app`, in order, after whatever `app` already routes: each route
 * strips client-sent `x-cognate-*` headers, runs its `authorizer()` (built here, so its options
 * are checked now), adds the verified identity (and an assertion) and forwards the request.
 * A request whose method a route does not list falls through to the next route, then to 404.
 * Routes match the canonical path (lower-cased with `caseInsensitivePaths`); a path that is
 * ambiguous (see `canonicalPath`, `foldCase`) is refused with 400.
 * With an assertion key, its JWKS is served at `/.well-known/cognate/assertion-jwks.json`.
 *
 * @throws {OptionsError} naming the field: `routes[1].auth.issuers[0].userPoolId`, or
 * `assertionKey` when a route asks for an assertion and there is no key.
 */
export function mountRouteTable(app: Hono, options: RouteTableOptions): void {
  const signer =
    options.assertionKey === undefined
      ? undefined
      : new AssertionSigner(options.assertionKey, options.issuer);
  const asking = options.routes.findIndex((route) => route.assertion);
  if (asking >= 0 && signer === undefined) {
    throw new OptionsError(
      "assertionKey",
      `is required: routes[${asking}] asks for an assertion (a private EC P-256 JWK)`,
    );
  }
  if (signer !== undefined) {
    app.get(ASSERTION_JWKS_PATH, async (c) =>
      c.json(await signer.jwks(), 200, { "cache-control": "public, max-age=300" }),
    );
  }
  const transport = requestTransport(options);
  const caseInsensitive = options.caseInsensitivePaths ?? false;
  const handlers = options.routes.map((route, i) => {
    const auth =
      route.auth === "none"
        ? undefined
        : routeAuthorizer(withDefaults(route.auth, options, transport), join(join("routes", i), "auth"));
    return routeHandler(route, auth, route.assertion ? signer : undefined, options, transport);
  });
  if (handlers.length === 0) return;
  for (const line of shadowingWarnings(options.routes, caseInsensitive))
    (options.warn ?? console.warn)(`cognate: warning: ${line}`);
  const table = new RouteMatcher(
    options.routes.map((route) => route.path),
    { caseInsensitive },
  );
  // biome-ignore lint/suspicious/noConfusingVoidType: Hono's `next()` resolves to void
  app.all("*", async function routeTable(c: Context, next: Next): Promise<Response | void> {
    const matched = table.match(c.req.url);
    if (matched === undefined) return c.json({ message: "Bad Request" }, 400);
    // In table order; a route that does not take the method hands on to the next.
    for (const i of matched) {
      const response = await handlers[i]!(c);
      if (response !== undefined) return response;
    }
    return next();
  });
}

function routeHandler(
  route: ResolvedRoute,
  auth: MiddlewareHandler | undefined,
  signer: AssertionSigner | undefined,
  options: RouteTableOptions,
  transport: Transport,
) {
  const audience = new URL(route.upstream).origin;
  const forward = options.forward ?? fetchForwarder;

  async function send(c: Context): Promise<Response> {
    const request = c.req.raw;
    const client = {
      address: options.getConnInfo?.(c).remote.address,
      scheme: transport.scheme(c),
      trustedProxy: transport.fromTrustedProxy(c),
    };
    const headers = upstreamRequestHeaders(request, client);
    stripIdentity(headers);
    if (auth !== undefined) {
      const principal = c.var.principal;
      addIdentity(headers, principal);
      if (signer !== undefined) headers.set(ASSERTION_HEADER, await signer.sign(principal, audience));
    }
    return forward(c, request, {
      url: upstreamUrl(route, request.url, { caseInsensitive: options.caseInsensitivePaths ?? false }),
      headers,
      maxBodyBytes: route.maxBodyBytes,
      timeoutMs: route.timeoutMs,
      fetch: options.fetch,
    });
  }

  return async function gatewayRoute(c: Context): Promise<Response | undefined> {
    if (!allows(route.method, c.req.method)) return undefined;
    if (auth === undefined) return send(c);
    // The authorizer throws an HTTPException (401, 403, 503) or calls on with the principal set.
    let response: Response | undefined;
    await auth(c, async () => {
      response = await send(c);
    });
    // An authorizer that neither threw nor called on must not hand the request to the next route.
    return response ?? c.json({ message: "Internal server error" }, 500);
  };
}

// HEAD is GET without a body (RFC 9110 §9.3.2), and Hono routes it as GET.
function allows(methods: "*" | string[], method: string): boolean {
  return methods === "*" || methods.includes(method) || (method === "HEAD" && methods.includes("GET"));
}

// A route's authorizer sees the gateway's region, the client's address and the policy files,
// unless its own options say otherwise; and always the gateway's transport (a route cannot read
// the scheme from the request URL, which a client writes) and, when it is on, the table's case rule.
function withDefaults(
  auth: AuthorizerOptions,
  options: RouteTableOptions,
  transport: Transport,
): AuthorizerOptions {
  const { region, policyFiles } = options;
  const getConnInfo = options.clientConnInfo ?? options.getConnInfo;
  const defaults: Partial<AuthorizerOptions> = {};
  if (region !== undefined) defaults.region = region;
  if (getConnInfo !== undefined) defaults.sourceIp = (c) => getConnInfo(c).remote.address;
  const policies =
    auth.policies === undefined || policyFiles === undefined
      ? auth.policies
      : { files: policyFiles, ...auth.policies };
  // A case-insensitive table's policies decide on the path it routes on: a route cannot opt out.
  const caseInsensitivePaths =
    (options.caseInsensitivePaths ?? false) || (auth.caseInsensitivePaths ?? false);
  return {
    ...defaults,
    ...auth,
    ...(policies === undefined ? {} : { policies }),
    caseInsensitivePaths,
    secureTransport: (c) => transport.scheme(c) === "https",
  };
}

function routeAuthorizer(options: AuthorizerOptions, path: string): MiddlewareHandler {
  try {
    return authorizer(options) as MiddlewareHandler;
  } catch (error) {
    if (!(error instanceof OptionsError)) throw error;
    const at = error.path === "(options)" ? path : `${path}.${error.path}`;
    throw new OptionsError(at, error.problem);
  }
}
