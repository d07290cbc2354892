/**
 * One enveloped XML signature, checked for the narrow profile of federation.md §3.6 before
 * xml-crypto verifies it: exactly one SignedInfo and one Reference whose URI is `#` + the ID of
 * the signature's own parent, that ID once in the document, only the enveloped and exc-c14n
 * transforms, exc-c14n, RSA-SHA256 and SHA-256. The key is one of the IdP metadata's
 * certificates, never the KeyInfo the document carries. What comes back is the signed canonical
 * bytes: the caller reads nothing else.
 *
 * The SignatureValue is checked over the canonical SignedInfo first (xml-crypto's own exclusive
 * canonicalization, a WebCrypto RSA verify): SignedInfo is a few hundred bytes, while the
 * reference digest xml-crypto computes before its own signature check canonicalizes the whole
 * document. So an unauthenticated sender with a garbage signature costs one small
 * canonicalization and one RSA verify per certificate, not a pass over everything it sent.
 */
import { AsnConvert } from "@peculiar/asn1-schema";
import { Certificate } from "@peculiar/asn1-x509";
import { ExclusiveCanonicalization, SignedXml } from "xml-crypto";
import { base64ToBytes, utf8 } from "../../util/encoding.js";
import { child, children, fail, idCount, NS, only, SamlError, text } from "./xml.js";

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
export async function verifyEnveloped(
  docXml: string,
  doc: Document,
  parent: Element,
  certificates: readonly string[],
): Promise<string> {
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

  const invalid = `SAML ${parent.localName} signature is invalid.`;
  const value = base64ToBytes(
    text(only(signature, NS.ds, "SignatureValue", "SignatureValue")).replace(/\s+/g, ""),
  );
  if (value === null || value.length === 0) fail(invalid);
  const material = utf8(canonicalSignedInfo(info));
  const signers: string[] = [];
  for (const certificate of certificates)
    if (await signsWith(certificate, material, value!)) signers.push(certificate);
  if (signers.length === 0) fail(invalid);

  // Then xml-crypto's full check (its own parse, SignedInfo, reference digest, signature) with
  // the certificate(s) that signed: the check above only decides whether it is worth running.
  for (const certificate of signers) {
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
  return fail(invalid);
}

/**
 * SignedInfo canonicalized as xml-crypto's checkSignature canonicalizes it for its signature check
 * (getCanonSignedInfoXml: exclusive c14n of a copy, the ancestors' namespace declarations handed
 * in for an InclusiveNamespaces PrefixList, `ds` as the default for that prefix).
 */
function canonicalSignedInfo(info: Element): string {
  const ancestorNamespaces: { prefix: string; namespaceURI: string }[] = [];
  for (let at = info.parentNode; at !== null && at.nodeType === 1; at = at.parentNode) {
    const attributes = (at as Element).attributes;
    for (let i = 0; i < attributes.length; i++) {
      const name = attributes[i]!.nodeName;
      if (!/^xmlns:?/.test(name)) continue;
      const prefix = name.replace(/^xmlns:?/, "");
      // The innermost declaration of a prefix is the one in scope.
      if (!ancestorNamespaces.some((ns) => ns.prefix === prefix))
        ancestorNamespaces.push({ prefix, namespaceURI: attributes[i]!.nodeValue ?? "" });
    }
  }
  const own = new Set<string>();
  for (let i = 0; i < info.attributes.length; i++) {
    const name = info.attributes[i]!.nodeName;
    if (/^xmlns:?/.test(name)) own.add(name.replace(/^xmlns:?/, ""));
  }
  try {
    return new ExclusiveCanonicalization().process(info.cloneNode(true) as never, {
      ancestorNamespaces: ancestorNamespaces.filter((ns) => ns.namespaceURI !== "" && !own.has(ns.prefix)),
      defaultNsForPrefix: SignedXml.defaultNsForPrefix,
    });
  } catch {
    return fail("The signature's SignedInfo cannot be canonicalized.");
  }
}

/**
 * Whether `signature` is an RSASSA-PKCS1-v1_5 SHA-256 signature of `material` by the key of
 * `certificate` (PEM). A certificate whose key WebCrypto cannot take as RSA signs nothing here,
 * as it could not for xml-crypto's RSA-SHA256 either.
 */
async function signsWith(
  certificate: string,
  material: Uint8Array<ArrayBuffer>,
  signature: Uint8Array<ArrayBuffer>,
) {
  const der = base64ToBytes(
    certificate.replace(/-----(BEGIN|END) CERTIFICATE-----/g, "").replace(/\s+/g, ""),
  );
  if (der === null) return false;
  try {
    const spki = AsnConvert.serialize(AsnConvert.parse(der, Certificate).tbsCertificate.subjectPublicKeyInfo);
    const key = await crypto.subtle.importKey(
      "spki",
      spki,
      { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
      false,
      ["verify"],
    );
    return await crypto.subtle.verify("RSASSA-PKCS1-v1_5", key, signature, material);
  } catch {
    return false;
  }
}
