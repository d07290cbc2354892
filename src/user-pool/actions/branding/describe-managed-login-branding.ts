/** DescribeManagedLoginBranding: a style by its id; with ReturnMergedResources, over the defaults. */
import { boolean, defineOperation, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { brandingId, brandingType, requireBranding } from "./managed-login.js";

const Input = structure({
  UserPoolId: userPoolId(),
  ManagedLoginBrandingId: brandingId(),
  ReturnMergedResources: boolean(),
});

/**
 * The operation.
 */
export function describeManagedLoginBranding(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input }) => {
    const pool = await requirePool(ctx, input.UserPoolId);
    const style = await requireBranding(ctx, pool.id, input.ManagedLoginBrandingId);
    return { ManagedLoginBranding: brandingType(style, input.ReturnMergedResources === true) };
  });
}
