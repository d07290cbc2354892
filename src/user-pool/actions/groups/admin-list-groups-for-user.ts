/** AdminListGroupsForUser: the user's groups by name, Limit (0-60) at a time, with NextToken. */
import { defineOperation, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { listing, paginationToken } from "../../listing.js";
import { requireUser } from "../../users/lookup.js";
import { username } from "../../users/shapes.js";
import { groupType, limitOf, queryLimit } from "../../groups/shapes.js";

/**
 * The operation.
 */
export function adminListGroupsForUser(ctx: UserPoolContext) {
  const Input = structure({
    Username: username(),
    UserPoolId: userPoolId(),
    Limit: queryLimit(),
    NextToken: paginationToken(),
  });
  return defineOperation(Input, async ({ input }) => {
    const pool = await requirePool(ctx, input.UserPoolId);
    const user = await requireUser(ctx, pool, input.Username);
    const store = await ctx.store();
    const page = await listing(() =>
      store.groups.listForUser(pool.id, user.sub, {
        limit: limitOf(input.Limit),
        nextToken: input.NextToken,
      }),
    );
    return { Groups: page.items.map(groupType), NextToken: page.nextToken };
  });
}
