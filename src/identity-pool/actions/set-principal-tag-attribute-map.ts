/**
 * SetPrincipalTagAttributeMap: which claims of a provider's tokens become session tags
 * (`aws:PrincipalTag/<tag>`), or Cognito's default mapping.
 */
import { boolean, defineOperation, ResourceNotFoundException, structure } from "../../protocol/json/index.js";
import { requireIdentityPool, type IdentityPoolContext } from "../context.js";
import { NAMED } from "../messages.js";
import { identityPoolId, principalTags, providerName } from "../shapes.js";

/**
 * The operation.
 */
export function setPrincipalTagAttributeMap(ctx: IdentityPoolContext) {
  return defineOperation(
    structure({
      IdentityPoolId: identityPoolId(),
      IdentityProviderName: providerName(true),
      UseDefaults: boolean(),
      PrincipalTags: principalTags(),
    }),
    async ({ input }) => {
      const pool = await requireIdentityPool(ctx, input.IdentityPoolId);
      const record = {
        poolId: pool.id,
        providerName: input.IdentityProviderName,
        useDefaults: input.UseDefaults ?? false,
        tags: input.PrincipalTags ?? {},
      };
      if (!(await (await ctx.store()).identityPools.putPrincipalTags(record)))
        throw new ResourceNotFoundException(NAMED.poolNotFound(pool.id));
      return {
        IdentityPoolId: pool.id,
        IdentityProviderName: record.providerName,
        UseDefaults: record.useDefaults,
        PrincipalTags: record.tags,
      };
    },
  );
}
