/**
 * A SAML IdP's metadata (federation.md §1.3, §3.1): what cognate needs from a MetadataFile or a
 * MetadataURL, read with the hardened parser of ./saml-xml.ts. The entity ID (the Issuer of its
 * assertions), the SSO and SLO endpoints by binding, its signing certificates (a KeyDescriptor with
 * `use="signing"` or no `use`; any of them may verify a response, each ≤4,096 characters, expired
 * ones dropped, at least one left) and whether it wants signed AuthnRequests.
 */
import { AsnConvert } from "@peculiar/asn1-schema";
import { Certificate } from "@peculiar/asn1-x509";
import { fetchableUrl, hostKind, isLoopback } from "../../authorizer/verify/fetch.js";
import { readBodyLimited } from "../../util/body.js";
import { base64ToBytes } from "../../util/encoding.js";
import { BINDINGS, childElements, NS, parseXml, type SamlXmlError } from "./saml-xml.js";

/** What cognate keeps of an IdP's metadata. */
export interface IdpMetadata {
  /** The EntityDescriptor's `entityID`: the Issuer of the IdP's responses. */
  entityId: string;
  /** SingleSignOnService by binding (AuthnRequests go to `redirect`). */
  sso: { redirect?: string; post?: string };
  /** SingleLogoutService by binding. */
  slo: { redirect?: string; post?: string };
  /** The unexpired signing certificates, base64 DER, in document order. */
  signingCertificates: string[];
  /** The IDPSSODescriptor's WantAuthnRequestsSigned. */
  wantAuthnRequestsSigned: boolean;
}

/** Metadata cognate cannot use; the message says why (it becomes the InvalidParameterException's). */
export class SamlMetadataError extends Error {
  override readonly name = "SamlMetadataError";
}

/** The largest metadata document read, as MetadataFile (ProviderDetails' value limit) or fetched. */
export const MAX_METADATA_CHARS = 131_072;
/** The most bytes read from a MetadataURL. */
export const MAX_METADATA_BYTES = 512 * 1024;
/** How long a MetadataURL may take, headers and body. */
export const METADATA_TIMEOUT_MS = 5_000;
/** The longest signing certificate (federation.md §1.3). */
export const MAX_CERTIFICATE_CHARS = 4_096;

const SAML2_PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol";

const bad = (message: string): never => {
  throw new SamlMetadataError(message);
};

/** The one EntityDescriptor with an IDPSSODescriptor: the root, or the only such one of an EntitiesDescriptor [?]. */
function entityOf(doc: Document): Element {
  const root = doc.documentElement;
  if (root.namespaceURI === NS.md && root.localName === "EntityDescriptor") return root;
  if (root.namespaceURI === NS.md && root.localName === "EntitiesDescriptor") {
    const idps = childElements(root, NS.md, "EntityDescriptor").filter(
      (entity) => childElements(entity, NS.md, "IDPSSODescriptor").length > 0,
    );
    if (idps.length === 1) return idps[0]!;
    bad(`the metadata describes ${idps.length} identity providers; one is needed`);
  }
  return bad("the metadata's root is not an md:EntityDescriptor");
}

/** When a DER certificate expires (ms), or null when it is not a certificate. */
function notAfterOf(der: Uint8Array<ArrayBuffer>): number | null {
  try {
    const cert = AsnConvert.parse(der, Certificate);
    return cert.tbsCertificate.validity.notAfter.getTime().getTime();
  } catch {
    return null;
  }
}

function signingCertificates(descriptor: Element, now: number): string[] {
  const found: string[] = [];
  let expired = 0;
  for (const key of childElements(descriptor, NS.md, "KeyDescriptor")) {
    const use = key.getAttribute("use");
    if (use !== null && use !== "" && use !== "signing") continue;
    for (const info of childElements(key, NS.ds, "KeyInfo"))
      for (const data of childElements(info, NS.ds, "X509Data"))
        for (const cert of childElements(data, NS.ds, "X509Certificate")) {
          const text = (cert.textContent ?? "").replace(/\s+/g, "");
          if (text.length > MAX_CERTIFICATE_CHARS)
            bad(`a signing certificate is longer than ${MAX_CERTIFICATE_CHARS} characters`);
          const der = /^[A-Za-z0-9+/]+={0,2}$/.test(text) ? base64ToBytes(text) : null;
          const notAfter = der === null ? null : notAfterOf(der);
          if (notAfter === null) bad("a signing certificate is not a base64 X.509 certificate");
          if (notAfter! <= now) expired++;
          else if (!found.includes(text)) found.push(text);
        }
  }
  if (found.length === 0)
    bad(expired > 0 ? "every signing certificate has expired" : "the metadata has no signing certificate");
  return found;
}

function endpoints(
  descriptor: Element,
  local: "SingleSignOnService" | "SingleLogoutService",
  allowLoopbackHttp: boolean,
): { redirect?: string; post?: string } {
  const out: { redirect?: string; post?: string } = {};
  for (const service of childElements(descriptor, NS.md, local)) {
    const binding = service.getAttribute("Binding");
    const kind = binding === BINDINGS.redirect ? "redirect" : binding === BINDINGS.post ? "post" : undefined;
    if (kind === undefined || out[kind] !== undefined) continue;
    const location = service.getAttribute("Location") ?? "";
    if (!endpointAllowed(location, allowLoopbackHttp))
      bad(`${local} Location ${location} is not an https URL`);
    out[kind] = location;
  }
  return out;
}

