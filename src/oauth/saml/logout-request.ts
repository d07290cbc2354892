/**
 * The LogoutRequest the pool sends a SAML IdP for single logout (federation.md §3.5): to the
 * metadata's SingleLogoutService (Redirect binding), always signed with the pool's key
 * (`rsa-sha256`), naming the user by the NameID and SessionIndex of their sign-in. For helper
 * "saml-acs"'s `/logout` and `/saml2/logout`.
 */
import type { UserPoolContext } from "../../user-pool/context.js";
import { poolSigningKey } from "../../user-pool/federation/saml-certificates.js";
import { escapeXml, NS } from "../../user-pool/federation/saml-xml.js";
import { newSamlId, samlInstant } from "./message.js";
import { redirectBindingUrl } from "./redirect-binding.js";
import { spEntityId } from "./sp.js";

/** What a LogoutRequest says. */
export interface LogoutRequestFields {
  id: string;
  issueInstant: string;
  /** The IdP's SingleLogoutService URL (Redirect binding). */
  destination: string;
  /** The SP entity ID. */
  issuer: string;
  /** The NameID of the sign-in, as the assertion gave it. */
  nameId: string;
  /** The NameID's Format, when the assertion gave one. */
  nameIdFormat?: string;
  /** The AuthnStatement's SessionIndex, when the assertion gave one. */
  sessionIndex?: string;
}

/**
 * The LogoutRequest's XML.
 *
 * @throws {SamlXmlError} for a value XML cannot hold
 */
export function logoutRequestXml(fields: LogoutRequestFields): string {
  const format = fields.nameIdFormat === undefined ? "" : ` Format="${escapeXml(fields.nameIdFormat)}"`;
  const session =
    fields.sessionIndex === undefined
      ? ""
      : `<samlp:SessionIndex>${escapeXml(fields.sessionIndex)}</samlp:SessionIndex>`;
  return (
    `<samlp:LogoutRequest xmlns:samlp="${NS.samlp}" xmlns:saml="${NS.saml}"` +
    ` ID="${escapeXml(fields.id)}" Version="2.0" IssueInstant="${escapeXml(fields.issueInstant)}"` +
    ` Destination="${escapeXml(fields.destination)}">` +
    `<saml:Issuer>${escapeXml(fields.issuer)}</saml:Issuer>` +
    `<saml:NameID${format}>${escapeXml(fields.nameId)}</saml:NameID>` +
    session +
    `</samlp:LogoutRequest>`
  );
}

/** Whom and where a LogoutRequest is for. */
export interface LogoutRequestInput {
  /** The request's ID, when the caller needs it first (in a sealed RelayState); default: a new one. */
  id?: string;
  poolId: string;
  /** The provider's SLORedirectBindingURI. */
  destination: string;
  nameId: string;
  nameIdFormat?: string;
  sessionIndex?: string;
  /** Carried to `/saml2/logout` and back. */
  relayState?: string;
}

/**
 * A signed LogoutRequest as the URL to send the browser to, and its ID (the InResponseTo of the
 * IdP's LogoutResponse).
 *
 * @example
 * ```ts
 * const { id, url } = await logoutRequest(ctx, {
 *   poolId, destination: provider.details.SLORedirectBindingURI, nameId, sessionIndex, relayState,
 * });
 * return redirect(url);
 * ```
 */
export async function logoutRequest(
  ctx: UserPoolContext,
  input: LogoutRequestInput,
): Promise<{ id: string; url: string }> {
  const id = input.id ?? newSamlId();
  const xml = logoutRequestXml({
    id,
    issueInstant: samlInstant(ctx.now()),
    destination: input.destination,
    issuer: spEntityId(input.poolId),
    nameId: input.nameId,
    ...(input.nameIdFormat !== undefined && { nameIdFormat: input.nameIdFormat }),
    ...(input.sessionIndex !== undefined && { sessionIndex: input.sessionIndex }),
  });
  const { privateKey } = await poolSigningKey(ctx, input.poolId);
  return {
    id,
    url: await redirectBindingUrl(input.destination, "SAMLRequest", xml, input.relayState, privateKey),
  };
}
