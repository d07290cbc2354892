/** DeleteResourceServer: the server and its scopes (clients that were allowed them keep the names, unused). */
import { defineOperation, ResourceNotFoundException, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { identifier, serverNotFound } from "../../resource-servers/shapes.js";

/**
 * The operation.
 */
export function deleteResourceServer(ctx: UserPoolContext) {
  return defineOperation(
    structure({ UserPoolId: userPoolId(), Identifier: identifier() }),
    async ({ input }) => {
      const pool = await requirePool(ctx, input.UserPoolId);
      if (!(await (await ctx.store()).resourceServers.delete(pool.id, input.Identifier)))
        throw new ResourceNotFoundException(serverNotFound(input.Identifier));
      return {};
    },
  );
}
