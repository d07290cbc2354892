/** ListResourceServers: the pool's resource servers by identifier, MaxResults (1-50) at a time. */
import { defineOperation, integer, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { listing, paginationToken } from "../../listing.js";
import { resourceServerType } from "../../resource-servers/shapes.js";

/**
 * The operation.
 */
export function listResourceServers(ctx: UserPoolContext) {
  return defineOperation(
    structure({
      UserPoolId: userPoolId(),
      MaxResults: integer({ min: 1, max: 50 }),
      NextToken: paginationToken(),
    }),
    async ({ input }) => {
      const pool = await requirePool(ctx, input.UserPoolId);
      const store = await ctx.store();
      const page = await listing(() =>
        store.resourceServers.list(pool.id, { limit: input.MaxResults, nextToken: input.NextToken }),
      );
      return { ResourceServers: page.items.map(resourceServerType), NextToken: page.nextToken };
    },
  );
}
