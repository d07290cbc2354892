import { DOMParser, XMLSerializer } from "@xmldom/xmldom";
import { SignedXml } from "xml-crypto";
import { encrypt } from "xml-encryption";
import { describe, expect, it } from "vitest";
import {
  certificateBody,
  pem,
  samlIdp,
  type ResponseOptions,
} from "../../../test/federation/stand-ins/saml.js";
import { decodeSamlResponse, MAX_SAML_RESPONSE, type ResponseCheck, verifySamlResponse } from "./response.js";

// Every response is made by samlify here and now (no stored fixtures): valid for 5 minutes.
const SP = "urn:amazon:cognito:sp:us-east-1_SamlTest1";
const ACS = "https://auth.example.test/saml2/idpresponse";
const REQUEST = "_req0123456789abcdef";
const idp = samlIdp({ spEntityId: SP, acs: ACS, spEncryptionCert: pem("sp-cert") });
const alice = {
  nameId: "alice@example.com",
  attributes: { email: "alice@example.com", groups: ["a", "b&c"] },
};

const check = (over: Partial<ResponseCheck> = {}): ResponseCheck => ({
  idp: { entityId: idp.entityId, certificates: [certificateBody(idp.certificate)] },
  spEntityId: SP,
  acs: ACS,
  requestId: REQUEST,
  now: Date.now(),
  ...over,
});
const encryptedCheck = (over: Partial<ResponseCheck> = {}) =>
  check({ decryptionKeys: [pem("sp-key")], ...over });

const b64 = (xml: string) => Buffer.from(xml, "utf8").toString("base64");
const xmlOf = (samlResponse: string) => Buffer.from(samlResponse, "base64").toString("utf8");
const make = (options: ResponseOptions = {}) => idp.response(alice, { requestId: REQUEST, ...options });
const makeXml = async (options: ResponseOptions = {}) => xmlOf(await make(options));
const parse = (xml: string) => new DOMParser().parseFromString(xml, "text/xml");
const serialize = (node: unknown) => new XMLSerializer().serializeToString(node as never);
const SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
const DS = "http://www.w3.org/2000/09/xmldsig#";

async function refusal(
  samlResponse: string | Promise<string>,
  over: ResponseCheck = check(),
): Promise<string> {
  try {
    await verifySamlResponse(await samlResponse, over);
  } catch (error) {
    expect((error as Error).name).toBe("SamlError");
    return (error as Error).message;
  }
  throw new Error("accepted");
}

/** The signed assertion, re-signed after `edit` by the attacker's key with its cert in KeyInfo. */
interface Signing {
  c14n?: string;
  digest?: string;
  transforms?: string[];
  /** The element referenced (XPath); default the Assertion. */
  reference?: string;
}

function resign(
  xml: string,
  key: string,
  cert: string,
  algorithm: string,
  edit = (s: string) => s,
  signing: Signing = {},
): string {
  const doc = parse(xml);
  const signature = doc.getElementsByTagNameNS(DS, "Signature")[0]!;
  signature.parentNode!.removeChild(signature);
  const signer = new SignedXml({
    privateKey: key,
    publicCert: cert,
    signatureAlgorithm: algorithm,
    canonicalizationAlgorithm: signing.c14n ?? "http://www.w3.org/2001/10/xml-exc-c14n#",
  });
  signer.addReference({
    xpath: signing.reference ?? "/*[local-name(.)='Response']/*[local-name(.)='Assertion']",
    transforms: signing.transforms ?? [
      "http://www.w3.org/2000/09/xmldsig#enveloped-signature",
      "http://www.w3.org/2001/10/xml-exc-c14n#",
    ],
    digestAlgorithm: signing.digest ?? "http://www.w3.org/2001/04/xmlenc#sha256",
  });
  signer.computeSignature(edit(serialize(doc)), {
    location: {
      reference: "/*[local-name(.)='Response']/*[local-name(.)='Assertion']/*[local-name(.)='Issuer']",
      action: "after",
    },
  });
  return signer.getSignedXml();
}

const RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
/** The response re-signed by the IdP's own key after `edit`, the signature shaped by `signing`. */
const idpSigned = async (edit: (s: string) => string, signing: Signing = {}) =>
  b64(resign(await makeXml(), pem("idp-key"), pem("idp-cert"), RSA_SHA256, edit, signing));

