import { configOidcProviders, type OidcProviderConfig } from "./config-oidc-providers.js";
import { configRetention, type RetentionConfig, type RetentionSettingsConfig } from "./config-retention.js";
import { configRoles, type RoleDocument } from "./config-roles.js";
import { configTokenExchange, type TokenExchangeConfig } from "./config-token-exchange.js";
import { resolveAssertionKey, type AssertionKeyJwk } from "./gateway/assertion-key.js";
import { resolveRoutes, type ResolvedRoute, type RouteConfig } from "./gateway/routes.js";
import type { FederationOptions } from "./oauth/federation/options.js";
import { PKCE_POLICIES, type PkcePolicy } from "./oauth/pkce.js";
import { parseCidr } from "./policy/conditions/ip.js";
import type { TriggerSettings } from "./user-pool/triggers/index.js";
import { triggersOf, type TriggersConfig } from "./user-pool/triggers/options.js";
import { join, objectOf, optionalString, OptionsError, regionProblem, shown } from "./util/validate.js";

export type { TriggerFunctionConfig, TriggersConfig } from "./user-pool/triggers/options.js";

/**
 * The gateway's configuration: the JSON file named by `COGNATE_CONFIG` on Node, or the
 * `COGNATE_CONFIG` var on Workers. Environment variables override the fields they name.
 *
 * @example
 * ```json
 * {
 *   "region": "eu-west-1",
 *   "publicUrl": "https://auth.example.com",
 *   "routes": [
 *     { "path": "/public/*", "upstream": "http://127.0.0.1:8080", "auth": "none" },
 *     {
 *       "method": ["GET", "POST"], "path": "/orders/*", "upstream": "http://127.0.0.1:8080/v1", "stripPrefix": "/orders",
 *       "auth": { "issuers": [{ "type": "cognito", "userPoolId": "eu-west-1_AbCdEf", "clientId": null, "tokenUse": "access" }], "scopes": ["orders/read"] },
 *       "assertion": true
 *     }
 *   ]
 * }
 * ```
 */
