/**
 * Managed-login assets (AssetType): which Category takes which Extension, the file checked
 * against its Extension by its own bytes (SVGs refused when active: ./svg.ts), and the PATCH
 * merge: an asset replaces the one of the same (Category, ColorMode), a new pair is added.
 */
import { InvalidParameterException, LimitExceededException } from "../../protocol/json/index.js";
import type { BrandingAsset } from "../../storage/index.js";
import { base64ToBytes, bytesToBase64 } from "../../util/encoding.js";
import { imageFormat } from "./image.js";
import { svgProblem } from "./svg.js";

/** The most assets a style holds [model]. */
export const MAX_ASSETS = 40;
/** The largest asset file [model]. */
export const MAX_ASSET_BYTES = 1_000_000;
/**
 * The most a style's assets may take together, base64 (cognate's own bound: a style is one row,
 * and D1 keeps rows under 2 MB).
 */
export const MAX_STYLE_ASSET_CHARS = 1_800_000;

const PICTURE = ["PNG", "SVG", "JPEG"];
/** The extensions each category accepts [model][doc]. */
export const ASSET_EXTENSIONS: Readonly<Record<string, readonly string[]>> = {
  FAVICON_ICO: ["ICO"],
  FAVICON_SVG: ["SVG"],
  EMAIL_GRAPHIC: PICTURE,
  SMS_GRAPHIC: PICTURE,
  AUTH_APP_GRAPHIC: PICTURE,
  PASSWORD_GRAPHIC: PICTURE,
  PASSKEY_GRAPHIC: PICTURE,
  PAGE_HEADER_LOGO: PICTURE,
  PAGE_HEADER_BACKGROUND: PICTURE,
  PAGE_FOOTER_LOGO: PICTURE,
  PAGE_FOOTER_BACKGROUND: PICTURE,
  PAGE_BACKGROUND: PICTURE,
  FORM_BACKGROUND: PICTURE,
  FORM_LOGO: PICTURE,
  IDP_BUTTON_ICON: ["ICO", "SVG"],
};

/** An asset as the operations receive it (Bytes base64, as the wire carries a blob). */
export interface AssetInput {
  Category: string;
  ColorMode: string;
  Extension: string;
  Bytes?: string;
  ResourceId?: string;
}

// [?] words throughout: AWS's are unknown.
const invalid = (message: string) => new InvalidParameterException(message);

/** One asset, checked; its bytes normalised to standard base64. */
export function checkAsset(asset: AssetInput): BrandingAsset {
  const { Category, ColorMode, Extension } = asset;
  if (!(ASSET_EXTENSIONS[Category] ?? []).includes(Extension))
    throw invalid(`Asset category ${Category} does not accept the extension ${Extension}.`);
  const checked: BrandingAsset = { Category, ColorMode, Extension };
  if (asset.ResourceId !== undefined) checked.ResourceId = asset.ResourceId;
  if (asset.Bytes === undefined) return checked;
  const bytes = base64ToBytes(asset.Bytes);
  if (bytes === null) throw invalid(`The ${Category} asset's Bytes are not valid base64.`);
  if (bytes.length > MAX_ASSET_BYTES)
    throw invalid(`The ${Category} asset is larger than ${MAX_ASSET_BYTES} bytes.`);
  if (imageFormat(bytes) !== Extension) throw invalid(`The ${Category} asset is not a ${Extension} file.`);
  if (Extension === "SVG") {
    const problem = svgProblem(new TextDecoder().decode(bytes));
    if (problem !== null)
      throw invalid(`The ${Category} asset's SVG contains ${problem}, which is not allowed.`);
  }
  checked.Bytes = bytesToBase64(bytes);
  return checked;
}

/**
 * `existing` with `added` laid over it by (Category, ColorMode), each checked; the later of two
 * with one pair wins. Too many assets, or too many bytes together, are refused.
 */
export function mergeAssets(
  existing: readonly BrandingAsset[],
  added: readonly AssetInput[],
): BrandingAsset[] {
  const merged = [...existing];
  for (const asset of added.map(checkAsset)) {
    const at = merged.findIndex((a) => a.Category === asset.Category && a.ColorMode === asset.ColorMode);
    if (at >= 0) merged[at] = asset;
    else merged.push(asset);
  }
  if (merged.length > MAX_ASSETS)
    throw new LimitExceededException(`A managed login branding style can have at most ${MAX_ASSETS} assets.`);
  if (merged.reduce((sum, a) => sum + (a.Bytes?.length ?? 0), 0) > MAX_STYLE_ASSET_CHARS)
    throw new LimitExceededException("The assets of a managed login branding style are too large together.");
  return merged;
}
