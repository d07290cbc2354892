/**
 * A SAML 2.0 Response from an IdP (HTTP-POST binding), checked in federation.md §3.2's order:
 *
 * 1. base64, at most 100,000 characters, UTF-8; parsed with DOCTYPE and entities refused;
 * 2. the root `samlp:Response`, its `Destination` (when present) the ACS, status Success;
 * 3. exactly one Assertion or EncryptedAssertion in the whole document, and encryption as the
 *    provider is configured (EncryptedResponses: every assertion encrypted, none otherwise);
 * 4. a valid signature on the Response, the Assertion or both, by a metadata certificate only
 *    (signature.ts), signatures nowhere else; from here on only **the signed bytes** are read;
 * 5. the assertion's Issuer is the IdP's entity ID;
 * 6. Conditions: NotBefore ≤ now + skew < NotOnOrAfter + skew, the SP's entity ID an Audience;
 * 7. a bearer SubjectConfirmationData with Recipient = ACS, NotOnOrAfter, InResponseTo = the
 *    AuthnRequest's ID (SP-initiated) or none (IdP-initiated, then issued ≤ 6 minutes ago);
 * 8. (the caller) the assertion ID accepted once, until it expires;
 * 9. a non-empty NameID with no comment in it; the first AuthnStatement's SessionIndex kept.
 *
 * Runtime-neutral: xml-crypto and xml-encryption use `node:crypto`, which workerd provides
 * under `nodejs_compat`.
 */
import { checkAlgorithms, decryptAssertion } from "./decrypt.js";
import { certificatePem, verifyEnveloped } from "./signature.js";
import {
  child,
  children,
  descendants,
  fail,
  hasComment,
  NS,
  only,
  parseXml,
  SamlError,
  serialize,
  text,
} from "./xml.js";

export { INVALID_RESPONSE_OR_RELAY_STATE, SamlError } from "./errors.js";

/** The longest `SAMLResponse` accepted, in (base64) characters, as Cognito's. */
export const MAX_SAML_RESPONSE = 100_000;

/** The default clock skew allowed on every time in the assertion. [?] Cognito's is unpublished. */
export const DEFAULT_SKEW_MS = 5 * 60 * 1000;

/** How old an IdP-initiated assertion may be (federation.md §3.4). */
export const IDP_INITIATED_MAX_AGE_MS = 6 * 60 * 1000;

const SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";
const BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer";

/** What the response is checked against. */
export interface ResponseCheck {
  /** The IdP as its metadata describes it: entity ID and signing certificates (PEM or base64 DER). */
  idp: { entityId: string; certificates: readonly string[] };
  /** `urn:amazon:cognito:sp:{userPoolId}`. */
  spEntityId: string;
  /** The ACS URL: `{hosted base}/saml2/idpresponse`. */
  acs: string;
  /** The AuthnRequest's ID (SP-initiated), or `null` for an IdP-initiated response. */
  requestId: string | null;
  /** Epoch ms. */
  now: number;
  /** Allowed clock skew, ms (default {@link DEFAULT_SKEW_MS}). */
  skewMs?: number;
  /**
   * The pool's decryption keys for this IdP (PKCS#8 PEM), when EncryptedResponses is on: then
   * the assertion must be encrypted, to one of them. Absent: it must not be.
   */
  decryptionKeys?: readonly string[];
}

/** A verified assertion: what the sign-in and the replay cache need. */
export interface SamlAssertion {
  nameId: string;
  nameIdFormat?: string;
  /** The first AuthnStatement's SessionIndex (single logout names it). */
  sessionIndex?: string;
  /** The Assertion's ID, accepted once. */
  assertionId: string;
  /** Until when the assertion could be accepted (its NotOnOrAfter plus the skew), epoch ms. */
  acceptableUntil: number;
  /** The Assertion's IssueInstant, epoch ms. */
  issuedAt: number;
  /** Attribute Name to its values, in order (an object without a prototype). */
  attributes: Record<string, string[]>;
  /** Which elements carried a valid signature. */
  signed: ("Response" | "Assertion")[];
  encrypted: boolean;
}

/**
 * Decodes a posted `SAMLResponse`: at most {@link MAX_SAML_RESPONSE} characters of base64 (line
 * breaks allowed), valid UTF-8.
 */
export function decodeSamlResponse(value: string): string {
  if (value.length > MAX_SAML_RESPONSE) fail("The SAML response is too large.");
  const compact = value.replace(/[\r\n\t ]/g, "");
  if (compact === "" || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 === 1)
    fail("The SAML response is not base64.");
  let binary: string;
  try {
    binary = atob(compact);
  } catch {
    return fail("The SAML response is not base64.");
  }
  // A plain loop: Uint8Array.from with a mapping function costs ~10x as much on 75 KB.
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return fail("The SAML response is not UTF-8.");
  }
}

