/**
 * One enveloped XML signature, checked for the narrow profile of federation.md §3.6 before
 * xml-crypto verifies it: exactly one SignedInfo and one Reference whose URI is `#` + the ID of
 * the signature's own parent, that ID once in the document, only the enveloped and exc-c14n
 * transforms, exc-c14n, RSA-SHA256 and SHA-256. The key is one of the IdP metadata's
 * certificates, never the KeyInfo the document carries. What comes back is the signed canonical
 * bytes: the caller reads nothing else.
 */
import { SignedXml } from "xml-crypto";
import { child, children, fail, idCount, NS, only, SamlError } from "./xml.js";

const ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
const EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#";
const RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
const RSA_SHA1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";
const SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256";

/**
 * A certificate from metadata as xml-crypto takes it: PEM (a bare base64 DER body, as metadata's
 * `X509Certificate` holds it, is armoured here).
 */
export function certificatePem(certificate: string): string {
  if (certificate.includes("-----BEGIN")) return certificate;
  const body = certificate.replace(/\s+/g, "");
  return `-----BEGIN CERTIFICATE-----\n${body.replace(/(.{64})/g, "$1\n").replace(/\n$/, "")}\n-----END CERTIFICATE-----\n`;
}

/**
 * Verifies the signature that is a direct child of `parent` (in `doc`, parsed from `docXml`)
 * with one of `certificates` (PEM) and returns the signed bytes.
 */
export function verifyEnveloped(
  docXml: string,
  doc: Document,
  parent: Element,
  certificates: readonly string[],
): string {
  const signature = only(parent, NS.ds, "Signature", `Signature in the ${parent.localName}`);
  const info = only(signature, NS.ds, "SignedInfo", "SignedInfo");
  const c14n = only(info, NS.ds, "CanonicalizationMethod", "CanonicalizationMethod").getAttribute(
    "Algorithm",
  );
  if (c14n !== EXC_C14N) fail("The signature's canonicalization method is not allowed.");
  const method = only(info, NS.ds, "SignatureMethod", "SignatureMethod").getAttribute("Algorithm");
  // [?] Cognito's acceptance of RSA-SHA1 is unpublished; SHA-1 signatures are forgeable in
  // principle (chosen-prefix collisions), so cognate refuses them.
  if (method === RSA_SHA1) fail("RSA-SHA1 signatures are not accepted; sign with RSA-SHA256.");
  if (method !== RSA_SHA256) fail("The signature method is not allowed.");
  const reference = only(info, NS.ds, "Reference", "Reference");
  const id = parent.getAttribute("ID");
  if (!id || reference.getAttribute("URI") !== `#${id}`)
    fail(`The signature does not reference its ${parent.localName}.`);
  if (idCount(doc, id!) !== 1) fail("The signed element's ID is not unique.");
  const transforms = child(reference, NS.ds, "Transforms");
  const each = transforms ? children(transforms, NS.ds, "Transform") : [];
  if (each.length > 2) fail("The signature has too many transforms.");
  for (const t of each) {
    const algorithm = t.getAttribute("Algorithm");
    if (algorithm !== ENVELOPED && algorithm !== EXC_C14N) fail("A signature transform is not allowed.");
  }
  if (only(reference, NS.ds, "DigestMethod", "DigestMethod").getAttribute("Algorithm") !== SHA256)
    fail("The signature's digest method is not allowed.");

  for (const certificate of certificates) {
    // getCertFromKeyInfo returning null: the KeyInfo an attacker can write is never a key.
    const signed = new SignedXml({ publicCert: certificate, getCertFromKeyInfo: () => null });
    signed.loadSignature(signature as never);
    let valid = false;
    try {
      valid = signed.checkSignature(docXml);
    } catch (error) {
      if (error instanceof SamlError) throw error;
      // A wrong key and a broken document alike: try the next certificate.
    }
    if (valid) {
      const bytes = signed.getSignedReferences();
      if (bytes.length !== 1) fail("Expected exactly one signed reference.");
      return bytes[0]!;
    }
  }
  return fail(`SAML ${parent.localName} signature is invalid.`);
}
