/** DeleteGroup: the group and, by cascade, its memberships. */
import { defineOperation, ResourceNotFoundException, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { groupName } from "../../groups/shapes.js";
import { MESSAGES } from "../../messages.js";

/**
 * The operation.
 */
export function deleteGroup(ctx: UserPoolContext) {
  return defineOperation(
    structure({ GroupName: groupName(), UserPoolId: userPoolId() }),
    async ({ input }) => {
      const pool = await requirePool(ctx, input.UserPoolId);
      if (!(await (await ctx.store()).groups.delete(pool.id, input.GroupName)))
        throw new ResourceNotFoundException(MESSAGES.groupNotFound);
    },
  );
}
