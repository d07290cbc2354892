/** DeleteIdentityPool: the pool, its identities and their logins, its principal-tag maps. */
import { defineOperation, ResourceNotFoundException, structure } from "../../protocol/json/index.js";
import type { IdentityPoolContext } from "../context.js";
import { NAMED } from "../messages.js";
import { identityPoolId } from "../shapes.js";

/**
 * The operation.
 */
export function deleteIdentityPool(ctx: IdentityPoolContext) {
  return defineOperation(structure({ IdentityPoolId: identityPoolId() }), async ({ input }) => {
    const store = await ctx.store();
    if (!(await store.identityPools.delete(input.IdentityPoolId)))
      throw new ResourceNotFoundException(NAMED.poolNotFound(input.IdentityPoolId));
    return undefined;
  });
}
