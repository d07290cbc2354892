/**
 * CreateManagedLoginBranding: a client's managed-login style (one per client), Cognito's values
 * or its own Settings and Assets, checked (./managed-login.ts).
 */
import { defineOperation, structure } from "../../../protocol/json/index.js";
import { clientId } from "../../client-settings.js";
import { requireClient, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import {
  BRANDING_MESSAGES,
  brandingType,
  CONTENT,
  contentAfter,
  ManagedLoginBrandingExistsException,
} from "./managed-login.js";

const Input = structure({ UserPoolId: userPoolId(), ClientId: clientId(), ...CONTENT });

/**
 * The operation.
 */
export function createManagedLoginBranding(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input }) => {
    const client = await requireClient(ctx, input.UserPoolId, input.ClientId);
    const content = contentAfter(null, input);
    const style = await (await ctx.store()).brandings.create(
      { id: crypto.randomUUID(), poolId: client.poolId, clientId: client.id, ...content },
      ctx.now(),
    );
    if (style === "exists")
      throw new ManagedLoginBrandingExistsException(BRANDING_MESSAGES.exists(client.id));
    return { ManagedLoginBranding: brandingType(style) };
  });
}
