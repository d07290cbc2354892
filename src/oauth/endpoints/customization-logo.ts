/**
 * `/assets/{clientId|ALL}/{CSSVersion}/logo`: the UI customization's logo at the ImageUrl
 * GetUICustomization names (B's `logoPath`). Only the current version of the customization that
 * applies is served: an older URL answers 404.
 */
import { styleOf } from "../../user-pool/branding/style-of.js";
import type { Endpoint } from "../hosted.js";
import { imageResponse } from "../styles/image-response.js";

const NAME = /^[\w+]{1,128}$/;

/** The endpoint (GET). */
export const customizationLogo: Endpoint = async (c, hosted) => {
  const clientId = c.req.param("clientId") ?? "";
  const version = c.req.param("version") ?? "";
  if (!NAME.test(clientId) || !/^\d{14}$/.test(version)) return imageResponse(undefined);
  const style = await styleOf(hosted.ctx, hosted.pool.id, clientId);
  const current = style.customizationOf === clientId && style.cssVersion === version;
  return imageResponse(current ? style.logo : undefined);
};
