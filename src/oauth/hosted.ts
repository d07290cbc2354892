/**
 * The shapes the hosted UI and the OAuth 2.0 authorization server share: the options they are
 * mounted with, the pool a request reached (`Hosted`), and an endpoint's signature.
 */
import type { Context } from "hono";
import type { GetConnInfo } from "hono/conninfo";
import type { Policy } from "../policy/types.js";
import type { PoolRecord } from "../storage/index.js";
import type { UserPoolContext } from "../user-pool/index.js";
import type { FederationOptions } from "./federation/options.js";
import type { SamlVerifier } from "./saml/verifier.js";
import type { PkcePolicy } from "./pkce.js";

/** How the hosted UI is mounted (src/app.ts builds it from the configuration). */
export interface HostedUiOptions {
  /** The configured public URL (issuers are `{publicUrl}/{poolId}`); default: the request's origin. */
  publicUrl: string | undefined;
  /**
   * Prefix domains answer on `{prefix}.{domainSuffix}` (`COGNATE_DOMAIN_SUFFIX`; default
   * `localhost`, which browsers resolve to the loopback address without DNS).
   */
  domainSuffix: string;
  /** The scheme the client used: the connection's, or a trusted proxy's word; never a client's header. */
  scheme: (c: Context) => "http" | "https";
  /** The client's address (after trusted proxies), for threat protection and the auth events. */
  getConnInfo?: GetConnInfo;
  /** Whether the request came from a trusted proxy, whose location headers may be believed. */
  fromTrustedProxy: (c: Context) => boolean;
  /**
   * Which authorization-code requests must use PKCE (`hostedUi.pkce`, `COGNATE_PKCE`; beyond
   * Cognito, which never requires it). Default `public-clients`: clients without a secret.
   */
  pkce?: PkcePolicy;
  /**
   * How identity providers are reached (`federation`; beyond Cognito, for tests and development):
   * endpoint origins rewritten, `http://` loopback IdPs allowed. Default: neither.
   */
  federation?: FederationOptions;
  /**
   * The SAML verifier (saml/verifier.ts; xml-crypto and xml-encryption, which need Workers'
   * `nodejs_compat`), handed in by the entry points. Default: none, and `/saml2/idpresponse` and
   * `/saml2/logout` refuse every response.
   */
  saml?: SamlVerifier;
  /**
   * The policies that decide who may exchange what at `/oauth2/token` (RFC 8693 token exchange,
   * grants/token-exchange.ts; the configuration's `tokenExchange.policies`, parsed). Default:
   * none, and every exchange is refused.
   */
  tokenExchange?: readonly Policy[];
}

/** One request to a pool's hosted UI or OAuth endpoint. */
export interface Hosted {
  ctx: UserPoolContext;
  pool: PoolRecord;
  /** The issuer of the pool's tokens: `{publicUrl}/{poolId}`. */
  issuer: string;
  /**
   * The path before the endpoint's own as this request reached it: `/{poolId}` under the
   * issuer, `""` on a domain's host. Links between pages are `${base}/login?...`.
   */
  base: string;
  /** Whether the request came over https (cookies get `Secure` and, where they can, `__Host-`). */
  https: boolean;
  options: HostedUiOptions;
}

/** An endpoint of the hosted UI or the authorization server. */
export type Endpoint = (c: Context, hosted: Hosted) => Response | Promise<Response>;

/**
 * An endpoint's place: its methods and its path on the domain (`/oauth2/token`, `/login`).
 * `OPTIONS` only for the endpoints a browser app calls across origins (CORS preflights).
 */
export interface EndpointRoute {
  methods: readonly ("GET" | "POST" | "OPTIONS")[];
  path: string;
  handler: Endpoint;
}