export interface GatewayConfig {
  /** The AWS region cognate presents itself as (user pool ids, ARNs). Env `COGNATE_REGION`. Default `us-east-1`. */
  region?: string;
  /** The public base URL: token issuers are `{publicUrl}/{userPoolId}`. Env `COGNATE_PUBLIC_URL`. Default: the server's own address. */
  publicUrl?: string;
  /**
   * The route table: requests matching a route are authorized and forwarded to its upstream, in
   * order (`/health` and the assertion JWKS come first); others answer 404. Default: none.
   */
  routes?: RouteConfig[];
  /**
   * The private EC P-256 JWK that signs `x-cognate-assertion` for routes with `assertion: true`;
   * its public half is served at `/.well-known/cognate/assertion-jwks.json`. Default: on Node,
   * generated once and kept in `{COGNATE_DATA_DIR}/assertion-key.json`; on Workers, required
   * (in the `COGNATE_CONFIG` secret) when a route asks for an assertion.
   */
  assertionKey?: AssertionKeyJwk;
  /**
   * The proxies (IP addresses or CIDR blocks, IPv4 and IPv6) whose `X-Forwarded-Proto` and
   * `Forwarded: proto=` are believed: for a request from one of them, the scheme the client used
   * (`aws:SecureTransport`, the upstream's `X-Forwarded-Proto`) is the proxy's last value, `https`
   * only when every such header agrees. From anyone else, the connection's own scheme counts, and
   * these headers are dropped before the upstream. On Workers the scheme is Cloudflare's and the
   * setting is refused. Env `COGNATE_TRUSTED_PROXIES` (comma-separated). Default: none.
   *
   * @example
   * ```json
   * { "trustedProxies": ["10.0.0.0/8", "fd00::/8"] }
   * ```
   */
  trustedProxies?: string[];
  /**
   * Refuse (403) every request whose connection does not come from one of `trustedProxies`: for a
   * server meant to be reached only through them (a Node origin behind Cloudflare, with
   * Cloudflare's published ranges listed), so no one goes around the proxy and writes the headers
   * it would have overwritten. Requires `trustedProxies`; refused on Workers. Env
   * `COGNATE_TRUSTED_PROXIES_ONLY` (`true` or `false`). Default `false`.
   */
  trustedProxiesOnly?: boolean;
  /**
   * For upstreams that match paths case-insensitively (Express, ASP.NET): routes match, and
   * policies decide on, the lower-cased path (patterns and policy resources are lower-cased or
   * written so); the upstream still gets the path as sent. A path with a character whose case
   * maps into ASCII (the Kelvin sign, `ſ`, `ı`, `ß`, `ﬀ`) or does not round-trip is refused with 400. Default `false`: case-sensitive, as API Gateway.
   */
  caseInsensitivePaths?: boolean;
  /** The hosted UI and the OAuth 2.0 authorization server of the user pools. */
  hostedUi?: HostedUiConfig;
  /**
   * How the user pools reach their identity providers. For tests and development only, beyond
   * Cognito (which fixes the social providers' endpoints and refuses any IdP that is not https);
   * both switches are off by default and neither belongs in production.
   */
  federation?: FederationConfig;
  /** Where the pools' Lambda triggers run: see {@link TriggersConfig}. */
  triggers?: TriggersConfig;
  /**
   * IAM roles by name (`{ "Reader": { "AssumeRolePolicyDocument": ..., "Policies": { ... },
   * "MaxSessionDuration": 3600 } }`), the same documents as `policies/roles/<RoleName>.json` on
   * Node (a role in both is an error): what identity pools and STS issue credentials for, and
   * what `"auth": "iam"` routes evaluate. Default: none (on Node, the files alone).
   */
  roles?: Record<string, RoleDocument>;
  /**
   * The IAM OpenID Connect providers (`[{ "url": "https://login.example.com", "clientIds": ["app"] }]`)
   * whose ID tokens identity pools (`OpenIdConnectProviderARNs`, by
   * `arn:aws:iam::{account}:oidc-provider/login.example.com`) and STS accept. Default: none.
   */
  openIdConnectProviders?: readonly OidcProviderConfig[];
  /**
   * Who may exchange tokens at the pools' `/oauth2/token` (RFC 8693 token exchange):
   * `{ "policies": [...] }`, identity policies (documents, or names of policy files on Node)
   * deciding `cognito-idp:TokenExchange` on a resource server's ARN (docs/token-exchange.md).
   * Default: none, and every exchange is refused.
   */
  tokenExchange?: TokenExchangeConfig;
  /**
   * How long auth events are kept, and how often the retention purges run (docs/storage.md):
   * `{ "authEventDays": 730, "intervalSeconds": 60, "batchSize": 500 }`, the defaults.
   */
  retention?: RetentionConfig;
}

/**
 * `federation`: loopback stand-ins for identity providers (tests, development).
 *
 * @example
 * ```json
 * { "federation": { "endpointOrigins": { "https://accounts.google.com": "http://127.0.0.1:4001", "https://www.googleapis.com": "http://127.0.0.1:4001" }, "allowLoopbackHttp": true } }
 * ```
 */
export interface FederationConfig {
  /**
   * Origins rewritten before cognate calls an IdP or sends a browser to one (`{from: to}`, each an
   * origin with no path): Google's, Facebook's, Amazon's and Apple's fixed endpoints can then
   * point at loopback stand-ins that speak their protocols. The ID token's expected `iss` is not
   * rewritten. Real Cognito has no such thing. Env `COGNATE_FEDERATION_ENDPOINT_ORIGINS`
   * (`from=to` pairs separated by commas). Default: none.
   */
  endpointOrigins?: Record<string, string>;
  /**
   * Allow `http://` identity providers on loopback addresses (an OIDC `oidc_issuer` like
   * `http://127.0.0.1:4000`, in CreateIdentityProvider and at sign-in). Real Cognito refuses
   * them. Env `COGNATE_FEDERATION_LOOPBACK_HTTP` (`true` or `false`). Default `false`.
   */
  allowLoopbackHttp?: boolean;
}

/** `hostedUi`: where prefix domains answer, and when PKCE is required. */
export interface HostedUiConfig {
  /**
   * Prefix domains answer on `{prefix}.{domainSuffix}` (Cognito's are
   * `{prefix}.auth.{region}.amazoncognito.com`). Env `COGNATE_DOMAIN_SUFFIX`. Default
   * `localhost`: browsers resolve `*.localhost` to the loopback address without DNS.
   */
  domainSuffix?: string;
  /**
   * Which authorization-code requests must carry an S256 `code_challenge`: `public-clients`
   * (clients without a secret; the default), `all-clients`, or `optional` (as Cognito, which
   * never requires PKCE). Env `COGNATE_PKCE`.
   */
  pkce?: PkcePolicy;
}

