/**
 * SetUICustomization: the classic hosted UI's CSS and logo for one client or the whole pool
 * (`ALL`), set together: what the call leaves out is cleared, and a call with neither removes the
 * client's customization (it falls back to the pool's again) [?]. The CSS must use only the
 * customizable classes (./branding/css.ts); the logo must be a PNG or JPEG of 100 KB at most. The
 * pool needs a domain, as Cognito's does.
 */
import {
  defineOperation,
  InvalidParameterException,
  string,
  structure,
} from "../../../protocol/json/index.js";
import { parseCustomizationCss } from "../../branding/css.js";
import { imageFormat, MEDIA_TYPES } from "../../branding/image.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { base64ToBytes, bytesToBase64 } from "../../../util/encoding.js";
import { uiClientId, uiClientOf, uiCustomizationType } from "./ui-customization.js";

const Input = structure({
  UserPoolId: userPoolId(),
  ClientId: uiClientId(),
  CSS: string({ max: 131072 }),
  // A blob: base64 on the wire (131072 bytes at most, so 174764 characters).
  ImageFile: string({ max: 174764 }),
});

/** The logo's limit [doc]. */
const MAX_LOGO_BYTES = 100 * 1024;

/** UTC yyyyMMddHHmmss, CSSVersion's form. */
const versionOf = (ms: number) => new Date(ms).toISOString().replace(/\D/g, "").slice(0, 14);

/**
 * The operation.
 */
export function setUICustomization(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input, request }) => {
    const pool = await requirePool(ctx, input.UserPoolId);
    const clientId = await uiClientOf(ctx, pool.id, input.ClientId);
    const store = await ctx.store();
    if ((await store.domains.ofPool(pool.id)).length === 0)
      throw new InvalidParameterException("A domain must be associated with this user pool."); // [obs] words
    const css = input.CSS === undefined || input.CSS.trim() === "" ? null : input.CSS;
    if (css !== null) parseCustomizationCss(css);
    const image = input.ImageFile === undefined || input.ImageFile === "" ? null : logoOf(input.ImageFile);
    if (css === null && image === null) {
      await store.uiCustomizations.delete(pool.id, clientId);
      return { UICustomization: { UserPoolId: pool.id, ClientId: clientId } };
    }
    const now = ctx.now();
    const before = await store.uiCustomizations.get(pool.id, clientId);
    // CSSVersion changes on every Set, two in one second too.
    let cssVersion = versionOf(now);
    if (before !== null && cssVersion <= before.cssVersion) cssVersion = nextVersion(before.cssVersion);
    const record = await store.uiCustomizations.put(
      { poolId: pool.id, clientId, css, image, cssVersion },
      now,
    );
    return { UICustomization: uiCustomizationType(record, ctx.issuer(pool.id, request.url)) };
  });
}

/** The version one second after `version`. */
function nextVersion(version: string): string {
  const [, y, mo, d, h, mi, s] = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(version) ?? [];
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  return Number.isNaN(ms) ? versionOf(Date.now()) : versionOf(ms + 1000);
}

/** The logo's bytes, checked: base64 of a PNG or JPEG (by its signature) of 100 KB at most. */
function logoOf(base64: string): { base64: string; type: string } {
  const bytes = base64ToBytes(base64);
  if (bytes === null) throw new InvalidParameterException("ImageFile is not valid base64."); // [?] words
  if (bytes.length > MAX_LOGO_BYTES) throw new InvalidParameterException("request parameters too large"); // [doc] words
  const format = imageFormat(bytes);
  if (format !== "PNG" && format !== "JPEG")
    throw new InvalidParameterException("The image must be a PNG or JPEG file."); // [?] words
  return { base64: bytesToBase64(bytes), type: MEDIA_TYPES[format] };
}
