/** AdminRemoveUserFromGroup: ends the user's membership of the group (none: no error). */
import { defineOperation, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { requireUser } from "../../users/lookup.js";
import { username } from "../../users/shapes.js";
import { groupName, requireGroup } from "../../groups/shapes.js";

/**
 * The operation.
 */
export function adminRemoveUserFromGroup(ctx: UserPoolContext) {
  return defineOperation(
    structure({ UserPoolId: userPoolId(), Username: username(), GroupName: groupName() }),
    async ({ input }) => {
      const pool = await requirePool(ctx, input.UserPoolId);
      const group = await requireGroup(ctx, pool.id, input.GroupName);
      const user = await requireUser(ctx, pool, input.Username);
      await (await ctx.store()).groups.removeMember(pool.id, group.name, user.sub);
    },
  );
}
