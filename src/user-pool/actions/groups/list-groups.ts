/** ListGroups: the pool's groups by name, Limit (0-60, 0 or absent: 60) at a time, with NextToken. */
import { defineOperation, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { listing, paginationToken } from "../../listing.js";
import { groupType, limitOf, queryLimit } from "../../groups/shapes.js";

/**
 * The operation.
 */
export function listGroups(ctx: UserPoolContext) {
  return defineOperation(
    structure({ UserPoolId: userPoolId(), Limit: queryLimit(), NextToken: paginationToken() }),
    async ({ input }) => {
      const pool = await requirePool(ctx, input.UserPoolId);
      const store = await ctx.store();
      const page = await listing(() =>
        store.groups.list(pool.id, { limit: limitOf(input.Limit), nextToken: input.NextToken }),
      );
      return { Groups: page.items.map(groupType), NextToken: page.nextToken };
    },
  );
}
