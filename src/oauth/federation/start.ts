/**
 * The first leg of a federated sign-in: `/oauth2/authorize?identity_provider=X` (or
 * `idp_identifier=Y`) validated, the browser is sent to the provider by the starter of its type.
 * The OAuth-based types share one starter: the provider's authorization endpoint with
 * `client_id`, `redirect_uri` = `{the pool's hosted base}/oauth2/idpresponse` exactly,
 * `response_type=code`, the configured scopes with the provider's separator, cognate's sealed
 * `state` (never the app's), and where the provider takes them a `nonce` and an S256 PKCE
 * challenge (federation.md §2, §4.1). SAML's starter is helper "saml-sp"'s (`startSaml`).
 */
import { digests } from "#crypto";
import type { Context } from "hono";
import type { IdentityProviderRecord } from "../../storage/index.js";
import { bytesToBase64Url, utf8 } from "../../util/encoding.js";
import type { AuthorizationRequest } from "../authorize-request.js";
import { errorRedirect, redirect } from "../errors.js";
import type { Hosted } from "../hosted.js";
import { randomValue } from "../keys.js";
import { idpEndpoints, IdpSetupError } from "./endpoints.js";
import { KINDS, scopesOf } from "./kinds.js";
import { beginFederation } from "./state.js";
import { startSaml } from "../saml/start.js";

/** A starter: sends the browser to the identity provider for a validated request naming it. */
export type StartFederation = (
  c: Context,
  hosted: Hosted,
  request: AuthorizationRequest,
  provider: IdentityProviderRecord,
) => Promise<Response>;

/**
 * The absolute URL of one of the pool's endpoints as the browser reached the pool: on a domain's
 * host `{scheme}://{host}{path}`, under the issuer `{issuer}{path}`. The IdP's redirect URI is
 * `hostedUrl(c, hosted, "/oauth2/idpresponse")`, the same on both legs.
 *
 * @example
 * ```ts
 * hostedUrl(c, hosted, "/oauth2/idpresponse"); // "https://auth.example.com/us-east-1_AbC/oauth2/idpresponse"
 * ```
 */
export function hostedUrl(c: Context, hosted: Hosted, path: string): string {
  if (hosted.base !== "") return `${hosted.issuer}${path}`;
  // mountHostedUi chose the pool by this Host, which it checked to be a host name.
  const host = (c.req.header("host") ?? new URL(c.req.url).host).toLowerCase().replace(/\.$/, "");
  return `${hosted.https ? "https" : "http"}://${host}${path}`;
}

/** The redirect URI cognate registers at OIDC and social IdPs. */
export const idpRedirectUri = (c: Context, hosted: Hosted) => hostedUrl(c, hosted, "/oauth2/idpresponse");

/** The starter of the OAuth 2.0 / OpenID Connect types. */
export const startOAuth: StartFederation = async (c, hosted, request, provider) => {
  const kind = KINDS[provider.type];
  if (kind === undefined) return unsupported(request, provider);
  let authorize: URL;
  try {
    authorize = (await idpEndpoints(hosted.options.federation, provider, true)).authorize;
  } catch (error) {
    if (!(error instanceof IdpSetupError)) throw error;
    return errorRedirect(request, "server_error", error.message);
  }
  const nonce = kind.nonce ? randomValue() : undefined;
  const verifier = kind.pkce ? randomValue() : undefined;
  const { state, cookie } = await beginFederation(c, hosted, {
    provider: provider.name,
    clientId: request.client.id,
    query: request.query,
    ...(nonce === undefined ? {} : { idpNonce: nonce }),
    ...(verifier === undefined ? {} : { pkceVerifier: verifier }),
  });
  const params = authorize.searchParams;
  params.set("client_id", provider.details.client_id ?? "");
  params.set("redirect_uri", idpRedirectUri(c, hosted));
  params.set("response_type", "code");
  params.set("scope", scopesOf(kind, provider.details.authorize_scopes).join(kind.separator));
  params.set("state", state);
  if (nonce !== undefined) params.set("nonce", nonce);
  if (verifier !== undefined) {
    params.set("code_challenge", bytesToBase64Url(await digests.sha256(utf8(verifier))));
    params.set("code_challenge_method", "S256");
  }
  if (kind.formPost) params.set("response_mode", "form_post");
  const response = redirect(authorize.href, c.req.method === "POST" ? 303 : 302);
  response.headers.append("Set-Cookie", cookie);
  return response;
};

/**
 * One starter per ProviderType. SAML is added by helper "saml-sp" (`startSaml` of
 * src/oauth/saml/start.ts).
 */
export const STARTERS: Record<string, StartFederation> = {
  OIDC: startOAuth,
  Google: startOAuth,
  Facebook: startOAuth,
  LoginWithAmazon: startOAuth,
  SignInWithApple: startOAuth,
  SAML: startSaml,
};

/**
 * Sends the browser to the provider the request names (`request.identityProvider`).
 *
 * @example
 * ```ts
 * if (request.identityProvider !== undefined) return startFederation(c, hosted, request);
 * ```
 */
export async function startFederation(
  c: Context,
  hosted: Hosted,
  request: AuthorizationRequest,
): Promise<Response> {
  const provider = request.identityProvider;
  if (provider === undefined) throw new Error("startFederation: the request names no identity provider");
  const starter = STARTERS[provider.type];
  return starter === undefined ? unsupported(request, provider) : starter(c, hosted, request, provider);
}

function unsupported(request: AuthorizationRequest, provider: IdentityProviderRecord): Response {
  return errorRedirect(
    request,
    "invalid_request",
    `identity provider ${provider.name} of type ${provider.type} is not supported`, // [?] words
  );
}
