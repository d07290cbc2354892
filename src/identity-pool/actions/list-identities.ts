/** ListIdentities: a pool's identities in id order; HideDisabled leaves out merged ones. */
import { boolean, defineOperation, integer, structure } from "../../protocol/json/index.js";
import { listing } from "../../user-pool/listing.js";
import { requireIdentityPool, type IdentityPoolContext } from "../context.js";
import { identityDescription } from "../identity-view.js";
import { identityPoolId, paginationKey } from "../shapes.js";

/**
 * The operation.
 */
export function listIdentities(ctx: IdentityPoolContext) {
  return defineOperation(
    structure({
      IdentityPoolId: identityPoolId(),
      MaxResults: integer({ required: true, min: 1, max: 60 }),
      NextToken: paginationKey(),
      HideDisabled: boolean(),
    }),
    async ({ input }) => {
      const pool = await requireIdentityPool(ctx, input.IdentityPoolId);
      const store = await ctx.store();
      const page = await listing(() =>
        store.identities.list(pool.id, input.MaxResults, input.NextToken, input.HideDisabled ?? false),
      );
      return {
        IdentityPoolId: pool.id,
        Identities: page.items.map(identityDescription),
        NextToken: page.nextToken,
      };
    },
  );
}
