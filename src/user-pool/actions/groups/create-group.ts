/** CreateGroup: a group with an optional description, IAM role and precedence. */
import { defineOperation, GroupExistsException, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { description, groupName, groupType, precedence, roleArn } from "../../groups/shapes.js";

/**
 * The operation.
 */
export function createGroup(ctx: UserPoolContext) {
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
    const group = await store.groups.create(
      pool.id,
      input.GroupName,
      { description: input.Description, roleArn: input.RoleArn, precedence: input.Precedence },
      ctx.now(),
    );
    if (group === null) throw new GroupExistsException("A group with the name already exists.");
    return { Group: groupType(group) };
  });
}
