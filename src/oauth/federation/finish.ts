/**
 * The end of every federated sign-in, OIDC, social and SAML alike: the app's authorization
 * request is validated again as the client is now (a callback, a scope or the provider taken off
 * since the round trip began are honoured), the external identity becomes the pool's user
 * (helper "users"'s `federatedSignIn`), a browser session starts, and the code (or the implicit
 * tokens) is granted recording the identity provider, which the token endpoint checks again.
 */
import type { Context } from "hono";
import { type ExternalIdentity, federatedSignIn } from "../../user-pool/federation/federated-sign-in.js";
import { federatedSignInResult } from "../../user-pool/sign-in/index.js";
import { type AuthorizationRequest, authorizationRequest, supportsProvider } from "../authorize-request.js";
import { errorPage, errorRedirect } from "../errors.js";
import type { Authentication } from "../grant.js";
import type { Hosted } from "../hosted.js";
import { finishSignIn, mfaUnavailable } from "../login/finish.js";
import { requestContext } from "../request-context.js";
import type { FederationState } from "./state.js";

/**
 * [?] RFC 8176 has no method for "signed in at another identity provider"; cognate's tokens of a
 * federated sign-in carry `amr: ["fed"]` (and never `mfa`: an IdP's own MFA is not vouched for).
 */
export const FEDERATED_AMR: readonly string[] = ["fed"];

/**
 * The authorization request a round trip carries, validated as the client is now, naming the
 * provider: a query without `identity_provider` or `idp_identifier` (SAML IdP-initiated, from
 * RelayState) is read as naming `provider`.
 *
 * @returns the request, or the response that refuses it (error page or redirect)
 */
export async function carriedRequest(
  hosted: Hosted,
  query: string,
  provider: string,
): Promise<AuthorizationRequest | Response> {
  const params = new URLSearchParams(query);
  if (!params.has("identity_provider") && !params.has("idp_identifier"))
    params.set("identity_provider", provider);
  const request = await authorizationRequest(hosted, params);
  if (request instanceof Response) return request;
  // An identifier may have moved to another provider since the round trip began.
  if (request.identityProvider?.name !== provider)
    return errorRedirect(
      request,
      "invalid_request",
      `identity provider ${provider} is not the one requested`,
    ); // [?] words
  return request;
}

/**
 * Signs the external identity in and answers the app.
 *
 * @param state the round trip's opened state; `null` for a SAML IdP-initiated sign-in, whose
 * request (`query`) comes from RelayState
 * @returns 302 (303 after a POST) to the app's redirect URI with the code or tokens and the
 * browser session's cookie, or with `error` and `error_description` (federation.md §4.3); the
 * error page while the request itself does not validate
 * @example
 * ```ts
 * const identity = { provider, subject: claims.sub, claims };
 * return finishFederated(c, hosted, opened, identity);
 * ```
 */
export async function finishFederated(
  c: Context,
  hosted: Hosted,
  state: FederationState | null,
  identity: ExternalIdentity,
  query?: string,
): Promise<Response> {
  const carried = state?.query ?? query;
  if (carried === undefined)
    return errorPage(c, "invalid_request", "Invalid relay state from identity provider");
  if (state !== null && (state.provider !== identity.provider.name || state.poolId !== hosted.pool.id))
    return errorPage(c, "invalid_request", "Invalid state: it is for another identity provider");
  const request = await carriedRequest(hosted, carried, identity.provider.name);
  if (request instanceof Response) return request;
  if (state !== null && request.client.id !== state.clientId)
    return errorPage(c, "invalid_request", "Invalid state: it is for another client");
  // Defence in depth: carriedRequest checked it too, against the client as it is now.
  if (!supportsProvider(request.client, identity.provider.name))
    return errorRedirect(
      request,
      "unauthorized_client",
      `The client does not support ${identity.provider.name} sign-in`,
    );
  if (request.requireMfa) return mfaUnavailable(request);

  const result = await federatedSignIn(hosted.ctx, hosted.pool, identity, {
    clientId: request.client.id,
    headers: c.req.raw.headers,
  });
  if ("error" in result) return errorRedirect(request, result.error, result.description);
  // Recorded as the hosted sign-in records its end: the auth event the tokens' event_id names.
  const signedIn = await federatedSignInResult(
    hosted.ctx,
    hosted.pool,
    request.client,
    requestContext(c, hosted),
    result.user,
    FEDERATED_AMR,
  );
  const who: Authentication = { ...signedIn, identityProvider: identity.provider.name };
  return finishSignIn(c, hosted, request, who);
}
