/** DescribeIdentity: an identity's providers and dates. */
import { defineOperation, ResourceNotFoundException, structure } from "../../protocol/json/index.js";
import type { IdentityPoolContext } from "../context.js";
import { identityDescription } from "../identity-view.js";
import { NAMED } from "../messages.js";
import { identityId } from "../shapes.js";

/**
 * The operation.
 */
export function describeIdentity(ctx: IdentityPoolContext) {
  return defineOperation(structure({ IdentityId: identityId() }), async ({ input }) => {
    const identity = await (await ctx.store()).identities.get(input.IdentityId);
    if (identity === null) throw new ResourceNotFoundException(NAMED.identityNotFound(input.IdentityId));
    return identityDescription(identity);
  });
}
