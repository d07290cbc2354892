/**
 * UpdateManagedLoginBranding: PATCH a style. Settings merge into the kept ones, Assets replace
 * theirs per (Category, ColorMode), and UseCognitoProvidedValues resets it to Cognito's.
 * Compare-and-set on what was read, so two updates at once both land (or one is told to retry).
 */
import { ConcurrentModificationException, defineOperation, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { brandingId, brandingType, CONTENT, contentAfter, requireBranding } from "./managed-login.js";

const Input = structure({ UserPoolId: userPoolId(), ManagedLoginBrandingId: brandingId(), ...CONTENT });

/**
 * The operation.
 */
export function updateManagedLoginBranding(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input }) => {
    const pool = await requirePool(ctx, input.UserPoolId);
    const store = await ctx.store();
    for (let attempt = 0; attempt < 3; attempt++) {
      const before = await requireBranding(ctx, pool.id, input.ManagedLoginBrandingId);
      const updated = await store.brandings.update(before, contentAfter(before, input), ctx.now());
      if (updated !== null) return { ManagedLoginBranding: brandingType(updated) };
    }
    throw new ConcurrentModificationException("The managed login branding style was changed concurrently."); // [?] words
  });
}
