/**
 * The managed-login branding operations' shared pieces: the input members, the style's output
 * shape (merged with the defaults on request), the look-ups and their errors, the content a
 * Create or Update writes.
 */
import {
  boolean,
  document,
  errorClass,
  InvalidParameterException,
  list,
  ResourceNotFoundException,
  string,
  structure,
} from "../../../protocol/json/index.js";
import type { BrandingContent, BrandingRecord, JsonObject } from "../../../storage/index.js";
import { ASSET_EXTENSIONS, type AssetInput, mergeAssets } from "../../branding/assets.js";
import { DEFAULT_SETTINGS } from "../../branding/defaults.js";
import { checkSettings, mergeSettings } from "../../branding/settings.js";
import type { UserPoolContext } from "../../context.js";

/** ManagedLoginBrandingExistsException (not yet in the shared error list). */
export const ManagedLoginBrandingExistsException = errorClass("ManagedLoginBrandingExistsException");

/** `ManagedLoginBrandingId`: a v4 UUID [model]; a malformed one is refused before any look-up. */
export const brandingId = () =>
  string({
    required: true,
    pattern: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[4][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$",
  });

const ASSET = structure({
  Category: string({ required: true, enum: Object.keys(ASSET_EXTENSIONS) }),
  ColorMode: string({ required: true, enum: ["LIGHT", "DARK", "DYNAMIC"] }),
  Extension: string({ required: true, enum: ["ICO", "JPEG", "PNG", "SVG", "WEBP"] }),
  // A blob, base64 on the wire: its 1,000,000 bytes are checked decoded (checkAsset), and the
  // request body's 1 MiB bound comes first.
  Bytes: string(),
  ResourceId: string({ min: 1, max: 40, pattern: "^[\\w\\- ]+$" }),
});

/** The content members Create and Update share. */
export const CONTENT = {
  UseCognitoProvidedValues: boolean(),
  Settings: document(),
  Assets: list(ASSET, { max: 40 }),
} as const;

/** ManagedLoginBrandingType; with `merged`, the defaults under the style's own settings. */
export function brandingType(style: BrandingRecord, merged = false): Record<string, unknown> {
  const settings = merged ? mergeSettings(DEFAULT_SETTINGS, style.settings ?? {}) : style.settings;
  return {
    ManagedLoginBrandingId: style.id,
    UserPoolId: style.poolId,
    UseCognitoProvidedValues: style.useCognitoProvidedValues,
    Settings: settings ?? undefined,
    Assets: style.assets,
    CreationDate: new Date(style.createdAt),
    LastModifiedDate: new Date(style.updatedAt),
  };
}

// [?] words: AWS's are unknown.
/** The messages of the branding operations. */
export const BRANDING_MESSAGES = {
  notFound: (id: string) => `Managed login branding ${id} does not exist.`,
  noneForClient: (clientId: string) => `Managed login branding does not exist for client ${clientId}.`,
  exists: (clientId: string) => `Managed login branding already exists for client ${clientId}.`,
  cognitoValuesExclusive: "Settings and Assets cannot be provided when UseCognitoProvidedValues is true.",
  nothingToApply: "Either UseCognitoProvidedValues must be true or Settings must be provided.",
  settingsNotObject: "Settings must be a JSON object.",
};

/** The style by id in that pool, or ResourceNotFoundException. */
export async function requireBranding(
  ctx: UserPoolContext,
  poolId: string,
  id: string,
): Promise<BrandingRecord> {
  const style = await (await ctx.store()).brandings.get(poolId, id);
  if (style === null) throw new ResourceNotFoundException(BRANDING_MESSAGES.notFound(id));
  return style;
}

/** What a request asks for. */
export interface ContentInput {
  UseCognitoProvidedValues?: boolean;
  Settings?: unknown;
  Assets?: AssetInput[];
}

/**
 * The content after a request, PATCH-wise over `before` (none for a Create): Cognito's values
 * clear the style's own; otherwise Settings merge into the kept ones and Assets replace theirs
 * per (Category, ColorMode). Everything is checked first.
 */
export function contentAfter(before: BrandingContent | null, input: ContentInput): BrandingContent {
  if (input.UseCognitoProvidedValues === true) {
    if (input.Settings !== undefined || (input.Assets?.length ?? 0) > 0)
      throw new InvalidParameterException(BRANDING_MESSAGES.cognitoValuesExclusive);
    return { useCognitoProvidedValues: true, settings: null, assets: [] };
  }
  if (input.Settings !== undefined && input.Settings !== null) {
    if (typeof input.Settings !== "object" || Array.isArray(input.Settings))
      throw new InvalidParameterException(BRANDING_MESSAGES.settingsNotObject);
    checkSettings(input.Settings);
  }
  const settings =
    input.Settings === undefined || input.Settings === null
      ? (before?.settings ?? null)
      : (mergeSettings(before?.settings ?? {}, input.Settings) as JsonObject);
  if (before === null && settings === null)
    throw new InvalidParameterException(BRANDING_MESSAGES.nothingToApply);
  const assets = mergeAssets(before?.assets ?? [], input.Assets ?? []);
  const kept =
    before?.useCognitoProvidedValues === true && input.Settings === undefined && input.Assets === undefined;
  return { useCognitoProvidedValues: kept, settings, assets };
}
