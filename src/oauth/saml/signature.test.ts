import { afterEach, describe, expect, it, vi } from "vitest";
import { SignedXml } from "xml-crypto";
import { pem } from "../../../test/federation/stand-ins/saml.js";
import { verifyEnveloped } from "./signature.js";
import { parseXml } from "./xml.js";

const SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol";
const SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
const RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
const EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#";

/** A LogoutResponse-shaped document with `body`, enveloped-signed by the IdP's key. */
function signed(body = "", prefixList?: string[]): string {
  const signer = new SignedXml({
    privateKey: pem("idp-key"),
    publicCert: pem("idp-cert"),
    signatureAlgorithm: RSA_SHA256,
    canonicalizationAlgorithm: EXC_C14N,
    ...(prefixList ? { inclusiveNamespacesPrefixList: prefixList } : {}),
  });
  signer.addReference({
    xpath: "/*",
    transforms: ["http://www.w3.org/2000/09/xmldsig#enveloped-signature", EXC_C14N],
    digestAlgorithm: "http://www.w3.org/2001/04/xmlenc#sha256",
  });
  signer.computeSignature(
    `<samlp:LogoutResponse xmlns:samlp="${SAMLP}" xmlns:saml="${SAML}" ID="r1"><saml:Issuer>https://idp.example</saml:Issuer>${body}</samlp:LogoutResponse>`,
    { location: { reference: "/*/*[local-name(.)='Issuer']", action: "after" }, prefix: "ds" },
  );
  return signer.getSignedXml();
}

const verify = (xml: string, certificates = [pem("idp-cert")]) => {
  const doc = parseXml(xml);
  return verifyEnveloped(xml, doc, doc.documentElement, certificates);
};
const refusal = async (xml: string, certificates?: string[]) =>
  Promise.resolve()
    .then(() => verify(xml, certificates))
    .then(
      () => "accepted",
      (error: Error) => `${error.name}: ${error.message}`,
    );
const INVALID = "SamlError: SAML LogoutResponse signature is invalid.";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("verifyEnveloped: the SignatureValue first", () => {
  it("refuses a garbage SignatureValue without xml-crypto's pass over the document", async () => {
    const full = vi.spyOn(SignedXml.prototype, "checkSignature");
    const xml = signed("<a/>".repeat(500));
    const garbage = xml.replace(/<ds:SignatureValue>[^<]*</, "<ds:SignatureValue>AAAA<");
    expect(await refusal(garbage)).toBe(INVALID);
    const notBase64 = xml.replace(/<ds:SignatureValue>[^<]*</, "<ds:SignatureValue>!!<");
    expect(await refusal(notBase64)).toBe(INVALID);
    // The IdP's real signature, checked with another key: refused before the digest pass too.
    expect(await refusal(xml, [pem("attacker-cert")])).toBe(INVALID);
    expect(full).not.toHaveBeenCalled();
  });

  it("then runs xml-crypto's full check: a valid signature over tampered content is refused", async () => {
    const full = vi.spyOn(SignedXml.prototype, "checkSignature");
    const xml = signed("<a>1</a>");
    expect(await verify(xml)).toContain("<a>1</a>");
    expect(full).toHaveBeenCalledTimes(1);
    // SignedInfo (and so the SignatureValue) is untouched: only the reference digest catches this.
    expect(await refusal(xml.replace("<a>1</a>", "<a>2</a>"))).toBe(INVALID);
    expect(full).toHaveBeenCalledTimes(2);
  });

  it("canonicalizes SignedInfo as xml-crypto does: whitespace in the value, InclusiveNamespaces from ancestors", async () => {
    const xml = signed("", ["samlp", "saml"]);
    expect(xml).toContain("PrefixList=");
    expect(await verify(xml)).toContain("https://idp.example");
    const wrapped = xml.replace(/<ds:SignatureValue>([^<]*)</, (_, v: string) => {
      return `<ds:SignatureValue>\n${v.replace(/(.{40})/g, "$1\n  ")}\n<`;
    });
    expect(await verify(wrapped)).toContain("https://idp.example");
  });

  it("tries each metadata certificate, and a certificate WebCrypto cannot read signs nothing", async () => {
    const xml = signed();
    expect(await verify(xml, [pem("attacker-cert"), pem("idp-cert")])).toContain("https://idp.example");
    expect(await refusal(xml, ["-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"])).toBe(
      INVALID,
    );
  });
});
