/**
 * The first leg of a SAML sign-in (federation.md §3.1, §4.1): `/oauth2/authorize` naming a SAML
 * provider sends the browser to its SSO URL (HTTP-Redirect) with an AuthnRequest, and as
 * RelayState the sealed, browser-bound state of ../federation/state.ts carrying the request's ID
 * (the InResponseTo its Response must name). The provider's metadata is read as sign-in reads it
 * (a MetadataURL refetched every 6 hours), so a moved SSO URL or a new WantAuthnRequestsSigned
 * takes effect.
 */
import type { Context } from "hono";
import type { IdentityProviderRecord } from "../../storage/index.js";
import { idpMetadataOf } from "../../user-pool/federation/saml-idp.js";
import { type IdpMetadata, SamlMetadataError } from "../../user-pool/federation/saml-metadata.js";
import type { AuthorizationRequest } from "../authorize-request.js";
import { errorRedirect, redirect } from "../errors.js";
import { beginFederation } from "../federation/state.js";
import type { Hosted } from "../hosted.js";
import { authnRequest } from "./authn-request.js";
import { spEndpoints } from "./sp.js";

/**
 * The SAML starter: the `SAML` entry of `STARTERS` (../federation/start.ts; its StartFederation
 * type, written out here because that module imports this one).
 *
 * @example
 * ```ts
 * export const STARTERS: Record<string, StartFederation> = { ..., SAML: startSaml };
 * ```
 */
export async function startSaml(
  c: Context,
  hosted: Hosted,
  request: AuthorizationRequest,
  provider: IdentityProviderRecord,
): Promise<Response> {
  let metadata: IdpMetadata;
  try {
    metadata = await idpMetadataOf(hosted.ctx, provider);
  } catch (error) {
    if (!(error instanceof SamlMetadataError)) throw error;
    // [?] words: Cognito's are not known for metadata that cannot be read at sign-in.
    return errorRedirect(request, "server_error", `[${provider.name}] Error - ${error.message}`);
  }
  let cookie = "";
  const { url } = await authnRequest(hosted.ctx, provider, metadata, spEndpoints(c, hosted), async (id) => {
    const begun = await beginFederation(c, hosted, {
      provider: provider.name,
      clientId: request.client.id,
      query: request.query,
      samlRequestId: id,
    });
    cookie = begun.cookie;
    return begun.state;
  });
  const response = redirect(url, c.req.method === "POST" ? 303 : 302);
  response.headers.append("Set-Cookie", cookie);
  return response;
}
