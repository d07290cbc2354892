/**
 * XML for SAML, parsed one way everywhere: @xmldom/xmldom with every warning, error and fatal
 * error fatal, no DOCTYPE (so no entity, internal or external, is ever declared or expanded), a
 * bounded size. Plus the namespaces and the few DOM walks the SAML modules need, and escaping for
 * the documents cognate writes.
 */
import { DOMParser } from "@xmldom/xmldom";

/** The SAML 2.0 and XML-DSig namespaces. */
export const NS = {
  md: "urn:oasis:names:tc:SAML:2.0:metadata",
  saml: "urn:oasis:names:tc:SAML:2.0:assertion",
  samlp: "urn:oasis:names:tc:SAML:2.0:protocol",
  ds: "http://www.w3.org/2000/09/xmldsig#",
} as const;

/** The SAML 2.0 bindings by their short names. */
export const BINDINGS = {
  redirect: "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect",
  post: "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST",
} as const;

/** XML cognate refuses to read: malformed, too large, or with a DOCTYPE. */
export class SamlXmlError extends Error {
  override readonly name = "SamlXmlError";
}

/**
 * A parsed document, or a thrown {@link SamlXmlError}. A DOCTYPE (and with it any ENTITY) is
 * refused before parsing: SAML never needs one, and it is how entity expansion attacks start.
 *
 * @example
 * ```ts
 * const doc = parseXml(metadataFile, 131_072);
 * doc.documentElement.localName; // "EntityDescriptor"
 * ```
 */
export function parseXml(text: string, maxChars: number): Document {
  if (text.length > maxChars) throw new SamlXmlError(`larger than ${maxChars} characters`);
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new SamlXmlError("a DOCTYPE or ENTITY declaration");
  let doc: Document;
  try {
    doc = new DOMParser({
      onError: (level, message) => {
        throw new SamlXmlError(`${level}: ${message.split("\n")[0]}`);
      },
    }).parseFromString(text, "text/xml") as unknown as Document;
  } catch (error) {
    // xmldom 0.9 wraps what onError throws in its ParseError.
    const message = error instanceof Error ? error.message.split("\n")[0]!.slice(0, 200) : "unreadable";
    throw error instanceof SamlXmlError ? error : new SamlXmlError(message);
  }
  if (doc?.documentElement === null || doc?.documentElement === undefined)
    throw new SamlXmlError("no document element");
  return doc;
}

/** The element children of `parent` in namespace `ns` named `local`, in document order. */
export function childElements(parent: Node, ns: string, local: string): Element[] {
  const found: Element[] = [];
  for (let node = parent.firstChild; node !== null; node = node.nextSibling)
    if (node.nodeType === 1 && (node as Element).namespaceURI === ns && (node as Element).localName === local)
      found.push(node as Element);
  return found;
}

/** Whether `element` is `{ns}local`. */
export const isElement = (element: Element, ns: string, local: string) =>
  element.namespaceURI === ns && element.localName === local;

// Characters XML 1.0 cannot hold at all, escaped or not (and unpaired surrogates).
const NOT_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * `value` as element text or an attribute value: every markup character escaped, so what a
 * caller or an IdP gave can never close an attribute or open an element.
 *
 * @throws {SamlXmlError} for a character XML cannot hold (a NUL, say)
 */
export function escapeXml(value: string): string {
  if (NOT_XML.test(value)) throw new SamlXmlError("a character XML cannot hold");
  return value.replace(/[&<>"'\r\n\t]/g, (c) => `&#${c.charCodeAt(0)};`);
}
