/** GetPrincipalTagAttributeMap: a provider's claim-to-tag mapping (none set: no defaults, no tags). */
import { defineOperation, structure } from "../../protocol/json/index.js";
import { requireIdentityPool, type IdentityPoolContext } from "../context.js";
import { identityPoolId, providerName } from "../shapes.js";

/**
 * The operation.
 */
export function getPrincipalTagAttributeMap(ctx: IdentityPoolContext) {
  return defineOperation(
    structure({ IdentityPoolId: identityPoolId(), IdentityProviderName: providerName(true) }),
    async ({ input }) => {
      const pool = await requireIdentityPool(ctx, input.IdentityPoolId);
      const map = await (await ctx.store()).identityPools.getPrincipalTags(
        pool.id,
        input.IdentityProviderName,
      );
      return {
        IdentityPoolId: pool.id,
        IdentityProviderName: input.IdentityProviderName,
        UseDefaults: map?.useDefaults ?? false,
        PrincipalTags: map?.tags ?? {},
      };
    },
  );
}