/**
 * A validated configuration with its defaults: still a valid {@link GatewayConfig}.
 *
 * @example
 * ```ts
 * const config: ResolvedConfig = resolveConfig({ region: "eu-west-1" });
 * // { region: "eu-west-1", publicUrl: undefined, routes: [], assertionKey: undefined, trustedProxies: [], trustedProxiesOnly: false, caseInsensitivePaths: false,
 * //   hostedUi: { domainSuffix: "localhost", pkce: "public-clients" } }
 * ```
 */
export interface ResolvedConfig {
  region: string;
  publicUrl: string | undefined;
  routes: ResolvedRoute[];
  assertionKey: AssertionKeyJwk | undefined;
  trustedProxies: string[];
  trustedProxiesOnly: boolean;
  caseInsensitivePaths: boolean;
  hostedUi: Required<HostedUiConfig>;
  federation: FederationOptions;
  triggers: TriggerSettings;
  /** Validated, as given (see `roleRegistry` in config-roles.ts). */
  roles: Readonly<Record<string, RoleDocument>>;
  /** Validated, as given (see `oidcProviderMap` in config-oidc-providers.ts). */
  openIdConnectProviders: readonly OidcProviderConfig[];
  /** Validated, as given (see `tokenExchangePolicies` in config-token-exchange.ts). */
  tokenExchange: TokenExchangeConfig | undefined;
  retention: RetentionSettingsConfig;
}

const FIELDS = [
  "$schema",
  "region",
  "publicUrl",
  "routes",
  "assertionKey",
  "trustedProxies",
  "trustedProxiesOnly",
  "caseInsensitivePaths",
  "hostedUi",
  "federation",
  "triggers",
  "roles",
  "openIdConnectProviders",
  "tokenExchange",
  "retention",
];

/** Validates a configuration value; an error names the field (`publicUrl: must be ...`). */
export function resolveConfig(value: unknown): ResolvedConfig {
  const obj = objectOf(value ?? {}, "", FIELDS);
  const region = optionalString(obj, "region", "", regionProblem) ?? "us-east-1";
  const publicUrl = optionalString(obj, "publicUrl", "", (u) => {
    try {
      const url = new URL(u);
      if (url.protocol !== "https:" && url.protocol !== "http:") return "must be an http or https URL";
      // `search` and `hash` are "" for a bare "?" or "#", which would still swallow `/{userPoolId}`.
      return u.includes("?") || u.includes("#") ? "must have no query or fragment" : null;
    } catch {
      return "must be an absolute URL";
    }
  });
  const caseInsensitivePaths = obj.caseInsensitivePaths ?? false;
  if (typeof caseInsensitivePaths !== "boolean")
    throw new OptionsError(
      "caseInsensitivePaths",
      `must be true or false, got ${shown(caseInsensitivePaths)}`,
    );
  const trustedProxies = trustedProxiesOf(obj.trustedProxies);
  const trustedProxiesOnly = obj.trustedProxiesOnly ?? false;
  if (typeof trustedProxiesOnly !== "boolean")
    throw new OptionsError("trustedProxiesOnly", `must be true or false, got ${shown(trustedProxiesOnly)}`);
  if (trustedProxiesOnly && trustedProxies.length === 0)
    throw new OptionsError(
      "trustedProxiesOnly",
      "needs trustedProxies: with none, every request would be refused",
    );
  return {
    region,
    publicUrl: publicUrl?.replace(/\/+$/, ""),
    routes: resolveRoutes(obj.routes, "routes"),
    assertionKey: resolveAssertionKey(obj.assertionKey, "assertionKey"),
    trustedProxies,
    trustedProxiesOnly,
    caseInsensitivePaths,
    hostedUi: hostedUiOf(obj.hostedUi),
    federation: federationOf(obj.federation),
    triggers: triggersOf(obj.triggers),
    roles: configRoles(obj.roles),
    openIdConnectProviders: configOidcProviders(obj.openIdConnectProviders),
    tokenExchange: configTokenExchange(obj.tokenExchange),
    retention: configRetention(obj.retention),
  };
}

