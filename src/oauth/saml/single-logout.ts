/**
 * Single logout with a SAML IdP (IDPSignout, federation.md §3.5). `/logout` for a browser whose
 * session came from a SAML sign-in with a provider that has IDPSignout "true" and a
 * SingleLogoutService: the session ends here as always, then the browser goes to the IdP with a
 * signed LogoutRequest naming the sign-in's NameID and SessionIndex, the RelayState carrying where
 * `/logout` would have sent it (logout-state.ts). The IdP's LogoutResponse comes back to
 * `/saml2/logout` (endpoints/saml-logout.ts), which continues there.
 */
import { idpMetadataOf } from "../../user-pool/federation/saml-idp.js";
import type { SamlSignIn } from "../browser-session.js";
import { redirect } from "../errors.js";
import type { Hosted } from "../hosted.js";
import type { LogoutOutcome } from "../logout-request.js";
import { type AfterLogout, sealLogoutState } from "./logout-state.js";
import { logoutRequest } from "./logout-request.js";
import { newSamlId } from "./message.js";

/**
 * The redirect to the IdP's SingleLogoutService when this logout should go there first, or
 * `null` (not a SAML sign-in, IDPSignout off, no SLO endpoint, metadata unreadable, or the logout
 * itself refused).
 */
export async function singleLogout(
  hosted: Hosted,
  saml: SamlSignIn | undefined,
  outcome: LogoutOutcome,
): Promise<Response | null> {
  if (saml === undefined || outcome.kind === "error") return null;
  const { ctx } = hosted;
  const provider = await (await ctx.store()).identityProviders.get(hosted.pool.id, saml.provider);
  if (provider === null || provider.type !== "SAML" || provider.details.IDPSignout !== "true") return null;
  let destination: string | undefined;
  try {
    destination = (await idpMetadataOf(ctx, provider)).slo.redirect;
  } catch {
    // [?] An IdP whose metadata cannot be read now is skipped: the local session has ended anyway.
    return null;
  }
  if (destination === undefined) return null;
  const after: AfterLogout =
    outcome.kind === "redirect"
      ? { kind: "redirect", location: outcome.location }
      : { kind: "signed-out", ...(outcome.clientId === undefined ? {} : { clientId: outcome.clientId }) };
  const id = newSamlId();
  const relayState = await sealLogoutState(hosted, { provider: provider.name, requestId: id, after });
  const { url } = await logoutRequest(ctx, {
    id,
    poolId: hosted.pool.id,
    destination,
    nameId: saml.nameId,
    ...(saml.nameIdFormat === undefined ? {} : { nameIdFormat: saml.nameIdFormat }),
    ...(saml.sessionIndex === undefined ? {} : { sessionIndex: saml.sessionIndex }),
    relayState,
  });
  return redirect(url);
}
