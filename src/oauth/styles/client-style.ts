/**
 * A client's styles as the pages serve them: the stylesheet (the managed-login branding's
 * colours over the default stylesheet, then the UI customization's CSS) and the logo (the UI
 * customization's image, else the branding's FORM_LOGO, else its PAGE_HEADER_LOGO).
 */
import type { Hosted } from "../hosted.js";
import { brandingCss, colorSchemeMode } from "./branding-css.js";

// Until styleOf (B) lands: no client has styles.
const styleOf = async (
  _ctx: unknown,
  _poolId: string,
  _clientId: string,
): Promise<{
  css?: string;
  logo?: { bytes: Uint8Array; type: string };
  branding?: { settings: unknown; assets: unknown };
}> => ({});

/** An image to serve: its bytes and content type. */
export interface Logo {
  bytes: Uint8Array;
  type: string;
}

/** An app client id as the pages accept it in a URL. */
export const CLIENT_ID = /^[\w+]{1,128}$/;

const TYPES: Readonly<Record<string, string>> = {
  PNG: "image/png",
  JPEG: "image/jpeg",
  SVG: "image/svg+xml",
  ICO: "image/x-icon",
  WEBP: "image/webp",
};

/** An asset as a branding stores it (`Bytes` as base64 text or bytes). */
interface Asset {
  Category?: unknown;
  ColorMode?: unknown;
  Extension?: unknown;
  Bytes?: unknown;
}

function bytesOf(value: unknown): Uint8Array | undefined {
  if (value instanceof Uint8Array) return value;
  if (typeof value !== "string" || value === "") return undefined;
  try {
    return Uint8Array.from(atob(value), (ch) => ch.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/** Output escaping of stored CSS: it is sanitized when stored, and still can never close a tag. */
export const escapeCss = (css: string) => css.replace(/</g, "\\3c ").replace(/\0/g, "");

/**
 * The client's stylesheet text (possibly empty), or `undefined` when the pool has no such client.
 */
export async function clientStylesheet(hosted: Hosted, clientId: string): Promise<string | undefined> {
  const store = await hosted.ctx.store();
  if (!CLIENT_ID.test(clientId) || (await store.clients.get(hosted.pool.id, clientId)) === null)
    return undefined;
  const style = await styleOf(hosted.ctx, hosted.pool.id, clientId);
  const branding = style.branding === undefined ? "" : brandingCss(style.branding.settings);
  const custom = style.css === undefined ? "" : escapeCss(style.css);
  return `/* cognate: the client's styles over the default stylesheet */\n${branding}${custom}\n`;
}

/** The client's logo, or `undefined` (no client, no logo). */
export async function clientLogo(hosted: Hosted, clientId: string): Promise<Logo | undefined> {
  const store = await hosted.ctx.store();
  if (!CLIENT_ID.test(clientId) || (await store.clients.get(hosted.pool.id, clientId)) === null)
    return undefined;
  const style = await styleOf(hosted.ctx, hosted.pool.id, clientId);
  if (style.logo !== undefined) return style.logo;
  const assets = (Array.isArray(style.branding?.assets) ? style.branding.assets : []) as Asset[];
  // The light (or browser-adaptive) asset unless the branding is dark only.
  const dark = colorSchemeMode(style.branding?.settings) === "DARK";
  const modes = dark ? ["DARK", "DYNAMIC", "LIGHT"] : ["LIGHT", "DYNAMIC", "DARK"];
  const settings = style.branding?.settings as
    | {
        components?: {
          form?: { logo?: { enabled?: unknown } };
          pageHeader?: { logo?: { enabled?: unknown } };
        };
      }
    | undefined;
  // A logo the branding turned off (`logo.enabled: false`) is not shown.
  const shown = (category: string) =>
    (category === "FORM_LOGO" ? settings?.components?.form?.logo : settings?.components?.pageHeader?.logo)
      ?.enabled !== false;
  for (const category of ["FORM_LOGO", "PAGE_HEADER_LOGO"].filter(shown))
    for (const mode of modes) {
      const asset = assets.find((a) => a.Category === category && a.ColorMode === mode);
      const type = TYPES[String(asset?.Extension)];
      const bytes = bytesOf(asset?.Bytes);
      if (type !== undefined && bytes !== undefined) return { bytes, type };
    }
  return undefined;
}
