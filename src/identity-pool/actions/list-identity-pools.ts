/** ListIdentityPools: pools in id order, MaxResults (1-60) at a time. */
import { defineOperation, integer, structure } from "../../protocol/json/index.js";
import { listing } from "../../user-pool/listing.js";
import type { IdentityPoolContext } from "../context.js";
import { paginationKey } from "../shapes.js";

/**
 * The operation.
 */
export function listIdentityPools(ctx: IdentityPoolContext) {
  return defineOperation(
    structure({ MaxResults: integer({ required: true, min: 1, max: 60 }), NextToken: paginationKey() }),
    async ({ input }) => {
      const store = await ctx.store();
      const page = await listing(() => store.identityPools.list(input.MaxResults, input.NextToken));
      return {
        IdentityPools: page.items.map((p) => ({ IdentityPoolId: p.id, IdentityPoolName: p.name })),
        NextToken: page.nextToken,
      };
    },
  );
}
