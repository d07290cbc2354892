import { Hono, type MiddlewareHandler } from "hono";
import type { GetConnInfo } from "hono/conninfo";
import { HTTPException } from "hono/http-exception";
import { mountAdmin, type AdminOptions } from "./admin/index.js";
import { mountHostedUi } from "./oauth/index.js";
import type { SamlVerifier } from "./oauth/saml/verifier.js";
import { resolveConfig, type GatewayConfig } from "./config.js";
import { oidcProviderMap } from "./config-oidc-providers.js";
import { roleRegistry } from "./config-roles.js";
import { tokenExchangePolicies } from "./config-token-exchange.js";
import type { RoleRegistry } from "./iam/roles.js";
import { mountRouteTable } from "./gateway/mount.js";
import { clientConnInfo, onlyFromTrustedProxies, withoutLocation } from "./gateway/client-address.js";
import { OptionsError } from "./util/validate.js";
import type { Forwarder } from "./gateway/proxy.js";
import { requestTransport, type GetScheme, type Transport } from "./gateway/transport.js";
import type { Policy } from "./policy/types.js";
import { declaresAwsJson, namesTarget, requestTarget } from "./protocol/json/index.js";
import {
  COGNITO_IDENTITY_TARGET_PREFIX,
  identityPoolContext,
  identityPoolService,
  mountIdentityDiscovery,
} from "./identity-pool/index.js";
import { SignatureThrottle } from "./protocol/sigv4.js";
import type { Sender } from "./delivery/message.js";
import type { SqlDriver } from "./storage/index.js";
import {
  addressSet,
  type AddressSet,
  mountDiscovery,
  mountFeedbackPage,
  mountRevocationFeed,
  userPoolContext,
  userPoolService,
} from "./user-pool/index.js";
import type { TriggerInvoker } from "./user-pool/triggers/index.js";
import type { CodeEncrypter } from "./user-pool/triggers/code-encryption.js";
import { mountSts } from "./sts/index.js";
import { canonicalPath } from "./util/path.js";
import { VERSION } from "./version.js";

/**
 * Facts about the platform, handed in by the entry point (never sniffed).
 *
 * @example
 * ```ts
 * import { getConnInfo } from "@hono/node-server/conninfo";
 * createGateway(config, { name: "node", getConnInfo });
 * ```
 */
export interface RuntimeInfo {
  /** `node` or `workerd`. */
  name: string;
  /** The client's connection, for `X-Forwarded-For` (as Hono's `ipRestriction` takes it). Default: the address is not forwarded. */
  getConnInfo?: GetConnInfo;
  /**
   * The scheme of the connection a request came on, for `aws:SecureTransport` and the upstream's
   * `X-Forwarded-Proto`: on Node, TLS on the socket (`nodeScheme`); in workerd, the request URL's,
   * which Cloudflare sets. Default: the request URL's scheme.
   */
  getScheme?: GetScheme;
  /** Where start-up warnings about the route table go. Default `console.warn`. */
  warn?: (line: string) => void;
  /**
   * The user pools' public URL when the configuration sets none (`publicUrl`): on Node, the address
   * the server listens on, so that a client's Host header never names a token's issuer. Default:
   * the request's origin, which only a platform that routes by host (Cloudflare) may leave so.
   */
  defaultPublicUrl?: string;
  /** The admin key pair SigV4-signed admin calls must use. Default: admin calls are refused. */
  adminCredentials?: AdminOptions["credentials"];
  /**
   * In development only: a sentence telling where the admin key pair is, added to the
   * UnrecognizedClientException a user-pool call signed with another key gets. Default: none.
   */
  adminKeyHint?: string;
  /** Named policies (on Node, the files of `policies/`) that routes' `auth.policies` may name. */
  policyFiles?: Readonly<Record<string, Policy>>;
  /**
   * Forwards a route's request to its upstream, with `forward`'s contract (413, 502, 504,
   * hop-by-hop headers, streaming both ways). On Node, `nodeForward` from
   * `src/gateway/forward.node.ts` writes straight to `@hono/node-server`'s response, about twice
   * as fast as `fetch`. Default: `forward` on the global `fetch`.
   */
  forward?: Forwarder;
  /**
   * User-pool storage (`openSqlite` on Node, `d1Driver` on Workers), migrated on first use. With
   * it, `POST /` with an `X-Amz-Target` answers the Cognito IdP API and the pools' JWKS and
   * discovery documents are served. Default: no user pools.
   */
  storage?: SqlDriver;
  /** `COGNATE_MASTER_KEY` (32 bytes of base64), which seals the pools' signing keys. Default: CreateUserPool fails. */
  masterKey?: string;
  /** Delivers verification codes and temporary passwords. Default: deliveries fail. */
  sender?: Sender;
  /** `COGNATE_BREACHED_RANGE_URL` (Node): a k-anonymity range API for compromised-password checks. */
  breachedRangeUrl?: string;
  /** Known-bad client addresses for threat protection (`COGNATE_RISKY_IPS_FILE` on Node, `COGNATE_RISKY_IPS`). */
  riskyAddresses?: AddressSet;
  /**
   * `COGNATE_REVOCATION_FEED_SECRET`: the pools' revocation feeds answer only
   * `Authorization: Bearer <secret>` (give it to `authorizer()` as `revocations.secret`). At
   * least 32 characters. Default: the feeds are closed (401).
   */
  revocationFeedSecret?: string;
  /**
   * The SAML verifier (xml-crypto, xml-encryption: `node:crypto`, so `nodejs_compat` on Workers).
   * Default: none, and SAML responses are refused; the entry points pass `SAML_VERIFIER`.
   */
  saml?: SamlVerifier;
  /**
   * Runs the pools' Lambda triggers (src/user-pool/triggers/): the entry points build it from the
   * configuration's `triggers`; a library user may pass `functionInvoker({ arn: handler })`.
   * Default: none, and a pool whose `LambdaConfig` names a function gets UnexpectedLambdaException.
   */
  triggers?: TriggerInvoker;
  /**
   * Encrypts the codes the custom sender triggers get: `codeEncrypterFromKey(config.triggers.senderKey)`
   * (src/user-pool/triggers/code-encryption.node.ts). Default: none, and such a send fails.
   */
  codeEncrypter?: CodeEncrypter;
  /** How long one trigger invocation may take, in ms. Default: the configuration's `triggers.timeoutMs` (5000). */
  triggerTimeoutMs?: number;
  /**
   * Every role, the configuration's `roles` included: on Node the entry point merges them with the
   * files of `policies/roles/` (`mergeRoles`). Default: the configuration's `roles`.
   */
  roles?: RoleRegistry;
  /**
   * The user pools' clock (epoch ms): token times, code and session expiry, and the freshness of
   * signed admin calls. Default `Date.now`. For tests and time-compressed soaks.
   */
  now?: () => number;
}

