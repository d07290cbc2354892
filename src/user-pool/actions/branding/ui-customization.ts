/** Get/SetUICustomization's shared pieces: the ClientId member, the output shape, the client check. */
import { ResourceNotFoundException, string } from "../../../protocol/json/index.js";
import { ALL_CLIENTS, type UiCustomizationRecord } from "../../../storage/index.js";
import { logoUrl } from "../../branding/paths.js";
import type { UserPoolContext } from "../../context.js";
import { NAMED } from "../../messages.js";

/** `ClientId` as the UI-customization operations take it: optional, `ALL` for the pool. */
export const uiClientId = () => string({ min: 1, max: 128, pattern: "[\\w+]+", sensitive: true });

/** The client the call names (or `ALL`); ResourceNotFoundException for a client the pool lacks. */
export async function uiClientOf(ctx: UserPoolContext, poolId: string, clientId: string | undefined) {
  if (clientId === undefined || clientId === ALL_CLIENTS) return ALL_CLIENTS;
  const client = await (await ctx.store()).clients.get(poolId, clientId);
  if (client === null) throw new ResourceNotFoundException(NAMED.clientNotFound(clientId));
  return client.id;
}

/** UICustomizationType of a record; ImageUrl under the pool's issuer when it has a logo. */
export function uiCustomizationType(record: UiCustomizationRecord, issuer: string): Record<string, unknown> {
  return {
    UserPoolId: record.poolId,
    ClientId: record.clientId,
    ImageUrl: record.image === null ? undefined : logoUrl(issuer, record.clientId, record.cssVersion),
    CSS: record.css ?? undefined,
    CSSVersion: record.cssVersion,
    CreationDate: new Date(record.createdAt),
    LastModifiedDate: new Date(record.updatedAt),
  };
}
