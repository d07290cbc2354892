/**
 * The AuthnRequest the pool sends a SAML IdP (federation.md §3.1): Issuer = the SP entity ID,
 * the ACS URL with ProtocolBinding HTTP-POST, to the metadata's SSO Redirect URL, by the Redirect
 * binding with RelayState; signed with the pool's key when the provider's RequestSigningAlgorithm
 * is set or its metadata says WantAuthnRequestsSigned. The XML is written from escaped values
 * only.
 */
import type { IdentityProviderRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../../user-pool/context.js";
import { poolSigningKey } from "../../user-pool/federation/saml-certificates.js";
import type { IdpMetadata } from "../../user-pool/federation/saml-metadata.js";
import { BINDINGS, escapeXml, NS } from "../../user-pool/federation/saml-xml.js";
import { newSamlId, samlInstant } from "./message.js";
import { redirectBindingUrl } from "./redirect-binding.js";

/** What an AuthnRequest says. */
export interface AuthnRequestFields {
  id: string;
  issueInstant: string;
  /** The IdP's SSO URL (Redirect binding). */
  destination: string;
  /** The SP entity ID. */
  issuer: string;
  /** The pool's ACS URL. */
  acs: string;
}

/**
 * The AuthnRequest's XML.
 *
 * @throws {SamlXmlError} for a value XML cannot hold
 */
export function authnRequestXml(fields: AuthnRequestFields): string {
  return (
    `<samlp:AuthnRequest xmlns:samlp="${NS.samlp}" xmlns:saml="${NS.saml}"` +
    ` ID="${escapeXml(fields.id)}" Version="2.0" IssueInstant="${escapeXml(fields.issueInstant)}"` +
    ` Destination="${escapeXml(fields.destination)}" AssertionConsumerServiceURL="${escapeXml(fields.acs)}"` +
    ` ProtocolBinding="${BINDINGS.post}">` +
    `<saml:Issuer>${escapeXml(fields.issuer)}</saml:Issuer>` +
    `</samlp:AuthnRequest>`
  );
}

/** Whether the pool signs its requests to this provider. */
export const signsRequests = (provider: IdentityProviderRecord, metadata: IdpMetadata) =>
  provider.details.RequestSigningAlgorithm === "rsa-sha256" || metadata.wantAuthnRequestsSigned;

/**
 * The AuthnRequest to `provider` as the URL to send the browser to, and its ID (the
 * InResponseTo its Response must carry).
 *
 * @example
 * ```ts
 * const { id, url } = await authnRequest(ctx, provider, metadata, { entityId, acs }, relayState);
 * ```
 */
export async function authnRequest(
  ctx: UserPoolContext,
  provider: IdentityProviderRecord,
  metadata: IdpMetadata,
  sp: { entityId: string; acs: string },
  relayState: (id: string) => Promise<string>,
): Promise<{ id: string; url: string }> {
  const destination = metadata.sso.redirect!;
  const id = newSamlId();
  const xml = authnRequestXml({
    id,
    issueInstant: samlInstant(ctx.now()),
    destination,
    issuer: sp.entityId,
    acs: sp.acs,
  });
  const key = signsRequests(provider, metadata)
    ? (await poolSigningKey(ctx, provider.poolId)).privateKey
    : undefined;
  return { id, url: await redirectBindingUrl(destination, "SAMLRequest", xml, await relayState(id), key) };
}