/**
 * The cognate gateway as a Hono app: the same app serves on Node (`npm start`) and in workerd
 * (`wrangler dev`). Mount it, or serve `app.fetch`.
 *
 * @example
 * ```ts
 * import { serve } from "@hono/node-server";
 * import { createGateway } from "cognate";
 *
 * const app = createGateway({
 *   region: "eu-west-1",
 *   routes: [{ path: "/orders/*", upstream: "http://127.0.0.1:8080", auth: { issuers: [{ type: "cognito", userPoolId: "eu-west-1_AbCdEf", clientId: null, tokenUse: "access" }] } }],
 * });
 * serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 9229 });
 * ```
 *
 * @throws {OptionsError} when the configuration is invalid, naming the field (a route's
 * authorizer options included: `routes[0].auth.issuers[0].userPoolId`).
 */
export function createGateway(options: GatewayConfig = {}, runtime: RuntimeInfo = { name: "unknown" }): Hono {
  const config = resolveConfig(options);
  // Every role: what identity pools and STS issue credentials for, and what iam routes evaluate.
  const roles = runtime.roles ?? roleRegistry(config.roles);
  // Checked here, storage or not: a name without a file is the configuration's error.
  const tokenExchange = tokenExchangePolicies(config.tokenExchange, runtime.policyFiles);
  const app = new Hono();
  const proxies =
    config.trustedProxies.length === 0 ? undefined : addressSet(config.trustedProxies.join("\n"));
  // The peer is the connection's; the client is who a trusted proxy says it forwards.
  const peer = runtime.getConnInfo;
  const client = peer !== undefined && proxies !== undefined ? clientConnInfo(peer, proxies) : peer;
  if (config.trustedProxiesOnly) {
    if (peer === undefined || proxies === undefined)
      throw new OptionsError(
        "trustedProxiesOnly",
        "needs trustedProxies and a runtime that reports the peer's address",
      );
    app.use("*", onlyFromTrustedProxies(peer, proxies));
  }

  app.get("/health", (c) =>
    c.json({
      status: "ok",
      service: "cognate",
      version: VERSION,
      runtime: runtime.name,
      region: config.region,
    }),
  );
  // Before the route table, so that no route (a "/*" one) can shadow them.
  // One budget of failed signatures per key and client network, for every endpoint the admin key signs.
  const signatureThrottle = new SignatureThrottle();
  mountAdmin(app, {
    credentials: runtime.adminCredentials,
    region: config.region,
    signatureThrottle,
    getConnInfo: client,
  });
  const { fromTrustedProxy, scheme } = requestTransport({
    getConnInfo: peer,
    trustedProxies: proxies,
    getScheme: runtime.getScheme,
  });
  if (runtime.storage !== undefined)
    mountUserPools(
      app,
      config,
      { ...runtime, roles, getConnInfo: client },
      runtime.storage,
      signatureThrottle,
      {
        fromTrustedProxy,
        scheme,
      },
      tokenExchange,
    );
  if (config.routes.length > 0) app.use("*", refuseAmbiguousPaths);
  mountRouteTable(app, {
    masterKey: runtime.masterKey,
    roles,
    signatureThrottle,
    routes: config.routes,
    assertionKey: config.assertionKey,
    issuer: config.publicUrl ?? "cognate",
    getConnInfo: peer,
    clientConnInfo: client,
    region: config.region,
    policyFiles: runtime.policyFiles,
    forward: runtime.forward,
    getScheme: runtime.getScheme,
    trustedProxies: proxies,
    caseInsensitivePaths: config.caseInsensitivePaths,
    warn: runtime.warn,
  });

  app.notFound((c) => c.json({ message: "Not Found" }, 404));
  app.onError((error, c) => {
    if (error instanceof HTTPException) return error.getResponse();
    // API Gateway's words for its own failures; details stay out of the response.
    console.error("cognate: unhandled error:", error instanceof Error ? error.stack : error);
    return c.json({ message: "Internal server error" }, 500);
  });
  return app;
}

