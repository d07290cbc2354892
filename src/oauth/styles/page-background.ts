/**
 * A managed-login style's PAGE_BACKGROUND image as CSS (`components.pageBackground.image.enabled`):
 * the asset of the colour mode the page shows (DYNAMIC: each under `prefers-color-scheme`),
 * served from cognate's own asset path, so the CSP's `img-src 'self'` holds.
 */
import { brandingAssetPath } from "../../user-pool/branding/paths.js";
import type { StyleAsset } from "../../user-pool/branding/style-of.js";
import type { Hosted } from "../hosted.js";
import { colorSchemeMode } from "./branding-css.js";

/** The style as styleOf gives it. */
interface Branding {
  id: string;
  version: number;
  settings: unknown;
  assets: readonly StyleAsset[];
}

const enabled = (settings: unknown) =>
  (settings as { components?: { pageBackground?: { image?: { enabled?: unknown } } } } | undefined)
    ?.components?.pageBackground?.image?.enabled !== false;

function rule(hosted: Hosted, branding: Branding, modes: readonly string[]): string {
  const asset = modes
    .map((mode) => branding.assets.find((a) => a.category === "PAGE_BACKGROUND" && a.colorMode === mode))
    .find((a) => a?.type.startsWith("image/"));
  if (asset === undefined) return "";
  const path = `${hosted.base}${brandingAssetPath(branding.id, branding.version, asset.category, asset.colorMode)}`;
  // The path is built from a UUID, a number and enum values: nothing in it needs escaping in a CSS string.
  return `body { background-image: url("${path}"); background-size: cover; background-position: center; }\n`;
}

/** The CSS (possibly empty) that shows the style's page background image. */
export function pageBackgroundCss(hosted: Hosted, branding: Branding): string {
  if (!enabled(branding.settings)) return "";
  const scheme = colorSchemeMode(branding.settings);
  if (scheme !== "DYNAMIC")
    return rule(hosted, branding, scheme === "DARK" ? ["DARK", "DYNAMIC"] : ["LIGHT", "DYNAMIC"]);
  const light = rule(hosted, branding, ["LIGHT", "DYNAMIC"]);
  const dark = rule(hosted, branding, ["DARK", "DYNAMIC"]);
  return (
    (light === "" ? "" : `@media (prefers-color-scheme: light) {\n  ${light}}\n`) +
    (dark === "" ? "" : `@media (prefers-color-scheme: dark) {\n  ${dark}}\n`)
  );
}
