/** ListUserPools: pools in id order, MaxResults (1-60) at a time. */
import { defineOperation, integer, structure } from "../../../protocol/json/index.js";
import type { UserPoolContext } from "../../context.js";
import { listing, paginationToken } from "../../listing.js";
import { userPoolDescription } from "../../pool-view.js";

/**
 * The operation.
 */
export function listUserPools(ctx: UserPoolContext) {
  return defineOperation(
    structure({ MaxResults: integer({ required: true, min: 1, max: 60 }), NextToken: paginationToken() }),
    async ({ input }) => {
      const store = await ctx.store();
      const page = await listing(() =>
        store.pools.list({ limit: input.MaxResults, nextToken: input.NextToken }),
      );
      return { UserPools: page.items.map(userPoolDescription), NextToken: page.nextToken };
    },
  );
}
