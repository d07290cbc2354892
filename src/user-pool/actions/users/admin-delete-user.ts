/** AdminDeleteUser: the user and, by cascade, their aliases, codes, sessions and tokens. */
import { defineOperation, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { requireUser } from "../../users/lookup.js";
import { username } from "../../users/shapes.js";

/**
 * The operation.
 */
export function adminDeleteUser(ctx: UserPoolContext) {
  return defineOperation(structure({ UserPoolId: userPoolId(), Username: username() }), async ({ input }) => {
    const pool = await requirePool(ctx, input.UserPoolId);
    const user = await requireUser(ctx, pool, input.Username);
    await (await ctx.store()).users.delete(pool.id, user.username);
  });
}
