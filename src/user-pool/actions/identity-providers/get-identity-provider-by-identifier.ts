/** GetIdentityProviderByIdentifier: the provider one of whose IdpIdentifiers this is. */
import { defineOperation, ResourceNotFoundException, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { identityProviderType, idpIdentifier } from "../../federation/shapes.js";
import { userPoolId } from "../../pool-shapes.js";

/**
 * The operation.
 */
export function getIdentityProviderByIdentifier(ctx: UserPoolContext) {
  return defineOperation(
    structure({ UserPoolId: userPoolId(), IdpIdentifier: idpIdentifier() }),
    async ({ input }) => {
      const pool = await requirePool(ctx, input.UserPoolId);
      const provider = await (await ctx.store()).identityProviders.byIdentifier(pool.id, input.IdpIdentifier);
      if (provider === null)
        throw new ResourceNotFoundException(
          `Identity provider for identifier ${input.IdpIdentifier} does not exist.`,
        ); // [?] words
      return { IdentityProvider: identityProviderType(provider) };
    },
  );
}
