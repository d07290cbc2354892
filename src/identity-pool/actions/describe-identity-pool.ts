/** DescribeIdentityPool: an identity pool's settings. */
import { defineOperation, structure } from "../../protocol/json/index.js";
import { requireIdentityPool, type IdentityPoolContext } from "../context.js";
import { identityPoolView } from "../pool-view.js";
import { identityPoolId } from "../shapes.js";

/**
 * The operation.
 */
export function describeIdentityPool(ctx: IdentityPoolContext) {
  return defineOperation(structure({ IdentityPoolId: identityPoolId() }), async ({ input }) =>
    identityPoolView(await requireIdentityPool(ctx, input.IdentityPoolId)),
  );
}
