/**
 * Image files as the branding operations take them: the media type read from the bytes' own
 * signature (never from a name or a claim), so a logo said to be a PNG is one.
 */

/** The image formats cognate recognises, by their `Extension` names (AssetExtensionType). */
export type ImageFormat = "PNG" | "JPEG" | "ICO" | "SVG" | "WEBP";

/** Each format's media type. */
export const MEDIA_TYPES: Readonly<Record<ImageFormat, string>> = {
  PNG: "image/png",
  JPEG: "image/jpeg",
  ICO: "image/x-icon",
  SVG: "image/svg+xml",
  WEBP: "image/webp",
};

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) =>
  bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);

/**
 * The format the bytes are in, by their signature; SVG by its text (an `<svg` root after an
 * optional XML declaration, doctype and comments); `null` when none fits.
 *
 * @example
 * ```ts
 * imageFormat(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])); // "PNG"
 * ```
 */
export function imageFormat(bytes: Uint8Array): ImageFormat | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "PNG";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "JPEG";
  if (startsWith(bytes, [0x00, 0x00, 0x01, 0x00])) return "ICO";
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8))
    return "WEBP";
  const head = new TextDecoder("utf-8", { fatal: false }).decode(bytes.subarray(0, 4096));
  const rest = head
    .replace(/^\uFEFF/, "")
    .replace(/^\s*<\?xml[^>]*\?>/, "")
    .replace(/^(\s*(<!--[\s\S]*?-->|<!DOCTYPE[^>]*>))*/i, "");
  if (/^\s*<svg[\s>]/i.test(rest)) return "SVG";
  return null;
}
