/** GetIdentityPoolRoles: the pool's roles and role mappings, as set. */
import { defineOperation, structure } from "../../protocol/json/index.js";
import { requireIdentityPool, type IdentityPoolContext } from "../context.js";
import { identityPoolId } from "../shapes.js";

/**
 * The operation.
 */
export function getIdentityPoolRoles(ctx: IdentityPoolContext) {
  return defineOperation(structure({ IdentityPoolId: identityPoolId() }), async ({ input }) => {
    const pool = await requireIdentityPool(ctx, input.IdentityPoolId);
    return { IdentityPoolId: pool.id, Roles: pool.roles, RoleMappings: pool.roleMappings };
  });
}