// `POST /` is the Cognito API only when it names an operation; otherwise it is the route table's.
function mountUserPools(
  app: Hono,
  config: ReturnType<typeof resolveConfig>,
  runtime: RuntimeInfo,
  storage: SqlDriver,
  signatureThrottle: SignatureThrottle,
  { fromTrustedProxy, scheme }: Transport,
  tokenExchange: readonly Policy[],
): void {
  const ctx = userPoolContext({
    storage,
    ...(runtime.now === undefined ? {} : { now: runtime.now }),
    masterKey: runtime.masterKey,
    region: config.region,
    sender: runtime.sender,
    publicUrl: config.publicUrl ?? runtime.defaultPublicUrl,
    breachedRangeUrl: runtime.breachedRangeUrl,
    riskyAddresses: runtime.riskyAddresses,
    domainSuffix: config.hostedUi.domainSuffix,
    allowLoopbackHttpIdps: config.federation.allowLoopbackHttp,
    triggers: runtime.triggers,
    codeEncrypter: runtime.codeEncrypter,
    triggerTimeoutMs: runtime.triggerTimeoutMs ?? config.triggers.timeoutMs,
  });
  const idp = userPoolService(ctx, {
    adminCredentials: runtime.adminCredentials,
    getConnInfo: runtime.getConnInfo,
    signatureThrottle,
    unknownKeyHint: runtime.adminKeyHint,
  });
  const identityContext = identityPoolContext(ctx, {
    ...(runtime.roles !== undefined && { roles: runtime.roles }),
    oidcProviders: oidcProviderMap(config.openIdConnectProviders),
  });
  const identity = identityPoolService(identityContext, {
    adminCredentials: runtime.adminCredentials,
    getConnInfo: runtime.getConnInfo,
    signatureThrottle,
    unknownKeyHint: runtime.adminKeyHint,
  });
  const isIdentityCall = (request: Request) =>
    requestTarget(request)?.startsWith(`${COGNITO_IDENTITY_TARGET_PREFIX}.`) === true;
  // A presigned call names its operation in the query (the signer moves X-Amz-Target there); a
  // call made by hand that names none still declares AWS JSON, and is told how to name one.
  const isCognitoCall = (request: Request) =>
    namesTarget(request) ||
    (request.method === "POST" && declaresAwsJson(request)) ||
    /(^|,)\s*x-amz-target\s*(,|$)/i.test(request.headers.get("access-control-request-headers") ?? "");
  // Location headers are believed only from a trusted proxy (in Workers, request.cf is used instead).
  app.on(["POST", "OPTIONS"], "/", (c, next) =>
    isCognitoCall(c.req.raw)
      ? (isIdentityCall(c.req.raw) ? identity : idp).fetch(
          withoutLocation(c.req.raw, fromTrustedProxy(c)),
          c.env,
        )
      : next(),
  );
  mountDiscovery(app, ctx, { publicUrl: config.publicUrl ?? runtime.defaultPublicUrl });
  mountIdentityDiscovery(app, identityContext);
  mountSts(app, identityContext);
  mountHostedUi(app, ctx, {
    publicUrl: config.publicUrl ?? runtime.defaultPublicUrl,
    domainSuffix: config.hostedUi.domainSuffix,
    pkce: config.hostedUi.pkce,
    federation: config.federation,
    ...(runtime.saml === undefined ? {} : { saml: runtime.saml }),
    tokenExchange,
    scheme,
    getConnInfo: runtime.getConnInfo,
    fromTrustedProxy,
  });
  mountRevocationFeed(app, ctx, { secret: runtime.revocationFeedSecret });
  mountFeedbackPage(app, ctx);
}

// Routing decides on one reading of the path and the upstream may serve another (`//admin`
// merged by nginx, `%2F` decoded by WSGI): such paths never reach a route.
const refuseAmbiguousPaths: MiddlewareHandler = async (c, next) => {
  if (canonicalPath(c.req.url) === undefined) return c.json({ message: "Bad Request" }, 400);
  await next();
};
