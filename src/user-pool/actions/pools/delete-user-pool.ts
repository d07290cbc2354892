/** DeleteUserPool: the pool and, by cascade, its clients, users, groups and signing keys. */
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
    if (!(await (await ctx.store()).pools.delete(pool.id))) await requirePool(ctx, pool.id);
  });
}