/** The signed assertion of `xml` re-wrapped in an EncryptedAssertion by xml-encryption itself. */
async function encryptedWith(options: Record<string, unknown>): Promise<string> {
  const xml = await makeXml();
  const assertion = parse(xml).getElementsByTagNameNS(SAML, "Assertion")[0]!;
  const cipher = await new Promise<string>((ok, fail) =>
    encrypt(
      serialize(assertion),
      { rsa_pub: pem("sp-cert"), pem: pem("sp-cert"), warnInsecureAlgorithm: false, ...options },
      (error, result) => (error ? fail(error) : ok(result)),
    ),
  );
  return b64(
    xml.replace(
      /<saml:Assertion[\s\S]*<\/saml:Assertion>/,
      `<saml:EncryptedAssertion xmlns:saml="${SAML}">${cipher}</saml:EncryptedAssertion>`,
    ),
  );
}

describe("verifySamlResponse: accepted", () => {
  it("reads a signed assertion: NameID, SessionIndex, multi-valued attributes, ID and times", async () => {
    const before = Date.now();
    const result = await verifySamlResponse(
      await idp.response({ ...alice, sessionIndex: "_s1" }, { requestId: REQUEST }),
      check(),
    );
    expect(result).toMatchObject({
      nameId: "alice@example.com",
      nameIdFormat: "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
      sessionIndex: "_s1",
      attributes: { email: ["alice@example.com"], groups: ["a", "b&c"] },
      signed: ["Assertion"],
      encrypted: false,
    });
    expect(result.assertionId).toMatch(/^_a/);
    // NotOnOrAfter (5 minutes) plus the 5-minute skew.
    expect(result.acceptableUntil).toBeGreaterThanOrEqual(before + 10 * 60_000 - 2000);
    expect(Math.abs(result.issuedAt - before)).toBeLessThan(5000);
  });

  it("accepts a signed Response with a signed assertion, and a signed Response alone", async () => {
    expect((await verifySamlResponse(await make({ signResponse: true }), check())).signed).toEqual([
      "Response",
      "Assertion",
    ]);
    expect(
      (await verifySamlResponse(await make({ signResponse: true, signAssertion: false }), check())).signed,
    ).toEqual(["Response"]);
  });

  it("accepts any of several metadata certificates", async () => {
    const both = check({
      idp: { entityId: idp.entityId, certificates: [pem("attacker-cert"), certificateBody(idp.certificate)] },
    });
    expect((await verifySamlResponse(await make(), both)).nameId).toBe("alice@example.com");
  });

  it("accepts an IdP-initiated response (no InResponseTo) when no request is expected", async () => {
    const result = await verifySamlResponse(await make({ requestId: null }), check({ requestId: null }));
    expect(result.nameId).toBe("alice@example.com");
  });

  it("decrypts an AES-128-GCM assertion (RSA-OAEP-MGF1P) with the pool's key, trying each key", async () => {
    const keys = [pem("attacker-key"), pem("sp-key")];
    const result = await verifySamlResponse(await make({ encrypt: "gcm" }), check({ decryptionKeys: keys }));
    expect(result).toMatchObject({ nameId: "alice@example.com", encrypted: true, signed: ["Assertion"] });
  });

  it("decrypts AES-256-CBC when a verified Response signature covers the ciphertext", async () => {
    const result = await verifySamlResponse(
      await make({ encrypt: "cbc", signResponse: true }),
      encryptedCheck(),
    );
    expect(result).toMatchObject({ encrypted: true, signed: ["Response", "Assertion"] });
  });

  it("decrypts xmlenc11 RSA-OAEP with SHA-256 and MGF1-SHA256", async () => {
    const samlResponse = await encryptedWith({
      encryptionAlgorithm: "http://www.w3.org/2009/xmlenc11#aes256-gcm",
      keyEncryptionAlgorithm: "http://www.w3.org/2009/xmlenc11#rsa-oaep",
      keyEncryptionDigest: "sha256",
      keyEncryptionMgf: "sha256",
    });
    expect((await verifySamlResponse(samlResponse, encryptedCheck())).encrypted).toBe(true);
  });

  it("allows the clock skew on both ends, and a configured skew", async () => {
    expect(
      (await verifySamlResponse(await make(), check({ now: Date.now() + 9 * 60_000 }))).nameId,
    ).toBeTruthy();
    expect(await refusal(make(), check({ now: Date.now() + 9 * 60_000, skewMs: 0 }))).toBe(
      "The assertion has expired.",
    );
    expect((await verifySamlResponse(await make({ shiftMs: 4 * 60_000 }), check())).nameId).toBeTruthy();
  });
});

