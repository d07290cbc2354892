/**
 * `POST /saml2/logout`: the SAML IdP's LogoutResponse (HTTP-POST binding) to the LogoutRequest
 * `/logout` sent it (federation.md §3.5). The RelayState names the request and where to go next
 * (saml/logout-state.ts); the response must be the IdP's, signed, to that request
 * (saml/logout-response.ts). Then the browser continues to the logout URI `/logout` validated, or
 * the signed-out page. Whatever the IdP's status, the session here ended at `/logout`. [?] An
 * IdP-initiated LogoutRequest posted here is not supported: the error page.
 */
import type { Context } from "hono";
import { idpMetadataOf } from "../../user-pool/federation/saml-idp.js";
import { SamlMetadataError } from "../../user-pool/federation/saml-metadata.js";
import { errorPage, redirect } from "../errors.js";
import { readForm, repeated } from "../form.js";
import type { Endpoint, Hosted } from "../hosted.js";
import { signedOutPage } from "../pages/signed-out.js";
import { openLogoutState } from "../saml/logout-state.js";
import {
  INVALID_RESPONSE_OR_RELAY_STATE,
  logUnexpectedSamlError,
  SamlError,
  UNEXPECTED_SAML_FAILURE,
} from "../saml/errors.js";
import { spEndpoints } from "../saml/sp.js";

const MAX_FORM_BYTES = 128 * 1024;

/** The endpoint (POST). An error no check foresaw is the error page too, never a 500. */
export const samlLogout: Endpoint = async (c, hosted) => {
  try {
    return await answer(c, hosted);
  } catch (error) {
    logUnexpectedSamlError("/saml2/logout", error);
    return errorPage(c, "invalid_request", `Invalid SAML response received: ${UNEXPECTED_SAML_FAILURE}`);
  }
};

async function answer(c: Context, hosted: Hosted): Promise<Response> {
  const form = await readForm(c, MAX_FORM_BYTES);
  if (typeof form === "string" || repeated(form, ["SAMLResponse", "SAMLRequest", "RelayState"]) !== undefined)
    return errorPage(c, "invalid_request", INVALID_RESPONSE_OR_RELAY_STATE);
  if (form.has("SAMLRequest"))
    return errorPage(c, "invalid_request", "IdP-initiated single logout is not supported"); // [?] words
  const state = await openLogoutState(hosted, form.get("RelayState") ?? "");
  if (state === null) return errorPage(c, "invalid_request", INVALID_RESPONSE_OR_RELAY_STATE);
  const provider = await (await hosted.ctx.store()).identityProviders.get(hosted.pool.id, state.provider);
  if (provider === null || provider.type !== "SAML")
    return errorPage(c, "invalid_request", INVALID_RESPONSE_OR_RELAY_STATE);
  const verifier = hosted.options.saml;
  if (verifier === undefined)
    return errorPage(
      c,
      "invalid_request",
      "Invalid SAML response received: This server does not verify SAML responses.",
    );
  try {
    const metadata = await idpMetadataOf(hosted.ctx, provider);
    await verifier.logoutResponse(form.get("SAMLResponse") ?? "", {
      idp: { entityId: metadata.entityId, certificates: metadata.signingCertificates },
      destination: spEndpoints(c, hosted).slo,
      requestId: state.requestId,
      now: hosted.ctx.now(),
    });
  } catch (error) {
    if (error instanceof SamlError)
      return errorPage(c, "invalid_request", `Invalid SAML response received: ${error.message}`);
    if (error instanceof SamlMetadataError)
      return errorPage(
        c,
        "invalid_request",
        "Invalid SAML response received: the identity provider's metadata is not available.",
      );
    throw error;
  }
  return state.after.kind === "redirect"
    ? redirect(state.after.location, 303)
    : signedOutPage(c, hosted, state.after.clientId);
}
