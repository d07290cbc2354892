import { describe, expect, it } from "vitest";
import { bytesToBase64 } from "../../util/encoding.js";
import { checkAsset, MAX_ASSET_BYTES, mergeAssets } from "./assets.js";
import { imageFormat } from "./image.js";
import { svgProblem } from "./svg.js";

const PNG = bytesToBase64(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]));
const JPEG = bytesToBase64(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0]));
const ICO = bytesToBase64(new Uint8Array([0, 0, 1, 0, 1, 0]));
const svg = (body: string) =>
  bytesToBase64(
    new TextEncoder().encode(`<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg">${body}</svg>`),
  );

const jpegOf = (size: number) => {
  const bytes = new Uint8Array(size).fill(0x20);
  bytes.set([0xff, 0xd8, 0xff, 0xe0]);
  return bytesToBase64(bytes);
};

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
  return "accepted";
};

describe("imageFormat", () => {
  it("reads the format from the bytes", () => {
    expect(imageFormat(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe("PNG");
    expect(imageFormat(new Uint8Array([0xff, 0xd8, 0xff, 0xdb]))).toBe("JPEG");
    expect(imageFormat(new Uint8Array([0, 0, 1, 0]))).toBe("ICO");
    expect(imageFormat(new TextEncoder().encode("RIFF\0\0\0\0WEBPVP8 "))).toBe("WEBP");
    expect(imageFormat(new TextEncoder().encode("<!-- hi --><svg viewBox='0 0 1 1'/>"))).toBe("SVG");
    expect(imageFormat(new TextEncoder().encode("<html><svg></svg></html>"))).toBeNull();
    expect(imageFormat(new TextEncoder().encode("GIF89a"))).toBeNull();
  });
});

describe("svgProblem", () => {
  it.each([
    ["<script>alert(1)</script>", "script"],
    ["<svg:script>alert(1)</svg:script>", "script"],
    ["<foreignObject><iframe/></foreignObject>", "foreignObject"],
    ['<rect onload="alert(1)"/>', "event handler attributes"],
    ['<rect/onclick="alert(1)"/>', "event handler attributes"],
    ['<a href="javascript:alert(1)"><rect/></a>', "script URLs"],
    ['<a href="&#106;avascript:alert(1)"><rect/></a>', "character or entity references"],
    ["<embed src='x'/>", "embedded content"],
  ])("refuses %s", (body, problem) => {
    expect(svgProblem(`<svg>${body}</svg>`)).toBe(problem);
  });

  it("accepts shapes, styles, links and animation", () => {
    expect(
      svgProblem(
        '<svg><style>rect{fill:red}</style><a href="https://example.com"><rect width="1" height="1"><animate attributeName="x"/></rect></a></svg>',
      ),
    ).toBeNull();
  });
});

describe("checkAsset", () => {
  it("takes each category's extensions, with bytes of that kind", () => {
    expect(checkAsset({ Category: "FORM_LOGO", ColorMode: "LIGHT", Extension: "PNG", Bytes: PNG })).toEqual({
      Category: "FORM_LOGO",
      ColorMode: "LIGHT",
      Extension: "PNG",
      Bytes: PNG,
    });
    expect(
      checkAsset({ Category: "FAVICON_ICO", ColorMode: "DYNAMIC", Extension: "ICO", Bytes: ICO }).Bytes,
    ).toBe(ICO);
    expect(
      checkAsset({ Category: "FAVICON_SVG", ColorMode: "DARK", Extension: "SVG", Bytes: svg("<rect/>") })
        .Extension,
    ).toBe("SVG");
    expect(
      checkAsset({ Category: "IDP_BUTTON_ICON", ColorMode: "LIGHT", Extension: "SVG", ResourceId: "Google" }),
    ).toEqual({ Category: "IDP_BUTTON_ICON", ColorMode: "LIGHT", Extension: "SVG", ResourceId: "Google" });
  });

  it.each([
    [
      { Category: "FAVICON_ICO", Extension: "PNG", Bytes: PNG },
      "InvalidParameterException: Asset category FAVICON_ICO does not accept the extension PNG.",
    ],
    [
      { Category: "FORM_LOGO", Extension: "WEBP", Bytes: PNG },
      "InvalidParameterException: Asset category FORM_LOGO does not accept the extension WEBP.",
    ],
    [
      { Category: "FORM_LOGO", Extension: "PNG", Bytes: JPEG },
      "InvalidParameterException: The FORM_LOGO asset is not a PNG file.",
    ],
    [
      { Category: "FORM_LOGO", Extension: "SVG", Bytes: PNG },
      "InvalidParameterException: The FORM_LOGO asset is not a SVG file.",
    ],
    [
      { Category: "FORM_LOGO", Extension: "PNG", Bytes: "!!" },
      "InvalidParameterException: The FORM_LOGO asset's Bytes are not valid base64.",
    ],
    [
      { Category: "PAGE_BACKGROUND", Extension: "SVG", Bytes: svg("<script>alert(1)</script>") },
      "InvalidParameterException: The PAGE_BACKGROUND asset's SVG contains script, which is not allowed.",
    ],
    [
      {
        Category: "PAGE_BACKGROUND",
        Extension: "JPEG",
        Bytes: bytesToBase64(new Uint8Array(MAX_ASSET_BYTES + 1).fill(0xff)),
      },
      "InvalidParameterException: The PAGE_BACKGROUND asset is larger than 1000000 bytes.",
    ],
  ])("refuses %#", (asset, words) => {
    expect(refusal(() => checkAsset({ ColorMode: "LIGHT", ...asset }))).toBe(words);
  });
});

describe("mergeAssets", () => {
  it("replaces per (Category, ColorMode) and adds new pairs", () => {
    const before = mergeAssets(
      [],
      [
        { Category: "FORM_LOGO", ColorMode: "LIGHT", Extension: "PNG", Bytes: PNG },
        { Category: "FORM_LOGO", ColorMode: "DARK", Extension: "PNG", Bytes: PNG },
      ],
    );
    const after = mergeAssets(before, [
      { Category: "FORM_LOGO", ColorMode: "DARK", Extension: "JPEG", Bytes: JPEG },
      { Category: "PAGE_BACKGROUND", ColorMode: "LIGHT", Extension: "JPEG", Bytes: JPEG },
    ]);
    expect(after.map((a) => `${a.Category}/${a.ColorMode}/${a.Extension}`)).toEqual([
      "FORM_LOGO/LIGHT/PNG",
      "FORM_LOGO/DARK/JPEG",
      "PAGE_BACKGROUND/LIGHT/JPEG",
    ]);
  });

  it("refuses more than 40 assets, and more bytes together than a style row holds", () => {
    const existing = Array.from({ length: 40 }, (_, i) => ({
      Category: `X${i}`,
      ColorMode: "LIGHT",
      Extension: "PNG",
    }));
    expect(
      refusal(() =>
        mergeAssets(existing, [{ Category: "FORM_LOGO", ColorMode: "LIGHT", Extension: "PNG", Bytes: PNG }]),
      ),
    ).toBe("LimitExceededException: A managed login branding style can have at most 40 assets.");
    const big = jpegOf(900_000);
    expect(
      mergeAssets([], [{ Category: "PAGE_BACKGROUND", ColorMode: "LIGHT", Extension: "JPEG", Bytes: big }]),
    ).toHaveLength(1);
    const large = ["PAGE_BACKGROUND", "FORM_BACKGROUND", "PAGE_HEADER_BACKGROUND"].map((Category) => ({
      Category,
      ColorMode: "LIGHT",
      Extension: "JPEG",
      Bytes: big,
    }));
    expect(refusal(() => mergeAssets([], large))).toBe(
      "LimitExceededException: The assets of a managed login branding style are too large together.",
    );
  });
});
