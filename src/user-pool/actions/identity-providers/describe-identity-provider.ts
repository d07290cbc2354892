/** DescribeIdentityProvider: the provider, its secrets shown but Apple's private key. */
import { defineOperation, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { identityProviderType, providerName, requireProvider } from "../../federation/shapes.js";
import { userPoolId } from "../../pool-shapes.js";

/**
 * The operation.
 */
export function describeIdentityProvider(ctx: UserPoolContext) {
  return defineOperation(
    structure({ UserPoolId: userPoolId(), ProviderName: providerName() }),
    async ({ input }) => {
      const pool = await requirePool(ctx, input.UserPoolId);
      return {
        IdentityProvider: identityProviderType(await requireProvider(ctx, pool.id, input.ProviderName)),
      };
    },
  );
}
