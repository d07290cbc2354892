import type { Context, Hono, MiddlewareHandler, Next } from "hono";
import type { GetConnInfo } from "hono/conninfo";
import { authorizer } from "../authorizer/index.js";
import { signedBody } from "../authorizer/iam/middleware.js";
import type { IamAuthorizerOptions } from "../authorizer/iam/options.js";
import type { AuthorizerOptions } from "../authorizer/options.js";
import type { RoleRegistry } from "../iam/roles.js";
import { SignatureThrottle } from "../protocol/sigv4-throttle.js";
import type { Policy } from "../policy/types.js";
import { join, OptionsError } from "../util/validate.js";
import { ASSERTION_HEADER, ASSERTION_JWKS_PATH, AssertionSigner } from "./assertion.js";
import type { AssertionKeyJwk } from "./assertion-key.js";
import { upstreamRequestHeaders } from "./headers.js";
import { addIamIdentity, addIdentity, stripIdentity } from "./identity.js";
import { fetchForwarder, type Forwarder } from "./proxy.js";
import type { IamRouteAuth, ResolvedRoute } from "./routes.js";
import { withoutPresignedQuery, withoutSigV4Headers } from "./sigv4-credentials.js";
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
  /** `COGNATE_MASTER_KEY`, which opens session tokens; required when a route's `auth` is `"iam"`. */
  masterKey?: string | CryptoKey | undefined;
  /** The roles sessions name; required (and not empty) when a route's `auth` is `"iam"`. */
  roles?: RoleRegistry | undefined;
  /** Failed SigV4 signatures, per access key and client network, shared with the other endpoints. Default: the table's own. */
  signatureThrottle?: SignatureThrottle | undefined;
}

/**
 * Mounts the route table on `app`, in order, after whatever `app` already routes: each route
 * strips client-sent `x-cognate-*` headers, runs its `authorizer()` (built here, so its options
 * are checked now), adds the verified identity (and an assertion) and forwards the request. An
 * `"iam"` route's SigV4 credentials (`Authorization`, `X-Amz-Security-Token`, the presigned
 * query's `X-Amz-*`) are not forwarded, and its body goes on as the authorizer read it.
 * A request whose method a route does not list falls through to the next route, then to 404.
 * Routes match the canonical path (lower-cased with `caseInsensitivePaths`); a path that is
 * ambiguous (see `canonicalPath`, `foldCase`) is refused with 400.
 * With an assertion key, its JWKS is served at `/.well-known/cognate/assertion-jwks.json`.
 *
 * @throws {OptionsError} naming the field: `routes[1].auth.issuers[0].userPoolId`, or
 * `assertionKey` when a route asks for an assertion and there is no key.
 */
export function mountRouteTable(app: Hono, given: RouteTableOptions): void {
  // One budget of failed signatures for every iam route (and whatever else shares the given one).
  const options = { ...given, signatureThrottle: given.signatureThrottle ?? new SignatureThrottle() };
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
    const at = join(join("routes", i), "auth");
    const auth =
      route.auth === "none"
        ? undefined
        : isIamRoute(route.auth)
          ? routeAuthorizer(iamDefaults(route.auth, route, options, transport, at), at)
          : routeAuthorizer(withDefaults(route.auth, options, transport), at);
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
  const iam = route.auth !== "none" && isIamRoute(route.auth);

  async function send(c: Context): Promise<Response> {
    // After a SigV4 authorizer, the request that carries the body it read.
    const request = c.req.raw;
    const client = {
      address: options.getConnInfo?.(c).remote.address,
      scheme: transport.scheme(c),
      trustedProxy: transport.fromTrustedProxy(c),
    };
    const headers = upstreamRequestHeaders(request, client);
    stripIdentity(headers);
    // A signature and a session token are the caller's credentials: they stop here.
    if (iam) withoutSigV4Headers(headers);
    if (auth !== undefined) {
      const principal = c.var.principal;
      if (principal.iam !== undefined) addIamIdentity(headers, principal.iam);
      else addIdentity(headers, principal);
      if (signer !== undefined) headers.set(ASSERTION_HEADER, await signer.sign(principal, audience));
    }
    const url = iam ? withoutPresignedQuery(request.url) : request.url;
    return forward(c, request, {
      url: upstreamUrl(route, url, { caseInsensitive: options.caseInsensitivePaths ?? false }),
      headers,
      maxBodyBytes: route.maxBodyBytes,
      timeoutMs: route.timeoutMs,
      fetch: options.fetch,
      ...(iam && { body: signedBody(request) }),
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

function isIamRoute(auth: IamRouteAuth | AuthorizerOptions): auth is IamRouteAuth {
  return "iam" in auth;
}

// An iam route's authorizer: the gateway's master key, roles, throttle and region, the route's
// body limit, the client's address and the gateway's transport, as bearer routes get them.
function iamDefaults(
  auth: IamRouteAuth,
  route: ResolvedRoute,
  options: RouteTableOptions,
  transport: Transport,
  path: string,
): IamAuthorizerOptions {
  const { masterKey, roles } = options;
  if (masterKey === undefined || masterKey === "")
    throw new OptionsError(path, '"iam" needs the master key that seals session tokens (COGNATE_MASTER_KEY)');
  if (roles === undefined || roles.size === 0)
    throw new OptionsError(
      path,
      '"iam" needs roles: the files of policies/roles/ (Node) or the configuration\'s "roles"',
    );
  const getConnInfo = options.clientConnInfo ?? options.getConnInfo;
  return {
    ...(options.region === undefined ? {} : { region: options.region }),
    ...auth,
    iam: {
      ...auth.iam,
      masterKey,
      roles,
      maxBodyBytes: route.maxBodyBytes,
      ...(options.signatureThrottle !== undefined && { throttle: options.signatureThrottle }),
    },
    ...(getConnInfo === undefined ? {} : { sourceIp: (c: Context) => getConnInfo(c).remote.address }),
    caseInsensitivePaths: (options.caseInsensitivePaths ?? false) || (auth.caseInsensitivePaths ?? false),
    secureTransport: (c) => transport.scheme(c) === "https",
  };
}

function routeAuthorizer(options: AuthorizerOptions | IamAuthorizerOptions, path: string): MiddlewareHandler {
  try {
    return authorizer(options) as MiddlewareHandler;
  } catch (error) {
    if (!(error instanceof OptionsError)) throw error;
    const at = error.path === "(options)" ? path : `${path}.${error.path}`;
    throw new OptionsError(at, error.problem);
  }
}
