/**
 * DeleteIdentityProvider: the provider, its identifiers and (SAML) its encryption key pair. App clients that list it keep the
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
      const store = await ctx.store();
      if (!(await store.identityProviders.delete(pool.id, input.ProviderName)))
        throw new ResourceNotFoundException(providerNotFound(input.ProviderName));
      // A SAML provider's encryption key goes with it: a new provider of that name gets its own.
      await store.samlCertificates.deleteProvider(pool.id, input.ProviderName);
      return {};
    },
  );
}
