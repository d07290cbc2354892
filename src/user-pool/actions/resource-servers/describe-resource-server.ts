/** DescribeResourceServer: one resource server of the pool. */
import { defineOperation, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { identifier, requireResourceServer, resourceServerType } from "../../resource-servers/shapes.js";

/**
 * The operation.
 */
export function describeResourceServer(ctx: UserPoolContext) {
  return defineOperation(
    structure({ UserPoolId: userPoolId(), Identifier: identifier() }),
    async ({ input }) => {
      const pool = await requirePool(ctx, input.UserPoolId);
      return {
        ResourceServer: resourceServerType(await requireResourceServer(ctx, pool.id, input.Identifier)),
      };
    },
  );
}
