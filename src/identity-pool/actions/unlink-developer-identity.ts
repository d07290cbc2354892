/** UnlinkDeveloperIdentity: a developer user identifier no longer names the identity. */
import { defineOperation, ResourceNotFoundException, structure } from "../../protocol/json/index.js";
import { requireIdentityPool, type IdentityPoolContext } from "../context.js";
import { MESSAGES, NAMED } from "../messages.js";
import { developerProviderName, developerUserIdentifier, identityId, identityPoolId } from "../shapes.js";

/**
 * The operation.
 */
export function unlinkDeveloperIdentity(ctx: IdentityPoolContext) {
  return defineOperation(
    structure({
      IdentityId: identityId(),
      IdentityPoolId: identityPoolId(),
      DeveloperProviderName: developerProviderName(true),
      DeveloperUserIdentifier: developerUserIdentifier(),
    }),
    async ({ input }) => {
      const pool = await requireIdentityPool(ctx, input.IdentityPoolId);
      if (pool.developerProviderName !== input.DeveloperProviderName)
        throw new ResourceNotFoundException(NAMED.developerProviderNotFound(input.DeveloperProviderName));
      const store = await ctx.store();
      const identity = await store.identities.get(input.IdentityId);
      if (identity === null || identity.poolId !== pool.id)
        throw new ResourceNotFoundException(NAMED.identityNotFound(input.IdentityId));
      const removed = await store.identities.unlink(
        identity.id,
        [{ provider: pool.developerProviderName, subject: input.DeveloperUserIdentifier }],
        ctx.now(),
      );
      if (removed === 0) throw new ResourceNotFoundException(MESSAGES.developerUserNotFound);
      return undefined;
    },
  );
}
