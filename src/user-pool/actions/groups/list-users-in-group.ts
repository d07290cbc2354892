/** ListUsersInGroup: the group's members (UserType), Limit (0-60) at a time, with NextToken. */
import { defineOperation, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { listing, paginationToken } from "../../listing.js";
import { userType } from "../../users/user-view.js";
import { groupName, limitOf, queryLimit, requireGroup } from "../../groups/shapes.js";

/**
 * The operation.
 */
export function listUsersInGroup(ctx: UserPoolContext) {
  const Input = structure({
    UserPoolId: userPoolId(),
    GroupName: groupName(),
    Limit: queryLimit(),
    NextToken: paginationToken(),
  });
  return defineOperation(Input, async ({ input }) => {
    const pool = await requirePool(ctx, input.UserPoolId);
    const group = await requireGroup(ctx, pool.id, input.GroupName);
    const store = await ctx.store();
    const page = await listing(() =>
      store.groups.listMembers(pool.id, group.name, {
        limit: limitOf(input.Limit),
        nextToken: input.NextToken,
      }),
    );
    return { Users: page.items.map((user) => userType(user)), NextToken: page.nextToken };
  });
}
