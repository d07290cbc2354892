/**
 * DeleteUserPool: the pool and, by cascade, its clients, users, groups and signing keys. A pool
 * with a domain is refused, as Cognito refuses it: the domain goes first (DeleteUserPoolDomain).
 */
import { defineOperation, InvalidParameterException, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";

/**
 * The operation.
 */
export function deleteUserPool(ctx: UserPoolContext) {
  return defineOperation(structure({ UserPoolId: userPoolId() }), async ({ input }) => {
    const pool = await requirePool(ctx, input.UserPoolId);
    if (pool.config.DeletionProtection === "ACTIVE") {
      throw new InvalidParameterException(
        "The user pool cannot be deleted because deletion protection is activated.",
      );
    }
    const store = await ctx.store();
    if ((await store.domains.ofPool(pool.id)).length > 0)
      throw new InvalidParameterException(
        "User pool cannot be deleted. It has a domain configured that should be deleted first.",
      );
    if (!(await store.pools.delete(pool.id))) await requirePool(ctx, pool.id);
  });
}
