/** GetGroup: one group of the pool. */
import { defineOperation, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { groupName, groupType, requireGroup } from "../../groups/shapes.js";

/**
 * The operation.
 */
export function getGroup(ctx: UserPoolContext) {
  return defineOperation(
    structure({ GroupName: groupName(), UserPoolId: userPoolId() }),
    async ({ input }) => {
      const pool = await requirePool(ctx, input.UserPoolId);
      return { Group: groupType(await requireGroup(ctx, pool.id, input.GroupName)) };
    },
  );
}
