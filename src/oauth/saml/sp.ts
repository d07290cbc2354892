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
 * issuer, `{scheme}://{host}` on a domain's host (the host the request was routed by).
 */
export function hostedBaseUrl(c: Context, hosted: Hosted): string {
  if (hosted.base !== "") return hosted.issuer;
  return `${hosted.https ? "https" : "http"}://${new URL(c.req.url).host}`;
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
