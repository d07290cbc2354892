/**
 * MergeDeveloperIdentities: the source user's identity is merged into the destination user's (its
 * logins move, it is disabled); the destination's IdentityId is returned. "Only
 * developer-authenticated users can be merged. If the users to be merged are associated with the
 * same public provider, but as two different users, an exception will be thrown." (the model)
 */
import {
  defineOperation,
  ResourceConflictException,
  ResourceNotFoundException,
  structure,
} from "../../protocol/json/index.js";
import { requireIdentityPool, type IdentityPoolContext } from "../context.js";
import { MESSAGES, NAMED } from "../messages.js";
import { developerProviderName, developerUserIdentifier, identityPoolId } from "../shapes.js";

/**
 * The operation.
 */
export function mergeDeveloperIdentities(ctx: IdentityPoolContext) {
  return defineOperation(
    structure({
      SourceUserIdentifier: developerUserIdentifier(),
      DestinationUserIdentifier: developerUserIdentifier(),
      DeveloperProviderName: developerProviderName(true),
      IdentityPoolId: identityPoolId(),
    }),
    async ({ input }) => {
      const pool = await requireIdentityPool(ctx, input.IdentityPoolId);
      const provider = input.DeveloperProviderName;
      if (pool.developerProviderName !== provider)
        throw new ResourceNotFoundException(NAMED.developerProviderNotFound(provider));
      const store = await ctx.store();
      const source = await store.identities.findByLogin(pool.id, provider, input.SourceUserIdentifier);
      const destination = await store.identities.findByLogin(
        pool.id,
        provider,
        input.DestinationUserIdentifier,
      );
      if (source === null || destination === null)
        throw new ResourceNotFoundException(MESSAGES.developerUserNotFound);
      if (source === destination) return { IdentityId: destination };
      const outcome = await store.identities.merge(pool.id, destination, source, ctx.now());
      if (outcome === "gone") throw new ResourceNotFoundException(MESSAGES.developerUserNotFound);
      if (outcome !== "merged") throw new ResourceConflictException(MESSAGES.loginConflict);
      return { IdentityId: destination };
    },
  );
}
