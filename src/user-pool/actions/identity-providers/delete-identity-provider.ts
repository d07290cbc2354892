/**
 * DeleteIdentityProvider: the provider and its identifiers. App clients that list it keep the
 * name in SupportedIdentityProviders, as Cognito's reference describes no refusal for that case
 * [?]; the name then counts as unknown, so an update of such a client must drop it (the same
 * "does not exist" refusal as any unknown provider).
 */
import { defineOperation, ResourceNotFoundException, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { providerName, providerNotFound } from "../../federation/shapes.js";
import { userPoolId } from "../../pool-shapes.js";

/**
 * The operation.
 */
export function deleteIdentityProvider(ctx: UserPoolContext) {
  return defineOperation(
    structure({ UserPoolId: userPoolId(), ProviderName: providerName() }),
    async ({ input }) => {
      const pool = await requirePool(ctx, input.UserPoolId);
      if (!(await (await ctx.store()).identityProviders.delete(pool.id, input.ProviderName)))
        throw new ResourceNotFoundException(providerNotFound(input.ProviderName));
      return {};
    },
  );
}
