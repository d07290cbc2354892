import { DOMParser } from "@xmldom/xmldom";
import { describe, expect, it } from "vitest";
import {
  checkXmlShape,
  checkXmlText,
  MAX_XML_DEPTH,
  MAX_SAML_MESSAGE_NODES,
  MAX_XML_NODES,
  parseXml,
  SamlXmlError,
} from "./saml-xml.js";

const nested = (depth: number, inner = "") => `${"<a>".repeat(depth)}${inner}${"</a>".repeat(depth)}`;
const shapeError = (xml: string): string | undefined => {
  try {
    checkXmlShape(new DOMParser().parseFromString(xml, "text/xml") as unknown as Document);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(SamlXmlError);
    return (error as Error).message;
  }
};

describe("checkXmlShape", () => {
  it("takes a document exactly as deep and as large as the bounds, refuses one element more", () => {
    expect(shapeError(nested(MAX_XML_DEPTH))).toBeUndefined();
    expect(shapeError(nested(MAX_XML_DEPTH + 1))).toBe(`nested deeper than ${MAX_XML_DEPTH} elements`);
    expect(shapeError(`<r>${"<b/>".repeat(MAX_XML_NODES - 1)}</r>`)).toBeUndefined();
    expect(shapeError(`<r>${"<b/>".repeat(MAX_XML_NODES)}</r>`)).toBe(
      `more than ${MAX_XML_NODES} nodes (elements and attributes)`,
    );
  });

  it("counts depth back down after a subtree: deep siblings side by side are fine, one level more is not", () => {
    const sibling = nested(MAX_XML_DEPTH - 1, "text<!--c-->");
    expect(shapeError(`<r>${sibling.repeat(20)}</r>`)).toBeUndefined();
    expect(shapeError(`<r>${sibling.repeat(20)}${nested(MAX_XML_DEPTH)}</r>`)).toBe(
      `nested deeper than ${MAX_XML_DEPTH} elements`,
    );
  });

  it("refuses nesting far past any stack (tens of thousands of levels) without recursing", () => {
    expect(shapeError(nested(50_000))).toBe(`nested deeper than ${MAX_XML_DEPTH} elements`);
  });

  it("is applied by parseXml (the metadata reader's parser)", () => {
    expect(() => parseXml(nested(20_000), 200_000)).toThrow(`nested deeper than ${MAX_XML_DEPTH} elements`);
    expect(parseXml(nested(3), 100).documentElement.localName).toBe("a");
  });
});

const textError = (xml: string): string | undefined => {
  try {
    checkXmlText(xml);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(SamlXmlError);
    return (error as Error).message;
  }
};

describe("checkXmlText (before parsing)", () => {
  it("agrees with the tree: the same bounds, one element more refused", () => {
    expect(textError(nested(MAX_XML_DEPTH))).toBeUndefined();
    expect(textError(nested(MAX_XML_DEPTH + 1))).toBe(`nested deeper than ${MAX_XML_DEPTH} elements`);
    expect(textError(`<r>${"<b/>".repeat(MAX_XML_NODES - 1)}</r>`)).toBeUndefined();
    expect(textError(`<r>${"<b />".repeat(MAX_XML_NODES)}</r>`)).toBe(
      `more than ${MAX_XML_NODES} nodes (elements and attributes)`,
    );
  });

  it("does not count markup-like text: comments, CDATA, processing instructions, > and /> in attribute values", () => {
    const noise = `<?pi <a><a>?><!-- <a><a><a> --><![CDATA[<a><a>]]>`;
    const inner = `<b x="a>b" y='/>'>${noise}text</b><c z="/"/>`;
    const xml = `<?xml version="1.0"?>${nested(MAX_XML_DEPTH - 1, inner)}`;
    expect(textError(xml)).toBeUndefined();
    expect(shapeError(xml)).toBeUndefined();
    expect(textError(`<r>${nested(MAX_XML_DEPTH, inner)}</r>`)).toBe(
      `nested deeper than ${MAX_XML_DEPTH} elements`,
    );
  });

  it("stops at the first element over the bound, whatever follows (never reaching the parser)", () => {
    expect(textError(`${"<a>".repeat(MAX_XML_DEPTH + 1)}<unclosed`)).toBe(
      `nested deeper than ${MAX_XML_DEPTH} elements`,
    );
    expect(() => parseXml(`${"<a>".repeat(MAX_XML_DEPTH + 1)} not XML at all <`, 1000)).toThrow(
      `nested deeper than ${MAX_XML_DEPTH} elements`,
    );
  });
});

// One element with n attributes, and n namespace declarations over one leaf: elements were the only
// thing counted once, and these shapes cost the parser and canonicalization as much.
const attributes = (n: number) => `<r ${Array.from({ length: n }, (_, i) => `b${i}="1"`).join(" ")}/>`;
const declarations = (n: number) =>
  `<r ${Array.from({ length: n }, (_, i) => `xmlns:p${i}="urn:x:${i}"`).join(" ")}><c/></r>`;

describe("attributes and namespace declarations count as nodes", () => {
  const over = (n: number) => `more than ${n} nodes (elements and attributes)`;

  it("on the text and on the tree alike, exactly at the bound and one over", () => {
    for (const check of [textError, shapeError]) {
      expect(check(attributes(MAX_XML_NODES - 1))).toBeUndefined();
      expect(check(attributes(MAX_XML_NODES))).toBe(over(MAX_XML_NODES));
      expect(check(declarations(MAX_XML_NODES - 2))).toBeUndefined();
      expect(check(declarations(MAX_XML_NODES - 1))).toBe(over(MAX_XML_NODES));
    }
  });

  it("does not count `=` inside attribute values, text, comments or CDATA", () => {
    const xml = `<r a="x=y" b='=='><!-- c=d --><![CDATA[e=f]]>g=h</r>`;
    expect(() => checkXmlText(xml, 3)).not.toThrow();
    expect(() => checkXmlText(xml, 2)).toThrow(over(2));
  });

  it("takes a lower bound for SAML messages", () => {
    const doc = new DOMParser().parseFromString(attributes(MAX_SAML_MESSAGE_NODES), "text/xml");
    expect(() => checkXmlShape(doc as unknown as Document, MAX_SAML_MESSAGE_NODES)).toThrow(
      over(MAX_SAML_MESSAGE_NODES),
    );
    expect(() => checkXmlText(attributes(MAX_SAML_MESSAGE_NODES), MAX_SAML_MESSAGE_NODES)).toThrow(
      over(MAX_SAML_MESSAGE_NODES),
    );
    expect(() => checkXmlText(attributes(MAX_SAML_MESSAGE_NODES - 1), MAX_SAML_MESSAGE_NODES)).not.toThrow();
    expect(MAX_SAML_MESSAGE_NODES).toBeLessThan(MAX_XML_NODES);
  });
});