describe("verifySamlResponse: refused, each with its reason", () => {
  it("refuses what is not a base64 SAML document of at most 100,000 characters", async () => {
    expect(await refusal("A".repeat(MAX_SAML_RESPONSE + 4))).toBe("The SAML response is too large.");
    expect(await refusal("not base64!")).toBe("The SAML response is not base64.");
    expect(await refusal("")).toBe("The SAML response is not base64.");
    expect(await refusal(Buffer.from([0xff, 0xfe, 0x00]).toString("base64"))).toBe(
      "The SAML response is not UTF-8.",
    );
    expect(await refusal(b64("<samlp:Response"))).toMatch(/^The XML is not well-formed/);
    expect(await refusal(b64("<x/>"))).toBe("The document is not a SAML Response.");
    expect(decodeSamlResponse(`${b64("<a/>").slice(0, 4)}\r\n${b64("<a/>").slice(4)}`)).toBe("<a/>");
  });

  it("refuses deep nesting or too many elements right after parsing, before any signature work", async () => {
    // A syntactically complete but garbage signature over the Response: every check before the
    // cryptography passes, so only the shape bound stands between this and the recursive walks.
    const signature = `<ds:Signature xmlns:ds="${DS}"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><ds:Reference URI="#r1"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/></ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>AAAA</ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue>AAAA</ds:SignatureValue></ds:Signature>`;
    const response = (inner: string) =>
      b64(
        `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="r1"><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>${signature}<saml:Assertion xmlns:saml="${SAML}">${inner}</saml:Assertion></samlp:Response>`,
      );
    const deep = response(`${"<a>".repeat(9000)}${"</a>".repeat(9000)}`);
    expect(deep.length).toBeLessThan(MAX_SAML_RESPONSE);
    expect(await refusal(deep)).toBe("The XML is nested deeper than 64 elements.");
    // The same shape, shallow: refused by the signature, as before.
    expect(await refusal(response("<a><a/></a>"))).toBe("SAML Response signature is invalid.");
    const tooMany = "The XML is larger than 4000 nodes (elements and attributes).";
    expect(await refusal(response("<a/>".repeat(4_000)))).toBe(tooMany);
    // Attributes and namespace declarations count: one element with 4,000 of them is refused too.
    const attrs = Array.from({ length: 4_000 }, (_, i) => `b${i}="1"`).join(" ");
    expect(await refusal(response(`<a ${attrs}/>`))).toBe(tooMany);
    const declarations = Array.from({ length: 4_000 }, (_, i) => `xmlns:p${i}="u"`).join(" ");
    expect(await refusal(response(`<a ${declarations}/>`))).toBe(tooMany);
  });

  it("refuses a DOCTYPE or entity", async () => {
    const xml = (await makeXml()).replace("<samlp:Response", '<!DOCTYPE r [<!ENTITY e "x">]><samlp:Response');
    expect(await refusal(b64(xml))).toBe("DOCTYPE and entities are not allowed.");
  });

  it("refuses another Destination and a status other than Success", async () => {
    expect(await refusal(make({ destination: "https://evil.example/saml2/idpresponse" }))).toBe(
      "Destination does not match the ACS URL.",
    );
    const xml = (await makeXml()).replace(
      "urn:oasis:names:tc:SAML:2.0:status:Success",
      "urn:oasis:names:tc:SAML:2.0:status:Requester",
    );
    expect(await refusal(b64(xml))).toBe("The identity provider's status is not Success.");
  });

  it("refuses an unsigned response", async () => {
    const doc = parse(await makeXml());
    const signature = doc.getElementsByTagNameNS(DS, "Signature")[0]!;
    signature.parentNode!.removeChild(signature);
    expect(await refusal(b64(serialize(doc)))).toBe("Neither the Response nor the Assertion is signed.");
  });

  it("refuses a tampered NameID or Audience (the digest no longer matches)", async () => {
    const xml = await makeXml();
    expect(await refusal(b64(xml.replace("alice@example.com<", "mallory@example.com<")))).toBe(
      "SAML Assertion signature is invalid.",
    );
    expect(await refusal(b64(xml.replace(`${SP}<`, "urn:amazon:cognito:sp:other<")))).toBe(
      "SAML Assertion signature is invalid.",
    );
  });

  it("never takes the key from KeyInfo: an attacker's re-signed assertion is refused", async () => {
    const forged = resign(
      await makeXml(),
      pem("attacker-key"),
      pem("attacker-cert"),
      "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
      (s) => s.replace("alice@example.com<", "mallory@example.com<"),
    );
    expect(forged).toContain("<X509Certificate>");
    expect(await refusal(b64(forged))).toBe("SAML Assertion signature is invalid.");
  });

  it("refuses RSA-SHA1 even by the IdP's own key", async () => {
    const sha1 = resign(
      await makeXml(),
      pem("idp-key"),
      pem("idp-cert"),
      "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
    );
    expect(await refusal(b64(sha1))).toBe("RSA-SHA1 signatures are not accepted; sign with RSA-SHA256.");
  });

  it("refuses signature wrapping: a second, unsigned assertion beside the signed one", async () => {
    const doc = parse(await makeXml());
    const signed = doc.getElementsByTagNameNS(SAML, "Assertion")[0]!;
    const evil = signed.cloneNode(true) as unknown as typeof signed;
    const s = evil.getElementsByTagNameNS(DS, "Signature")[0]!;
    s.parentNode!.removeChild(s);
    evil.setAttribute("ID", "_evil");
    evil.getElementsByTagNameNS(SAML, "NameID")[0]!.textContent = "mallory@example.com";
    signed.parentNode!.insertBefore(evil as never, signed as never);
    expect(await refusal(b64(serialize(doc)))).toBe("Expected exactly one assertion, found 2.");
  });

  it("refuses signature wrapping: the signed assertion moved into Extensions", async () => {
    const doc = parse(await makeXml());
    const response = doc.documentElement!;
    const signed = doc.getElementsByTagNameNS(SAML, "Assertion")[0]!;
    const evil = signed.cloneNode(true) as unknown as typeof signed;
    const s = evil.getElementsByTagNameNS(DS, "Signature")[0]!;
    s.parentNode!.removeChild(s);
    evil.getElementsByTagNameNS(SAML, "NameID")[0]!.textContent = "mallory@example.com";
    const extensions = doc.createElementNS("urn:oasis:names:tc:SAML:2.0:protocol", "samlp:Extensions");
    response.insertBefore(extensions, response.firstChild);
    response.replaceChild(evil as never, signed as never);
    extensions.appendChild(signed as never);
    expect(await refusal(b64(serialize(doc)))).toBe("Expected exactly one assertion, found 2.");
  });

  it("refuses signature wrapping: the Response's signature over a copy, the assertion's signature moved", async () => {
    // A signature under SubjectConfirmationData (samlify's ERR_POTENTIAL_WRAPPING_ATTACK shape).
    const doc = parse(await makeXml());
    const signature = doc.getElementsByTagNameNS(DS, "Signature")[0]!;
    const data = doc.getElementsByTagNameNS(SAML, "SubjectConfirmationData")[0]!;
    signature.parentNode!.removeChild(signature);
    data.appendChild(signature);
    expect(await refusal(b64(serialize(doc)))).toBe("A signature is at an unexpected position.");
  });

  it("refuses a duplicate ID (the reference could resolve to either element)", async () => {
    const doc = parse(await makeXml());
    const assertion = doc.getElementsByTagNameNS(SAML, "Assertion")[0]!;
    const subject = doc.getElementsByTagNameNS(SAML, "Subject")[0]!;
    subject.setAttribute("ID", assertion.getAttribute("ID")!);
    expect(await refusal(b64(serialize(doc)))).toBe("The signed element's ID is not unique.");
  });

  it("reads an attribute named __proto__, constructor or toString as any other, on a map without a prototype", async () => {
    const attributes = JSON.parse(
      '{"email":"eve@example.com","__proto__":"p","constructor":"c","toString":"t","hasOwnProperty":"h"}',
    ) as Record<string, string>;
    const read = await verifySamlResponse(
      await idp.response({ nameId: "eve@example.com", attributes }, { requestId: REQUEST }),
      check(),
    );
    expect(Object.getPrototypeOf(read.attributes)).toBeNull();
    expect({ ...read.attributes }).toEqual(
      JSON.parse(
        '{"email":["eve@example.com"],"__proto__":["p"],"constructor":["c"],"toString":["t"],"hasOwnProperty":["h"]}',
      ),
    );
  });

  it("refuses a comment inside the NameID (text the signature saw whole, read in part)", async () => {
    const xml = xmlOf(await idp.response({ nameId: "alice@example.com.evil.test" }, { requestId: REQUEST }));
    const commented = xml.replace("alice@example.com.evil.test", "alice@example.com<!---->.evil.test");
    expect(await refusal(b64(commented))).toBe("Comments are not allowed in the assertion.");
  });

  it("refuses another Issuer", async () => {
    expect(
      await refusal(
        make(),
        check({ idp: { entityId: "https://other.example", certificates: [idp.certificate] } }),
      ),
    ).toBe("The assertion's Issuer is not the identity provider.");
  });

  it("refuses an expired assertion and one not yet valid", async () => {
    expect(await refusal(make({ shiftMs: -11 * 60_000 }))).toBe("The assertion has expired.");
    expect(await refusal(make({ shiftMs: 6 * 60_000 }))).toBe("The assertion is not yet valid.");
  });

  it("refuses an assertion for another audience, another Recipient, or another request", async () => {
    expect(await refusal(make({ audience: "urn:amazon:cognito:sp:us-east-1_Other" }))).toBe(
      "The assertion's Audience is not this user pool.",
    );
    expect(await refusal(make({ recipient: "https://evil.example/saml2/idpresponse" }))).toBe(
      "Recipient does not match the ACS URL.",
    );
    expect(await refusal(make({ requestId: "_another" }))).toBe(
      "InResponseTo does not match the authentication request.",
    );
    expect(await refusal(make({ requestId: null }))).toBe(
      "InResponseTo does not match the authentication request.",
    );
  });

  it("refuses an unsolicited response carrying InResponseTo, or issued more than 6 minutes ago", async () => {
    expect(await refusal(make(), check({ requestId: null }))).toBe(
      "An IdP-initiated response must not carry InResponseTo.",
    );
    expect(
      await refusal(
        make({ requestId: null, shiftMs: -7 * 60_000, lifetimeMs: 30 * 60_000 }),
        check({ requestId: null }),
      ),
    ).toBe("The IdP-initiated assertion was issued more than 6 minutes ago.");
  });

  it("refuses encryption that does not match the provider's setting", async () => {
    expect(await refusal(make(), encryptedCheck())).toBe("The assertion must be encrypted.");
    expect(await refusal(make({ encrypt: "gcm" }))).toBe(
      "The assertion is encrypted, but encrypted responses are not enabled for this identity provider.",
    );
  });

  it("refuses AES-CBC in an unsigned Response, a key that does not decrypt, rsa-1_5, 3DES and mixed OAEP digests", async () => {
    expect(await refusal(make({ encrypt: "cbc" }), encryptedCheck())).toBe(
      "AES-CBC encrypted assertions are accepted only in a signed Response; use AES-GCM.",
    );
    expect(
      await refusal(make({ encrypt: "gcm" }), encryptedCheck({ decryptionKeys: [pem("attacker-key")] })),
    ).toBe("Unable to decrypt the SAML assertion.");
    const gcm = "http://www.w3.org/2009/xmlenc11#aes256-gcm";
    expect(
      await refusal(
        encryptedWith({
          encryptionAlgorithm: gcm,
          keyEncryptionAlgorithm: "http://www.w3.org/2001/04/xmlenc#rsa-1_5",
          disallowEncryptionWithInsecureAlgorithm: false,
        }),
        encryptedCheck(),
      ),
    ).toBe("The key transport algorithm is not allowed.");
    expect(
      await refusal(
        encryptedWith({
          encryptionAlgorithm: "http://www.w3.org/2001/04/xmlenc#tripledes-cbc",
          keyEncryptionAlgorithm: "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p",
          disallowEncryptionWithInsecureAlgorithm: false,
        }),
        encryptedCheck(),
      ),
    ).toBe("The assertion's encryption algorithm is not allowed.");
    expect(
      await refusal(
        encryptedWith({
          encryptionAlgorithm: gcm,
          keyEncryptionAlgorithm: "http://www.w3.org/2009/xmlenc11#rsa-oaep",
          keyEncryptionDigest: "sha256",
          keyEncryptionMgf: "sha1",
        }),
        encryptedCheck(),
      ),
    ).toBe("The key transport's OAEP and MGF1 digests must be the same.");
  });

  it("refuses a tampered GCM ciphertext", async () => {
    const doc = parse(xmlOf(await make({ encrypt: "gcm" })));
    const values = doc.getElementsByTagNameNS("http://www.w3.org/2001/04/xmlenc#", "CipherValue");
    const data = values[values.length - 1]!;
    const bytes = Buffer.from(data.textContent!, "base64");
    bytes[20]! ^= 1;
    data.textContent = bytes.toString("base64");
    expect(await refusal(b64(serialize(doc)), encryptedCheck())).toBe(
      "Unable to decrypt the SAML assertion.",
    );
  });

  it("refuses signatures outside the profile even by the IdP's key: c14n, method, digest, transforms, reference", async () => {
    const assertion = "/*[local-name(.)='Response']/*[local-name(.)='Assertion']";
    expect(
      await refusal(idpSigned((s) => s, { c14n: "http://www.w3.org/TR/2001/REC-xml-c14n-20010315" })),
    ).toBe("The signature's canonicalization method is not allowed.");
    expect(
      await refusal(
        b64(
          resign(
            await makeXml(),
            pem("idp-key"),
            pem("idp-cert"),
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512",
          ),
        ),
      ),
    ).toBe("The signature method is not allowed.");
    expect(await refusal(idpSigned((s) => s, { digest: "http://www.w3.org/2000/09/xmldsig#sha1" }))).toBe(
      "The signature's digest method is not allowed.",
    );
    expect(
      await refusal(
        idpSigned((s) => s, {
          transforms: [
            "http://www.w3.org/2000/09/xmldsig#enveloped-signature",
            "http://www.w3.org/TR/2001/REC-xml-c14n-20010315",
          ],
        }),
      ),
    ).toBe("A signature transform is not allowed.");
    // The signature sits in the Assertion but covers its Subject (given an ID for the purpose).
    expect(
      await refusal(
        idpSigned((s) => s.replace("<saml:Subject>", '<saml:Subject ID="_subject">'), {
          reference: `${assertion}/*[local-name(.)='Subject']`,
        }),
      ),
    ).toBe("The signature does not reference its Assertion.");
  });

  it("refuses a validly signed assertion without a bearer confirmation, a live one, a NameID or a valid time", async () => {
    expect(await refusal(idpSigned((s) => s.replace("cm:bearer", "cm:holder-of-key")))).toBe(
      "The assertion has no bearer SubjectConfirmationData.",
    );
    const past = new Date(Date.now() - 20 * 60_000).toISOString();
    expect(
      await refusal(
        idpSigned((s) => s.replace(/(<saml:SubjectConfirmationData NotOnOrAfter=")[^"]+/, `$1${past}`)),
      ),
    ).toBe("The subject confirmation has expired.");
    expect(
      await refusal(idpSigned((s) => s.replace(/>alice@example\.com<\/saml:NameID>/, "> </saml:NameID>"))),
    ).toBe("The NameID is empty.");
    expect(
      await refusal(idpSigned((s) => s.replace(/(<saml:Conditions NotBefore=")[^"]+/, "$1yesterday"))),
    ).toBe("NotBefore is not a valid time.");
  });

  it("refuses when the IdP has no certificate", async () => {
    expect(await refusal(make(), check({ idp: { entityId: idp.entityId, certificates: [] } }))).toBe(
      "The identity provider has no signing certificate.",
    );
  });
});
