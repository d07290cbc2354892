/**
 * What the hosted pages render a client's looks from: its classic UI customization (its own, or
 * the pool's `ALL`) and its managed-login style. The CSS comes back re-checked and written out
 * afresh (./css.ts), so nothing but the customizable classes' declarations reaches a page.
 */
import { ALL_CLIENTS, type JsonObject } from "../../storage/index.js";
import { base64ToBytes } from "../../util/encoding.js";
import type { UserPoolContext } from "../context.js";
import { parseCustomizationCss, serializeCss } from "./css.js";
import { DEFAULT_SETTINGS } from "./defaults.js";
import { MEDIA_TYPES, type ImageFormat } from "./image.js";
import { mergeSettings } from "./settings.js";

/** A managed-login asset, ready to serve (at `brandingAssetPath(style.id, style.version, category, colorMode)`). */
export interface StyleAsset {
  category: string;
  colorMode: "LIGHT" | "DARK" | "DYNAMIC";
  extension: string;
  /** The media type to serve it with. */
  type: string;
  bytes: Uint8Array;
  resourceId?: string;
}

/** A client's looks. */
export interface Style {
  /** The classic UI's CSS (only `.X-customizable` rules), when set. */
  css?: string;
  /** The classic UI's logo (served at `logoPath(logoClientId, cssVersion)`). */
  logo?: { bytes: Uint8Array; type: string };
  /** The customization's CSSVersion, when there is one. */
  cssVersion?: string;
  /** Whose customization applies: the client's id, or `ALL` (the pool's). */
  customizationOf?: string;
  /** The managed-login style, when the client has one: its settings over the defaults, its assets. */
  branding?: { id: string; version: number; settings: JsonObject; assets: StyleAsset[] };
}

/**
 * The client's looks; `{}` when it has none.
 *
 * @example
 * ```ts
 * const { css, logo, branding } = await styleOf(hosted.ctx, hosted.pool.id, client.id);
 * ```
 */
export async function styleOf(ctx: UserPoolContext, poolId: string, clientId: string): Promise<Style> {
  const store = await ctx.store();
  const style: Style = {};
  const ui =
    (await store.uiCustomizations.get(poolId, clientId)) ??
    (await store.uiCustomizations.get(poolId, ALL_CLIENTS));
  if (ui !== null) {
    style.cssVersion = ui.cssVersion;
    style.customizationOf = ui.clientId;
    if (ui.css !== null) {
      try {
        const rules = parseCustomizationCss(ui.css);
        if (rules.length > 0) style.css = serializeCss(rules);
      } catch {
        // A sheet the checks now refuse is not served.
      }
    }
    const bytes = ui.image === null ? null : base64ToBytes(ui.image.base64);
    if (bytes !== null && ui.image !== null) style.logo = { bytes, type: ui.image.type };
  }
  const branding = await store.brandings.ofClient(poolId, clientId);
  if (branding !== null) {
    style.branding = {
      id: branding.id,
      version: branding.updatedAt,
      settings: mergeSettings(DEFAULT_SETTINGS, branding.settings ?? {}) as JsonObject,
      assets: branding.assets.flatMap((asset) => {
        const bytes = asset.Bytes === undefined ? null : base64ToBytes(asset.Bytes);
        if (bytes === null) return [];
        return [
          {
            category: asset.Category,
            colorMode: asset.ColorMode as StyleAsset["colorMode"],
            extension: asset.Extension,
            type: MEDIA_TYPES[asset.Extension as ImageFormat] ?? "application/octet-stream",
            bytes,
            ...(asset.ResourceId === undefined ? {} : { resourceId: asset.ResourceId }),
          },
        ];
      }),
    };
  }
  return style;
}
