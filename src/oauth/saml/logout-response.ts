/**
 * The IdP's LogoutResponse at `/saml2/logout` (HTTP-POST binding; federation.md §3.5): the answer
 * to the LogoutRequest cognate sent. Checked as the login Response is: base64 within the size
 * bound, no DOCTYPE, the root `samlp:LogoutResponse` signed (enveloped, by a metadata certificate
 * only, signature.ts), and from the signed bytes its Issuer (the IdP's entity ID), InResponseTo
 * (the LogoutRequest's ID), Destination (when present: the SLO URL) and IssueInstant (within the
 * skew of now). [?] Cognito's handling of an unsigned LogoutResponse is unpublished: refused.
 */
import { LOGOUT_RESPONSE_MAX_AGE_MS } from "./limits.js";
import { DEFAULT_SKEW_MS, decodeSamlResponse } from "./response.js";
import { certificatePem, verifyEnveloped } from "./signature.js";
import { child, children, fail, NS, only, parseXml, text } from "./xml.js";

/** What a LogoutResponse is checked against. */
export interface LogoutResponseCheck {
  idp: { entityId: string; certificates: readonly string[] };
  /** The SLO URL: `{hosted base}/saml2/logout`. */
  destination: string;
  /** The ID of the LogoutRequest sent. */
  requestId: string;
  now: number;
  skewMs?: number;
}

/** The IdP's verdict: its top-level status code (Success, or why not). */
export interface LogoutResult {
  status: string;
  success: boolean;
}

export { LOGOUT_RESPONSE_MAX_AGE_MS } from "./limits.js";

const SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";

/**
 * Verifies a posted LogoutResponse (base64).
 *
 * @throws {SamlError} with the reason.
 * @example
 * ```ts
 * const { success } = await verifyLogoutResponse(form.get("SAMLResponse"), { idp, destination, requestId, now });
 * ```
 */
export async function verifyLogoutResponse(
  samlResponse: string,
  check: LogoutResponseCheck,
): Promise<LogoutResult> {
  const xml = decodeSamlResponse(samlResponse);
  const certificates = check.idp.certificates.map(certificatePem);
  if (certificates.length === 0) fail("The identity provider has no signing certificate.");
  const doc = parseXml(xml);
  const root = doc.documentElement;
  if (root.namespaceURI !== NS.samlp || root.localName !== "LogoutResponse")
    fail("The document is not a SAML LogoutResponse.");
  if (children(root, NS.ds, "Signature").length === 0) fail("The LogoutResponse is not signed.");
  const signed = parseXml(await verifyEnveloped(xml, doc, root, certificates)).documentElement;

  if (text(only(signed, NS.saml, "Issuer", "Issuer")) !== check.idp.entityId)
    fail("The LogoutResponse's Issuer is not the identity provider.");
  const destination = signed.getAttribute("Destination");
  if (destination && destination !== check.destination) fail("Destination does not match the logout URL.");
  if (signed.getAttribute("InResponseTo") !== check.requestId)
    fail("InResponseTo does not match the logout request.");
  const issued = Date.parse(signed.getAttribute("IssueInstant") ?? "");
  const skew = check.skewMs ?? DEFAULT_SKEW_MS;
  if (!Number.isFinite(issued)) fail("IssueInstant is not a valid time.");
  if (issued > check.now + skew || check.now - issued > LOGOUT_RESPONSE_MAX_AGE_MS + skew)
    fail("The LogoutResponse is not current.");
  const status = child(only(signed, NS.samlp, "Status", "Status"), NS.samlp, "StatusCode")?.getAttribute(
    "Value",
  );
  if (!status) fail("The LogoutResponse has no status.");
  return { status: status!, success: status === SUCCESS };
}
