/** UpdateGroup: replaces the group's description, role and precedence (a member left out is unset). */
import { defineOperation, ResourceNotFoundException, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { description, groupName, groupType, precedence, roleArn } from "../../groups/shapes.js";
import { MESSAGES } from "../../messages.js";

/**
 * The operation.
 */
export function updateGroup(ctx: UserPoolContext) {
  const Input = structure({
    GroupName: groupName(),
    UserPoolId: userPoolId(),
    Description: description(),
    RoleArn: roleArn(),
    Precedence: precedence(),
  });
  return defineOperation(Input, async ({ input }) => {
    const pool = await requirePool(ctx, input.UserPoolId);
    const store = await ctx.store();
    const group = await store.groups.update(
      pool.id,
      input.GroupName,
      { description: input.Description, roleArn: input.RoleArn, precedence: input.Precedence },
      ctx.now(),
    );
    if (group === null) throw new ResourceNotFoundException(MESSAGES.groupNotFound);
    return { Group: groupType(group) };
  });
}
