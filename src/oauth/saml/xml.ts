/**
 * The XML ground the SAML verifier stands on: one hardened parser (no DOCTYPE, no entities, any
 * parse error fatal), child lookups by namespace and local name only (never XPath over the
 * whole document, which is where signature wrapping hides), and the refusal type whose text
 * becomes Cognito's `Invalid SAML response received: <reason>`.
 */
import { DOMParser, XMLSerializer } from "@xmldom/xmldom";
import {
  checkXmlShape,
  checkXmlText,
  MAX_SAML_MESSAGE_NODES,
  SamlXmlError,
} from "../../user-pool/federation/saml-xml.js";
import { fail, SamlError } from "./errors.js";

/** The namespaces of the SAML 2.0 profile read here. */
export const NS = {
  samlp: "urn:oasis:names:tc:SAML:2.0:protocol",
  saml: "urn:oasis:names:tc:SAML:2.0:assertion",
  ds: "http://www.w3.org/2000/09/xmldsig#",
  xenc: "http://www.w3.org/2001/04/xmlenc#",
} as const;

export { fail, SamlError } from "./errors.js";

/**
 * Parses `xml`: a DOCTYPE or ENTITY anywhere is refused before parsing (no entity expansion, no
 * external reads), and so is anything the parser reports beyond a warning, and a document deeper
 * or larger than the shared bounds (saml-xml.ts, with the message node budget: on the text before
 * parsing, on the tree after),
 * before anything walks it.
 */
export function parseXml(xml: string): Document {
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) fail("DOCTYPE and entities are not allowed.");
  bounded(() => checkXmlText(xml, MAX_SAML_MESSAGE_NODES));
  let doc: Document;
  try {
    doc = new DOMParser({
      onError: (level, message) => {
        if (level !== "warning")
          throw new SamlError(`The XML is not well-formed (${message.slice(0, 120)}).`);
      },
    }).parseFromString(xml, "text/xml") as unknown as Document;
  } catch (error) {
    // 0.9 wraps what onError throws in a ParseError.
    if (error instanceof SamlError) throw error;
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof SamlError) throw cause;
    return fail("The XML is not well-formed.");
  }
  if (!doc?.documentElement) fail("The XML has no document element.");
  bounded(() => checkXmlShape(doc, MAX_SAML_MESSAGE_NODES));
  return doc;
}

/** Runs a shared shape check, its refusal as ours. */
function bounded(check: () => void): void {
  try {
    check();
  } catch (error) {
    if (error instanceof SamlXmlError) fail(`The XML is ${error.message.replace(/^more/, "larger")}.`);
    throw error;
  }
}

/** The XML text of a node. */
export const serialize = (node: Node): string => new XMLSerializer().serializeToString(node as never);

/** The element children of `el` named `{ns}local`, in order. */
export function children(el: Node, ns: string, local: string): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling)
    if (n.nodeType === 1 && (n as Element).namespaceURI === ns && (n as Element).localName === local)
      out.push(n as Element);
  return out;
}

/** The first such child, or `undefined`. */
export const child = (el: Node, ns: string, local: string): Element | undefined => children(el, ns, local)[0];

/** Exactly one such child, or the refusal naming `what`. */
export function only(el: Node, ns: string, local: string, what: string): Element {
  const found = children(el, ns, local);
  if (found.length !== 1) fail(`Expected exactly one ${what}, found ${found.length}.`);
  return found[0]!;
}

/** Every element named `{ns}local` under `root`, at any depth. */
export function descendants(root: Document | Element, ns: string, local: string): Element[] {
  return Array.from(root.getElementsByTagNameNS(ns, local) as ArrayLike<Element>);
}

/** Every node under `root` (not `root` itself), in document order; iterative. */
function* under(root: Node): Generator<Node> {
  let node: Node | null = root.firstChild;
  while (node !== null) {
    yield node;
    if (node.firstChild !== null) {
      node = node.firstChild;
      continue;
    }
    while (node !== null && node !== root && node.nextSibling === null) node = node.parentNode;
    node = node === null || node === root ? null : node.nextSibling;
  }
}

/** Whether a comment sits anywhere under `node`. */
export function hasComment(node: Node): boolean {
  for (const n of under(node)) if (n.nodeType === 8) return true;
  return false;
}

/** How many elements of the document carry `id` as an `ID`, `Id` or `id` attribute. */
export function idCount(doc: Document, id: string): number {
  let n = 0;
  const count = (e: Element) => {
    for (const a of ["ID", "Id", "id"]) if (e.getAttribute(a) === id) n++;
  };
  count(doc.documentElement);
  for (const node of under(doc.documentElement)) if (node.nodeType === 1) count(node as Element);
  return n;
}

/** An element's text, trimmed; `""` for none. */
export const text = (el: Element | undefined): string => (el?.textContent ?? "").trim();