function instant(value: string | null, what: string): number {
  const ms = value === null ? Number.NaN : Date.parse(value);
  if (!Number.isFinite(ms)) fail(`${what} is not a valid time.`);
  return ms;
}

/**
 * Verifies a posted `SAMLResponse` (base64) and returns the assertion read from the signed bytes.
 *
 * @throws {SamlError} with the reason, to be shown as `Invalid SAML response received: <reason>`.
 * @example
 * ```ts
 * const assertion = await verifySamlResponse(form.get("SAMLResponse"), {
 *   idp: { entityId: "https://idp.example/metadata", certificates: [metadataCert] },
 *   spEntityId: `urn:amazon:cognito:sp:${poolId}`, acs: `${base}/saml2/idpresponse`,
 *   requestId: state.samlRequestId, now: Date.now(),
 * });
 * ```
 */
export async function verifySamlResponse(samlResponse: string, check: ResponseCheck): Promise<SamlAssertion> {
  const xml = decodeSamlResponse(samlResponse);
  const certificates = check.idp.certificates.map(certificatePem);
  if (certificates.length === 0) fail("The identity provider has no signing certificate.");
  const skew = check.skewMs ?? DEFAULT_SKEW_MS;

  // 1-2. The document and its root.
  const doc = parseXml(xml);
  const response = doc.documentElement;
  if (response.namespaceURI !== NS.samlp || response.localName !== "Response")
    fail("The document is not a SAML Response.");
  const destination = response.getAttribute("Destination");
  if (destination && destination !== check.acs) fail("Destination does not match the ACS URL.");
  const status = child(child(response, NS.samlp, "Status") ?? response, NS.samlp, "StatusCode");
  if (status?.getAttribute("Value") !== SUCCESS) fail("The identity provider's status is not Success.");

  // 3. One assertion in the whole document, encrypted as configured.
  const plain = descendants(doc, NS.saml, "Assertion").length;
  const sealed = descendants(doc, NS.saml, "EncryptedAssertion").length;
  if (plain + sealed !== 1) fail(`Expected exactly one assertion, found ${plain + sealed}.`);
  const encrypted = sealed === 1;
  if (check.decryptionKeys !== undefined && !encrypted) fail("The assertion must be encrypted.");
  if (check.decryptionKeys === undefined && encrypted)
    fail("The assertion is encrypted, but encrypted responses are not enabled for this identity provider.");

  // 4. Signatures: on the Response (optional), then on the Assertion.
  const signed: SamlAssertion["signed"] = [];
  let view = doc;
  if (children(response, NS.ds, "Signature").length > 0) {
    view = parseXml(await verifyEnveloped(xml, doc, response, certificates));
    signed.push("Response");
  }
  const viewResponse = view.documentElement;

  let assertionXml: string;
  let assertionDoc: Document;
  // The assertion as it arrived (or was decrypted), for what canonicalization hides.
  let arrived: Element;
  if (encrypted) {
    onlySignaturesUnder(doc, [response]);
    const box = only(viewResponse, NS.saml, "EncryptedAssertion", "EncryptedAssertion");
    const authenticated = signed.length > 0;
    checkAlgorithms(box, authenticated);
    assertionXml = await decryptWithAny(box, check.decryptionKeys ?? [], authenticated);
    assertionDoc = parseXml(assertionXml);
    if (descendants(assertionDoc, NS.saml, "Assertion").length !== 1)
      fail("Expected exactly one assertion in the encrypted assertion.");
    arrived = descendants(assertionDoc, NS.saml, "Assertion")[0]!;
  } else {
    const assertion = only(viewResponse, NS.saml, "Assertion", "Assertion");
    arrived = only(response, NS.saml, "Assertion", "Assertion");
    onlySignaturesUnder(doc, [response, arrived]);
    assertionXml = signed.length > 0 ? serialize(assertion) : xml;
    assertionDoc = signed.length > 0 ? parseXml(assertionXml) : doc;
  }
  const root = assertionDoc.documentElement;
  const assertion =
    root.namespaceURI === NS.saml && root.localName === "Assertion"
      ? root
      : only(root, NS.saml, "Assertion", "Assertion");
  if (encrypted) onlySignaturesUnder(assertionDoc, [assertion]);

  let a = assertion;
  if (children(assertion, NS.ds, "Signature").length > 0) {
    a = parseXml(await verifyEnveloped(assertionXml, assertionDoc, assertion, certificates)).documentElement;
    signed.push("Assertion");
  }
  if (signed.length === 0) fail("Neither the Response nor the Assertion is signed.");
  // exc-c14n drops comments, so a comment splits text the signature saw whole (CVE-2017-11428).
  if (hasComment(arrived)) fail("Comments are not allowed in the assertion.");

  // 5. Issuer.
  if (text(only(a, NS.saml, "Issuer", "Issuer")) !== check.idp.entityId)
    fail("The assertion's Issuer is not the identity provider.");

  // 6. Conditions.
  const now = check.now;
  const conditions = only(a, NS.saml, "Conditions", "Conditions");
  const notBefore = conditions.getAttribute("NotBefore");
  if (notBefore !== null && instant(notBefore, "NotBefore") > now + skew)
    fail("The assertion is not yet valid.");
  const notOnOrAfter = instant(conditions.getAttribute("NotOnOrAfter"), "Conditions NotOnOrAfter");
  if (now - skew >= notOnOrAfter) fail("The assertion has expired.");
  const audiences = children(conditions, NS.saml, "AudienceRestriction").flatMap((r) =>
    children(r, NS.saml, "Audience").map((el) => text(el)),
  );
  if (!audiences.includes(check.spEntityId)) fail("The assertion's Audience is not this user pool.");

  // 7. The bearer confirmation.
  const subject = only(a, NS.saml, "Subject", "Subject");
  const confirmations = children(subject, NS.saml, "SubjectConfirmation")
    .filter((s) => s.getAttribute("Method") === BEARER)
    .map((s) => child(s, NS.saml, "SubjectConfirmationData"))
    .filter((d): d is Element => d !== undefined);
  if (confirmations.length === 0) fail("The assertion has no bearer SubjectConfirmationData.");
  if (!confirmations.some((d) => d.getAttribute("Recipient") === check.acs))
    fail("Recipient does not match the ACS URL.");
  const recipientOk = confirmations.filter((d) => d.getAttribute("Recipient") === check.acs);
  const live = recipientOk.filter(
    (d) => now - skew < instant(d.getAttribute("NotOnOrAfter"), "SubjectConfirmationData NotOnOrAfter"),
  );
  if (live.length === 0) fail("The subject confirmation has expired.");
  const issuedAt = instant(a.getAttribute("IssueInstant"), "IssueInstant");
  const responseInResponseTo = response.getAttribute("InResponseTo");
  if (check.requestId === null) {
    if (live.some((d) => d.getAttribute("InResponseTo")) || responseInResponseTo)
      fail("An IdP-initiated response must not carry InResponseTo.");
    if (issuedAt > now + skew) fail("The assertion is not yet valid.");
    if (now - issuedAt > IDP_INITIATED_MAX_AGE_MS)
      fail("The IdP-initiated assertion was issued more than 6 minutes ago.");
  } else {
    if (!live.some((d) => d.getAttribute("InResponseTo") === check.requestId))
      fail("InResponseTo does not match the authentication request.");
    if (responseInResponseTo && responseInResponseTo !== check.requestId)
      fail("InResponseTo does not match the authentication request.");
  }

  // 9. NameID, SessionIndex, attributes.
  const nameIdEl = only(subject, NS.saml, "NameID", "NameID");
  const nameId = text(nameIdEl);
  if (nameId === "") fail("The NameID is empty.");
  const assertionId = a.getAttribute("ID") ?? "";
  if (assertionId === "") fail("The assertion has no ID.");
  // No prototype: an Attribute named `__proto__` or `constructor` is a name like any other.
  const attributes: Record<string, string[]> = Object.create(null);
  for (const statement of children(a, NS.saml, "AttributeStatement"))
    for (const attribute of children(statement, NS.saml, "Attribute")) {
      const name = attribute.getAttribute("Name");
      if (!name) continue;
      const values = children(attribute, NS.saml, "AttributeValue").map((v) => v.textContent ?? "");
      attributes[name] = Object.hasOwn(attributes, name) ? [...attributes[name]!, ...values] : values;
    }
  const sessionIndex = child(a, NS.saml, "AuthnStatement")?.getAttribute("SessionIndex");
  const format = nameIdEl.getAttribute("Format");
  return {
    nameId,
    ...(format ? { nameIdFormat: format } : {}),
    ...(sessionIndex ? { sessionIndex } : {}),
    assertionId,
    acceptableUntil: notOnOrAfter + skew,
    issuedAt,
    attributes,
    signed,
    encrypted,
  };
}

/** Refuses a Signature anywhere but directly under one of `parents`. */
function onlySignaturesUnder(doc: Document, parents: readonly Element[]): void {
  for (const signature of descendants(doc, NS.ds, "Signature"))
    if (!parents.includes(signature.parentNode as Element)) fail("A signature is at an unexpected position.");
}

async function decryptWithAny(
  box: Element,
  keys: readonly string[],
  authenticated: boolean,
): Promise<string> {
  for (const key of keys) {
    try {
      return await decryptAssertion(box, key, authenticated);
    } catch (error) {
      if (!(error instanceof SamlError)) throw error;
    }
  }
  return fail("Unable to decrypt the SAML assertion.");
}
