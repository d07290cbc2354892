/**
 * `GET /saml2/metadata`: the pool's SAML SP metadata, beyond Cognito (which publishes none [obs];
 * its console shows the entity ID and ACS URL to copy by hand). An IdP can be set up from it: the
 * entity ID `urn:amazon:cognito:sp:{userPoolId}`, the ACS (HTTP-POST) and SLO endpoints on the
 * host and path this request came by, and the pool's signing certificate. `?provider=Name` adds
 * that SAML provider's encryption certificate (EncryptedResponses) and AuthnRequestsSigned as it
 * is for that provider [?: the parameter is cognate's].
 */
import type { Context } from "hono";
import { poolSigningCertificate } from "../../user-pool/federation/saml-certificates.js";
import { BINDINGS, escapeXml, NS } from "../../user-pool/federation/saml-xml.js";
import { errorPage } from "../errors.js";
import type { Hosted } from "../hosted.js";
import { spEndpoints } from "./sp.js";

const keyDescriptor = (use: "signing" | "encryption", certificate: string) =>
  `<md:KeyDescriptor use="${use}"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${escapeXml(certificate)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`;

/** The SP metadata document. */
export function spMetadataXml(fields: {
  entityId: string;
  acs: string;
  slo: string;
  signingCertificate: string;
  encryptionCertificate?: string;
  authnRequestsSigned: boolean;
}): string {
  return (
    `<md:EntityDescriptor xmlns:md="${NS.md}" xmlns:ds="${NS.ds}" entityID="${escapeXml(fields.entityId)}">` +
    `<md:SPSSODescriptor AuthnRequestsSigned="${fields.authnRequestsSigned}" WantAssertionsSigned="true"` +
    ` protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">` +
    keyDescriptor("signing", fields.signingCertificate) +
    (fields.encryptionCertificate === undefined
      ? ""
      : keyDescriptor("encryption", fields.encryptionCertificate)) +
    `<md:SingleLogoutService Binding="${BINDINGS.post}" Location="${escapeXml(fields.slo)}"/>` +
    `<md:AssertionConsumerService Binding="${BINDINGS.post}" Location="${escapeXml(fields.acs)}" index="0" isDefault="true"/>` +
    `</md:SPSSODescriptor></md:EntityDescriptor>`
  );
}

/** The endpoint. */
export async function samlMetadata(c: Context, hosted: Hosted): Promise<Response> {
  const name = c.req.query("provider");
  let encryptionCertificate: string | undefined;
  let authnRequestsSigned = false;
  if (name !== undefined) {
    const provider =
      name.length > 0 && name.length <= 32
        ? await (await hosted.ctx.store()).identityProviders.get(hosted.pool.id, name)
        : null;
    if (provider === null || provider.type !== "SAML")
      return errorPage(c, "invalid_request", "provider is not a SAML identity provider of this user pool");
    if (provider.details.EncryptedResponses === "true")
      encryptionCertificate = provider.details.ActiveEncryptionCertificate;
    authnRequestsSigned = provider.details.RequestSigningAlgorithm === "rsa-sha256";
  }
  const sp = spEndpoints(c, hosted);
  const xml = spMetadataXml({
    entityId: sp.entityId,
    acs: sp.acs,
    slo: sp.slo,
    signingCertificate: await poolSigningCertificate(hosted.ctx, hosted.pool.id),
    ...(encryptionCertificate !== undefined && { encryptionCertificate }),
    authnRequestsSigned,
  });
  return new Response(xml, {
    headers: { "Content-Type": "application/samlmetadata+xml", "Cache-Control": "max-age=300" },
  });
}