/** An origin as `URL.origin` writes it: http(s), a host, a port when not the default, no path. */
function originProblem(value: string): string | null {
  try {
    const url = new URL(value);
    if (url.protocol !== "http:" && url.protocol !== "https:") return "must be an http or https origin";
    return url.origin === value ? null : `must be an origin like ${url.origin} (no path, no trailing /)`;
  } catch {
    return "must be an origin like https://accounts.google.com";
  }
}

function federationOf(value: unknown): FederationOptions {
  const obj = objectOf(value ?? {}, "federation", ["endpointOrigins", "allowLoopbackHttp"]);
  const allowLoopbackHttp = obj.allowLoopbackHttp ?? false;
  if (typeof allowLoopbackHttp !== "boolean")
    throw new OptionsError(
      "federation.allowLoopbackHttp",
      `must be true or false, got ${shown(allowLoopbackHttp)}`,
    );
  const origins = obj.endpointOrigins ?? {};
  if (typeof origins !== "object" || origins === null || Array.isArray(origins))
    throw new OptionsError(
      "federation.endpointOrigins",
      `must be an object of origins, got ${shown(origins)}`,
    );
  const endpointOrigins: Record<string, string> = {};
  for (const [from, to] of Object.entries(origins)) {
    const path = join("federation.endpointOrigins", from);
    const fromProblem = originProblem(from);
    if (fromProblem !== null) throw new OptionsError(path, `the key ${fromProblem}`);
    if (typeof to !== "string") throw new OptionsError(path, `must be an origin, got ${shown(to)}`);
    const toProblem = originProblem(to);
    if (toProblem !== null) throw new OptionsError(path, toProblem);
    endpointOrigins[from] = to;
  }
  return { endpointOrigins, allowLoopbackHttp };
}

const DOMAIN_SUFFIX = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

function hostedUiOf(value: unknown): Required<HostedUiConfig> {
  const obj = objectOf(value ?? {}, "hostedUi", ["domainSuffix", "pkce"]);
  const domainSuffix =
    optionalString(obj, "domainSuffix", "hostedUi", (d) =>
      d.length <= 200 && DOMAIN_SUFFIX.test(d)
        ? null
        : "must be a lower-case host name like auth.example.com",
    ) ?? "localhost";
  const pkce =
    optionalString(obj, "pkce", "hostedUi", (p) =>
      (PKCE_POLICIES as readonly string[]).includes(p) ? null : `must be one of ${PKCE_POLICIES.join(", ")}`,
    ) ?? "public-clients";
  return { domainSuffix, pkce: pkce as PkcePolicy };
}

function trustedProxiesOf(value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value))
    throw new OptionsError(
      "trustedProxies",
      `must be an array of IP addresses or CIDR blocks, got ${shown(value)}`,
    );
  return value.map((entry: unknown, i) => {
    if (typeof entry !== "string" || parseCidr(entry.trim()) === undefined) {
      throw new OptionsError(
        join("trustedProxies", i),
        `must be an IP address or CIDR block, got ${shown(entry)}`,
      );
    }
    return entry.trim();
  });
}

/** A configuration that cannot be used: which source, which field, what is wrong. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(
    readonly source: string,
    readonly field: string,
    problem: string,
  ) {
    super(`${source}: ${field ? `${field}: ` : ""}${problem}`);
  }

  static from(source: string, error: unknown): ConfigError {
    if (error instanceof OptionsError) return new ConfigError(source, error.path, error.problem);
    return new ConfigError(source, "", error instanceof Error ? error.message : String(error));
  }
}

/** Validates a configuration value from `source`; an error names the source and the field. */
export function parseConfig(value: unknown, source: string): ResolvedConfig {
  try {
    return resolveConfig(value);
  } catch (error) {
    throw ConfigError.from(source, error);
  }
}

/** Parses configuration JSON text, naming the source on a syntax error. */
export function parseConfigText(text: string, source: string): ResolvedConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // Only the position: the parser's message quotes the text around it, which may be a key.
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message)?.[1];
    const where =
      position !== undefined
        ? `at character ${position}`
        : /end of JSON/i.test(message)
          ? "it ends too soon"
          : "an unexpected character";
    throw new ConfigError(source, "", `not valid JSON (${where})`);
  }
  return parseConfig(value, source);
}
