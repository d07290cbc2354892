/**
 * The pool as a SAML service provider (federation.md §3.1): its entity ID (the Audience of every
 * assertion it accepts) and its endpoints as absolute URLs, on the host and path the request came
 * by: under the issuer (`{publicUrl}/{poolId}/saml2/idpresponse`) or on the pool's domain
 * (`https://{domain}/saml2/idpresponse`, as Cognito's).
 */
import type { Context } from "hono";
import type { Hosted } from "../hosted.js";

/** The SP entity ID of a pool: `urn:amazon:cognito:sp:{userPoolId}` [doc]. */
export const spEntityId = (poolId: string) => `urn:amazon:cognito:sp:${poolId}`;

/** The pool's SP endpoints, absolute. */
export interface SpEndpoints {
  entityId: string;
  /** The AssertionConsumerService (HTTP-POST): `{base}/saml2/idpresponse`. */
  acs: string;
  /** The SingleLogoutService: `{base}/saml2/logout`. */
  slo: string;
  /** The SP metadata (beyond Cognito): `{base}/saml2/metadata`. */
  metadata: string;
}

/**
 * The absolute base of the request's hosted UI: the issuer (`{publicUrl}/{poolId}`) under the
 * issuer, `{scheme}://{host}` on a domain's host (the Host mountHostedUi chose the pool by). The
 * same rule as the OAuth starter's `hostedUrl` (../federation/start.ts, which imports this
 * module's starter, so it is not imported here).
 */
export function hostedBaseUrl(c: Context, hosted: Hosted): string {
  if (hosted.base !== "") return hosted.issuer;
  const host = (c.req.header("host") ?? new URL(c.req.url).host).toLowerCase().replace(/\.$/, "");
  return `${hosted.https ? "https" : "http"}://${host}`;
}

/**
 * The pool's SP entity ID and endpoints as this request reaches them.
 *
 * @example
 * ```ts
 * spEndpoints(c, hosted).acs; // "https://auth.example.com/us-east-1_AbC/saml2/idpresponse"
 * ```
 */
export function spEndpoints(c: Context, hosted: Hosted): SpEndpoints {
  const base = hostedBaseUrl(c, hosted);
  return {
    entityId: spEntityId(hosted.pool.id),
    acs: `${base}/saml2/idpresponse`,
    slo: `${base}/saml2/logout`,
    metadata: `${base}/saml2/metadata`,
  };
}