/** An IdP endpoint cognate sends browsers to: https, or http on a loopback host when allowed. */
function endpointAllowed(location: string, allowLoopbackHttp: boolean): boolean {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    return false;
  }
  if (url.username !== "" || url.password !== "" || url.hash !== "") return false;
  return (
    url.protocol === "https:" || (allowLoopbackHttp && url.protocol === "http:" && isLoopback(url.hostname))
  );
}

/**
 * Reads an IdP's metadata document.
 *
 * @param now epoch ms: certificates that expired by then are dropped, and `validUntil` checked.
 * @param allowLoopbackHttp whether http endpoints on a loopback host are accepted (test stand-ins).
 * @throws {SamlMetadataError} for XML cognate refuses, or metadata without what SAML sign-in needs.
 * @example
 * ```ts
 * const idp = parseIdpMetadata(details.MetadataFile, Date.now());
 * idp.sso.redirect; // where the AuthnRequest goes
 * ```
 */
export function parseIdpMetadata(xml: string, now: number, allowLoopbackHttp = false): IdpMetadata {
  let doc: Document;
  try {
    doc = parseXml(xml, MAX_METADATA_CHARS);
  } catch (error) {
    throw new SamlMetadataError(`the metadata is not XML cognate reads (${(error as SamlXmlError).message})`);
  }
  const entity = entityOf(doc);
  const entityId = entity.getAttribute("entityID") ?? "";
  if (entityId.trim() === "") bad("the EntityDescriptor has no entityID");
  // SAML 2.0 Core 8.3.6: an entity identifier is at most 1024 characters.
  if (entityId.length > 1024) bad("the EntityDescriptor's entityID is longer than 1024 characters");
  const validUntil = entity.getAttribute("validUntil");
  if (validUntil !== null && validUntil !== "") {
    const until = Date.parse(validUntil);
    if (Number.isNaN(until)) bad(`validUntil ${validUntil} is not a date`);
    if (until <= now) bad("the metadata's validUntil has passed");
  }
  const descriptor = childElements(entity, NS.md, "IDPSSODescriptor").find((d) =>
    (d.getAttribute("protocolSupportEnumeration") ?? "").split(/\s+/).includes(SAML2_PROTOCOL),
  );
  if (descriptor === undefined) bad("the metadata has no SAML 2.0 IDPSSODescriptor");
  const sso = endpoints(descriptor!, "SingleSignOnService", allowLoopbackHttp);
  // [?] Cognito sends AuthnRequests with the Redirect binding only.
  if (sso.redirect === undefined)
    bad("the metadata has no SingleSignOnService with the HTTP-Redirect binding");
  return {
    entityId,
    sso,
    slo: endpoints(descriptor!, "SingleLogoutService", allowLoopbackHttp),
    signingCertificates: signingCertificates(descriptor!, now),
    wantAuthnRequestsSigned: descriptor!.getAttribute("WantAuthnRequestsSigned") === "true",
  };
}

/** How a MetadataURL is fetched. */
export interface MetadataFetch {
  fetch?: typeof fetch;
  /** Whether `http://` on a loopback host is allowed (the `federation` setting's switch). */
  allowLoopbackHttp?: boolean;
  timeoutMs?: number;
  maxBytes?: number;
}

/**
 * Whether a MetadataURL may be fetched: https (port 443 [doc]), or loopback http when allowed. A
 * literal address that is not public is refused (SSRF), a loopback one unless allowed.
 */
export function metadataUrlAllowed(url: string, allowLoopbackHttp = false): boolean {
  const parsed = fetchableUrl(url);
  if (parsed === null) return false;
  const kind = hostKind(parsed.hostname);
  if (kind === "private" || (kind === "loopback" && !allowLoopbackHttp)) return false;
  if (parsed.protocol === "https:") return parsed.port === "" || parsed.port === "443";
  return allowLoopbackHttp;
}

/**
 * GETs a MetadataURL within a time and size bound, without following redirects.
 *
 * @throws {SamlMetadataError} with Cognito's words for a non-200 answer [obs], ours otherwise.
 */
export async function fetchIdpMetadata(url: string, options: MetadataFetch = {}): Promise<string> {
  if (!metadataUrlAllowed(url, options.allowLoopbackHttp)) bad(`MetadataURL ${url} is not an https URL`);
  const timeoutMs = options.timeoutMs ?? METADATA_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? MAX_METADATA_BYTES;
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new SamlMetadataError(`Timed out retrieving metadata from ${url}`)); // [?] words
    }, timeoutMs);
  });
  const exchange = async () => {
    const response = await (options.fetch ?? fetch)(url, {
      headers: { accept: "application/samlmetadata+xml, application/xml, text/xml" },
      redirect: "manual",
      signal: controller.signal,
    });
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      bad(`Non-ok status code ${response.status} returned from remote metadata source ${url}`);
    }
    const body = await readBodyLimited(response, maxBytes);
    if ("tooLarge" in body) bad(`The metadata at ${url} is larger than ${maxBytes} bytes`); // [?] words
    return new TextDecoder("utf-8", { fatal: false }).decode(body as Uint8Array);
  };
  try {
    return await Promise.race([exchange(), deadline]);
  } catch (error) {
    if (error instanceof SamlMetadataError) throw error;
    throw new SamlMetadataError(`Error retrieving metadata from ${url}`, { cause: error }); // [obs] unconfirmed words
  } finally {
    clearTimeout(timer);
  }
}
