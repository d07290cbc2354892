/**
 * XML for SAML, parsed one way everywhere: @xmldom/xmldom with every warning, error and fatal
 * error fatal, no DOCTYPE (so no entity, internal or external, is ever declared or expanded), a
 * bounded size, and a bounded shape (element depth, and a count of nodes: elements, attributes
 * and namespace declarations; {@link checkXmlText} on the text before parsing, so a refusal is
 * cheap, and {@link checkXmlShape} on the parsed tree, which is what everything after walks), used
 * by the metadata reader here and by the Response and LogoutResponse verifiers of
 * src/oauth/saml/xml.ts (with the lower {@link MAX_SAML_MESSAGE_NODES}), before any signature
 * work. Plus the namespaces and the few DOM walks the SAML modules need, and escaping for the
 * documents cognate writes.
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
  checkXmlText(text);
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
  checkXmlShape(doc);
  return doc;
}

/**
 * The deepest element nesting read. SAML messages and metadata are shallow: a Transform of an
 * assertion's signature is 8 levels down, an encrypted assertion's certificate 9, metadata's
 * deepest usual element about 10; deep nesting only feeds the recursive walks of canonicalization.
 */
export const MAX_XML_DEPTH = 64;

/**
 * The most nodes (elements, attributes and namespace declarations together) read in one metadata
 * document. Attributes count because each costs the parser and canonicalization about what an
 * element does (one element with 7,000 attributes is as costly as 7,000 elements).
 */
export const MAX_XML_NODES = 20_000;

/**
 * The most nodes read in one SAML message (Response, LogoutResponse, decrypted assertion). A real
 * Response holds a few hundred (its Signature ~40, a 50-attribute assertion ~400, a 150-group
 * claim ~450 more); 4,000 leaves a tenfold margin while capping what an unauthenticated sender can
 * make the parser walk before the signature is known to be bad. [?] Cognito's own bound is
 * unpublished.
 */
export const MAX_SAML_MESSAGE_NODES = 4_000;

/**
 * The same bounds on the text, before the parser sees it: xmldom's cost grows with nesting (a
 * 10,000-deep document takes it hundreds of milliseconds), and this scan stops at the first start
 * tag over a bound, after reading only that far. It skips comments, CDATA, processing
 * instructions and quoted attribute values (the only places `<` or `>` is not markup in
 * well-formed XML); on text that is not well-formed it may refuse what the parser would have
 * refused in other words.
 *
 * @throws {SamlXmlError} naming the bound exceeded
 */
export function checkXmlText(text: string, maxNodes: number = MAX_XML_NODES): void {
  let depth = 0;
  let count = 0;
  let at = 0;
  const skipTo = (end: string, from: number) => {
    const found = text.indexOf(end, from);
    return found < 0 ? text.length : found + end.length;
  };
  for (;;) {
    at = text.indexOf("<", at);
    if (at < 0) return;
    if (text.startsWith("<!--", at)) at = skipTo("-->", at + 4);
    else if (text.startsWith("<![CDATA[", at)) at = skipTo("]]>", at + 9);
    else if (text.startsWith("<?", at)) at = skipTo("?>", at + 2);
    else if (text.startsWith("<!", at)) at = skipTo(">", at + 2);
    else if (text.startsWith("</", at)) {
      depth--;
      at = skipTo(">", at + 2);
    } else {
      if (++count > maxNodes) throw tooMany(maxNodes);
      let end = at + 1;
      let quote = "";
      for (; end < text.length; end++) {
        const ch = text[end];
        if (quote !== "") {
          if (ch === quote) quote = "";
        } else if (ch === '"' || ch === "'") quote = ch;
        else if (ch === ">") break;
        // An attribute or a namespace declaration: one `=` outside quotes each.
        else if (ch === "=" && ++count > maxNodes) throw tooMany(maxNodes);
      }
      if (end >= text.length) return; // not well-formed: the parser says so
      if (text[end - 1] !== "/" && ++depth > MAX_XML_DEPTH) throw tooDeep();
      at = end + 1;
    }
  }
}

const tooDeep = () => new SamlXmlError(`nested deeper than ${MAX_XML_DEPTH} elements`);
const tooMany = (maxNodes: number) =>
  new SamlXmlError(`more than ${maxNodes} nodes (elements and attributes)`);

const firstElement = (node: Node | null): Element | null => {
  while (node !== null && node.nodeType !== 1) node = node.nextSibling;
  return node as Element | null;
};

/**
 * Refuses a parsed document nested deeper than {@link MAX_XML_DEPTH} elements or holding more
 * than `maxNodes` elements and attributes (namespace declarations included). Iterative (no recursion, so no stack to overflow), and it stops
 * at the first element over a bound: refusing costs no more than reading that far.
 *
 * @throws {SamlXmlError} naming the bound exceeded
 */
export function checkXmlShape(doc: Document, maxNodes: number = MAX_XML_NODES): void {
  const root = doc.documentElement;
  let element: Element | null = root;
  let depth = 1;
  let count = 0;
  while (element !== null) {
    count += 1 + element.attributes.length;
    if (count > maxNodes) throw tooMany(maxNodes);
    if (depth > MAX_XML_DEPTH) throw tooDeep();
    const down = firstElement(element.firstChild);
    if (down !== null) {
      element = down;
      depth++;
      continue;
    }
    // Up until an ancestor (or the element itself) has a next element sibling.
    let at: Element | null = element;
    element = null;
    while (at !== null && at !== root) {
      const next = firstElement(at.nextSibling);
      if (next !== null) {
        element = next;
        break;
      }
      at = at.parentNode as Element | null;
      depth--;
    }
  }
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
