/** DeleteUserPoolClient: the client and, by cascade, the refresh tokens issued to it. */
import { defineOperation, structure } from "../../../protocol/json/index.js";
import { clientId } from "../../client-settings.js";
import { requireClient, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";

/**
 * The operation.
 */
export function deleteUserPoolClient(ctx: UserPoolContext) {
  return defineOperation(structure({ UserPoolId: userPoolId(), ClientId: clientId() }), async ({ input }) => {
    const client = await requireClient(ctx, input.UserPoolId, input.ClientId);
    if (!(await (await ctx.store()).clients.delete(client.poolId, client.id)))
      await requireClient(ctx, client.poolId, client.id);
  });
}
