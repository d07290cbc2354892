// The SAML service provider's side inside workerd (D1, WebCrypto, nodejs_compat): a SAML provider
// created from metadata (xmldom, X.509 via @peculiar/asn1-x509), the pool's signing certificate,
// the SP metadata, and /oauth2/authorize sending a signed AuthnRequest (deflate-raw through
// CompressionStream, RSA-SHA256 through WebCrypto), its signature checked here against the
// certificate GetSigningCertificate returns.
import { AsnConvert } from "@peculiar/asn1-schema";
import { Certificate } from "@peculiar/asn1-x509";
import { describe, expect, it } from "vitest";
import { makeSamlKeyPair } from "../../src/user-pool/federation/saml-certificates.js";
import { parseXml } from "../../src/user-pool/federation/saml-xml.js";
import { inflateRaw, RSA_SHA256_SIG_ALG } from "../../src/oauth/saml/redirect-binding.js";
import { base64ToBytes } from "../../src/util/encoding.js";
import {
  codeFlowClient,
  codeFlowPool,
  codeFlowQuery,
  d1UserPool,
  hostedUiApp,
  ORIGIN,
} from "./in-process.js";

const metadataOf = (certificate: string) =>
  `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="https://idp.example/metadata"><md:IDPSSODescriptor WantAuthnRequestsSigned="true" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certificate}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor><md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example/slo"/><md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example/sso"/></md:IDPSSODescriptor></md:EntityDescriptor>`;

async function verifierOf(certificate: string): Promise<CryptoKey> {
  const cert = AsnConvert.parse(base64ToBytes(certificate)!, Certificate);
  return crypto.subtle.importKey(
    "spki",
    AsnConvert.serialize(cert.tbsCertificate.subjectPublicKeyInfo),
    { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
    false,
    ["verify"],
  );
}

describe("the SAML service provider inside workerd", () => {
  it("creates a SAML provider from metadata, publishes SP metadata, and sends a signed AuthnRequest", async () => {
    const { ctx, call } = d1UserPool();
    const { poolId, clientId } = await codeFlowPool(
      call,
      { PoolName: "edge-saml" },
      { SupportedIdentityProviders: ["COGNITO"] },
    );
    const idpKeys = await makeSamlKeyPair("idp.example", Date.now());
    const created = await call("CreateIdentityProvider", {
      UserPoolId: poolId,
      ProviderName: "Okta",
      ProviderType: "SAML",
      ProviderDetails: { MetadataFile: metadataOf(idpKeys.certificate), EncryptedResponses: "true" },
    });
    expect(created.IdentityProvider.ProviderDetails).toMatchObject({
      SSORedirectBindingURI: "https://idp.example/sso",
      SLORedirectBindingURI: "https://idp.example/slo",
      ActiveEncryptionCertificate: expect.stringMatching(/^MII/),
    });
    await expect(
      call("CreateIdentityProvider", {
        UserPoolId: poolId,
        ProviderName: "Bad",
        ProviderType: "SAML",
        ProviderDetails: { MetadataFile: `<!DOCTYPE x>${metadataOf(idpKeys.certificate)}` },
      }),
    ).rejects.toMatchObject({ name: "InvalidParameterException" });
    await call("UpdateUserPoolClient", {
      UserPoolId: poolId,
      ClientId: clientId,
      ...codeFlowClient(["COGNITO", "Okta"]),
    });
    const { Certificate: signing } = await call("GetSigningCertificate", { UserPoolId: poolId });
    const app = hostedUiApp(ctx);

    const metadata = await app.request(`${ORIGIN}/${poolId}/saml2/metadata`);
    expect(metadata.status).toBe(200);
    const sp = parseXml(await metadata.text(), 100_000).documentElement;
    expect(sp.getAttribute("entityID")).toBe(`urn:amazon:cognito:sp:${poolId}`);
    expect(sp.textContent).toContain(signing);

    const response = await app.request(
      `${ORIGIN}/${poolId}/oauth2/authorize?${codeFlowQuery(clientId, { identity_provider: "Okta" })}`,
    );
    expect(response.status).toBe(302);
    const location = response.headers.get("location")!;
    expect(location.startsWith("https://idp.example/sso?SAMLRequest=")).toBe(true);
    const search = location.slice(location.indexOf("?") + 1);
    const signed = search.slice(0, search.indexOf("&Signature="));
    const params = new URLSearchParams(search);
    expect(params.get("SigAlg")).toBe(RSA_SHA256_SIG_ALG);
    const valid = await crypto.subtle.verify(
      "RSASSA-PKCS1-v1_5",
      await verifierOf(signing),
      base64ToBytes(params.get("Signature")!)!,
      new TextEncoder().encode(signed),
    );
    expect(valid).toBe(true);
    const tampered = await crypto.subtle.verify(
      "RSASSA-PKCS1-v1_5",
      await verifierOf(signing),
      base64ToBytes(params.get("Signature")!)!,
      new TextEncoder().encode(signed.replace("RelayState=", "RelayState=x")),
    );
    expect(tampered).toBe(false);
    const xml = await inflateRaw(base64ToBytes(params.get("SAMLRequest")!)!, 100_000);
    const request = parseXml(xml, 100_000).documentElement;
    expect(request.localName).toBe("AuthnRequest");
    expect(request.getAttribute("AssertionConsumerServiceURL")).toBe(`${ORIGIN}/${poolId}/saml2/idpresponse`);
    expect(response.headers.get("set-cookie")).toMatch(/^__Host-federation-/);
  });
});
