/** ListIdentityProviders: the pool's providers by name, MaxResults (1-60) at a time. */
import { defineOperation, integer, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { listing, paginationToken } from "../../listing.js";
import { userPoolId } from "../../pool-shapes.js";

/**
 * The operation.
 */
export function listIdentityProviders(ctx: UserPoolContext) {
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
        store.identityProviders.list(pool.id, { limit: input.MaxResults, nextToken: input.NextToken }),
      );
      return {
        Providers: page.items.map((p) => ({
          ProviderName: p.name,
          ProviderType: p.type,
          LastModifiedDate: new Date(p.updatedAt),
          CreationDate: new Date(p.createdAt),
        })),
        NextToken: page.nextToken,
      };
    },
  );
}
