/** ListUserPoolClients: a pool's clients (id, name, pool) in id order, MaxResults (1-60) at a time. */
import { defineOperation, integer, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { listing, paginationToken } from "../../listing.js";

/**
 * The operation.
 */
export function listUserPoolClients(ctx: UserPoolContext) {
  return defineOperation(
    structure({
      UserPoolId: userPoolId(),
      MaxResults: integer({ min: 1, max: 60 }),
      NextToken: paginationToken(),
    }),
    async ({ input }) => {
      const pool = await requirePool(ctx, input.UserPoolId);
      const store = await ctx.store();
      const page = await listing(() =>
        store.clients.list(pool.id, { limit: input.MaxResults, nextToken: input.NextToken }),
      );
      return {
        UserPoolClients: page.items.map((c) => ({
          ClientId: c.id,
          UserPoolId: c.poolId,
          ClientName: c.name,
        })),
        NextToken: page.nextToken,
      };
    },
  );
}
