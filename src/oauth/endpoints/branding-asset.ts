/**
 * `/assets/branding/{ManagedLoginBrandingId}/{version}/{Category}-{ColorMode}`: a managed-login
 * style's asset at the path B's `brandingAssetPath` names (the version is the style's last
 * modification, so an update changes the URL; an older one answers 404).
 */
import { styleOf } from "../../user-pool/branding/style-of.js";
import type { Endpoint } from "../hosted.js";
import { imageResponse } from "../styles/image-response.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ASSET = /^([A-Z_]{1,40})-(LIGHT|DARK|DYNAMIC)$/;

/** The endpoint (GET). */
export const brandingAsset: Endpoint = async (c, hosted) => {
  const id = c.req.param("brandingId") ?? "";
  const version = c.req.param("version") ?? "";
  const asset = ASSET.exec(c.req.param("asset") ?? "");
  if (!UUID.test(id) || !/^\d{1,16}$/.test(version) || asset === null) return imageResponse(undefined);
  const record = await (await hosted.ctx.store()).brandings.get(hosted.pool.id, id);
  if (record === null) return imageResponse(undefined);
  const style = await styleOf(hosted.ctx, hosted.pool.id, record.clientId);
  if (style.branding === undefined || String(style.branding.version) !== version)
    return imageResponse(undefined);
  const found = style.branding.assets.find((a) => a.category === asset[1] && a.colorMode === asset[2]);
  return imageResponse(found === undefined ? undefined : { bytes: found.bytes, type: found.type });
};
