/**
 * DescribeManagedLoginBrandingByClient: the client's style; ResourceNotFoundException when it has
 * none. With ReturnMergedResources, over the defaults.
 */
import {
  boolean,
  defineOperation,
  ResourceNotFoundException,
  structure,
} from "../../../protocol/json/index.js";
import { clientId } from "../../client-settings.js";
import { requireClient, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { BRANDING_MESSAGES, brandingType } from "./managed-login.js";

const Input = structure({ UserPoolId: userPoolId(), ClientId: clientId(), ReturnMergedResources: boolean() });

/**
 * The operation.
 */
export function describeManagedLoginBrandingByClient(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input }) => {
    const client = await requireClient(ctx, input.UserPoolId, input.ClientId);
    const style = await (await ctx.store()).brandings.ofClient(client.poolId, client.id);
    if (style === null) throw new ResourceNotFoundException(BRANDING_MESSAGES.noneForClient(client.id));
    return { ManagedLoginBranding: brandingType(style, input.ReturnMergedResources === true) };
  });
}
