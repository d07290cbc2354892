/**
 * A client's styles as the pages serve them (from B's `styleOf`): the stylesheet (the
 * managed-login branding's colours over the default stylesheet, then the UI customization's
 * CSS, widened to cognate's markup) and the logo (the UI customization's image, else the branding's FORM_LOGO, else its
 * PAGE_HEADER_LOGO, each only while the branding shows it).
 */
import { styleOf, type StyleAsset } from "../../user-pool/branding/style-of.js";
import type { Hosted } from "../hosted.js";
import { brandingCss, colorSchemeMode } from "./branding-css.js";
import { customizationCss } from "./customization-css.js";
import { pageBackgroundCss } from "./page-background.js";

/** An image to serve: its bytes and content type. */
export interface Logo {
  bytes: Uint8Array;
  type: string;
}

/** An app client id as the pages accept it in a URL. */
export const CLIENT_ID = /^[\w+]{1,128}$/;

/** Output escaping of stored CSS: it is checked when stored and rewritten by styleOf, and still can never close a tag. */
export const escapeCss = (css: string) => css.replace(/</g, "\\3c ").replace(/\0/g, "");

async function isClient(hosted: Hosted, clientId: string): Promise<boolean> {
  if (!CLIENT_ID.test(clientId)) return false;
  return (await (await hosted.ctx.store()).clients.get(hosted.pool.id, clientId)) !== null;
}

/**
 * The client's stylesheet text (possibly only a comment), or `undefined` when the pool has no such client.
 */
export async function clientStylesheet(hosted: Hosted, clientId: string): Promise<string | undefined> {
  if (!(await isClient(hosted, clientId))) return undefined;
  const style = await styleOf(hosted.ctx, hosted.pool.id, clientId);
  const branding =
    style.branding === undefined
      ? ""
      : brandingCss(style.branding.settings) + pageBackgroundCss(hosted, style.branding);
  const custom = style.css === undefined ? "" : escapeCss(customizationCss(style.css));
  return `/* cognate: the client's styles over the default stylesheet */\n${branding}${custom}\n`;
}

/** Whether the branding shows this logo (`components.form.logo.enabled`, `components.pageHeader.logo.enabled`). */
function shown(settings: unknown, category: string): boolean {
  const components = (
    settings as { components?: Record<string, { logo?: { enabled?: unknown } }> } | undefined
  )?.components;
  const logo = category === "FORM_LOGO" ? components?.form?.logo : components?.pageHeader?.logo;
  return logo?.enabled !== false;
}

/** The branding's logo asset: the light (or browser-adaptive) one unless the branding is dark only. */
export function brandingLogo(settings: unknown, assets: readonly StyleAsset[]): StyleAsset | undefined {
  const modes =
    colorSchemeMode(settings) === "DARK" ? ["DARK", "DYNAMIC", "LIGHT"] : ["LIGHT", "DYNAMIC", "DARK"];
  for (const category of ["FORM_LOGO", "PAGE_HEADER_LOGO"].filter((c) => shown(settings, c)))
    for (const mode of modes) {
      const asset = assets.find((a) => a.category === category && a.colorMode === mode);
      if (asset?.type.startsWith("image/")) return asset;
    }
  return undefined;
}

/** The client's logo, or `undefined` (no client, no logo). */
export async function clientLogo(hosted: Hosted, clientId: string): Promise<Logo | undefined> {
  if (!(await isClient(hosted, clientId))) return undefined;
  const style = await styleOf(hosted.ctx, hosted.pool.id, clientId);
  if (style.logo !== undefined) return style.logo;
  if (style.branding === undefined) return undefined;
  const asset = brandingLogo(style.branding.settings, style.branding.assets);
  return asset === undefined ? undefined : { bytes: asset.bytes, type: asset.type };
}
