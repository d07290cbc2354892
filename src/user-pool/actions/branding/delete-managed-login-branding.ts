/** DeleteManagedLoginBranding: removes a style; its client's managed-login pages are unavailable until it gets another. */
import { defineOperation, ResourceNotFoundException, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { BRANDING_MESSAGES, brandingId } from "./managed-login.js";

const Input = structure({ ManagedLoginBrandingId: brandingId(), UserPoolId: userPoolId() });

/**
 * The operation.
 */
export function deleteManagedLoginBranding(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input }) => {
    const pool = await requirePool(ctx, input.UserPoolId);
    if (!(await (await ctx.store()).brandings.delete(pool.id, input.ManagedLoginBrandingId)))
      throw new ResourceNotFoundException(BRANDING_MESSAGES.notFound(input.ManagedLoginBrandingId));
  });
}
