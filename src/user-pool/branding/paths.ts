/**
 * Where the hosted UI serves a pool's branding files: paths below the hosted base (`/{poolId}`
 * under the issuer, or `""` on a domain's host). The operations name them (UICustomization's
 * ImageUrl); the pages' asset endpoint answers them (with `styleOf`).
 */
import { ALL_CLIENTS } from "../../storage/index.js";

/**
 * The classic UI's logo: `/assets/{clientId|ALL}/{CSSVersion}/logo`. The version is part of the
 * path, so a new Set gives a new URL and the file can be cached for good.
 *
 * @example
 * ```ts
 * `${hosted.base}${logoPath("ALL", "20250115191928")}`; // "/us-east-1_X/assets/ALL/20250115191928/logo"
 * ```
 */
export function logoPath(clientId: string, cssVersion: string): string {
  return `/assets/${encodeURIComponent(clientId)}/${encodeURIComponent(cssVersion)}/logo`;
}

/** The ImageUrl of a logo set for a client (or `ALL`), under `issuer` (`{publicUrl}/{poolId}`). */
export function logoUrl(issuer: string, clientId: string, cssVersion: string): string {
  return `${issuer}${logoPath(clientId, cssVersion)}`;
}

/**
 * A managed-login style's asset: `/assets/branding/{ManagedLoginBrandingId}/{version}/{Category}-{ColorMode}`
 * (`version` the style's LastModifiedDate in epoch ms, so an update changes the URL).
 */
export function brandingAssetPath(
  brandingId: string,
  version: number,
  category: string,
  colorMode: string,
): string {
  return `/assets/branding/${encodeURIComponent(brandingId)}/${version}/${encodeURIComponent(category)}-${encodeURIComponent(colorMode)}`;
}

export { ALL_CLIENTS };
