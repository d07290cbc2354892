/** SetIdentityPoolRoles: the pool's authenticated and unauthenticated roles, and its role mappings. */
import { defineOperation, ResourceNotFoundException, structure } from "../../protocol/json/index.js";
import { requireIdentityPool, type IdentityPoolContext } from "../context.js";
import { NAMED } from "../messages.js";
import { roleSettings } from "../role-settings.js";
import { identityPoolId, roleMappings, roles } from "../shapes.js";

/**
 * The operation.
 */
export function setIdentityPoolRoles(ctx: IdentityPoolContext) {
  return defineOperation(
    structure({ IdentityPoolId: identityPoolId(), Roles: roles(true), RoleMappings: roleMappings() }),
    async ({ input }) => {
      const pool = await requireIdentityPool(ctx, input.IdentityPoolId);
      const settings = roleSettings(input.Roles, input.RoleMappings);
      const store = await ctx.store();
      if (!(await store.identityPools.setRoles(pool.id, settings.roles, settings.roleMappings as never)))
        throw new ResourceNotFoundException(NAMED.poolNotFound(pool.id));
      return undefined;
    },
  );
}
