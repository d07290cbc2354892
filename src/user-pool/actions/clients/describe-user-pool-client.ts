/** DescribeUserPoolClient: the client as UserPoolClientType, its secret included. */
import { defineOperation, structure } from "../../../protocol/json/index.js";
import { clientId, userPoolClientType } from "../../client-settings.js";
import { requireClient, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";

/**
 * The operation.
 */
export function describeUserPoolClient(ctx: UserPoolContext) {
  return defineOperation(structure({ UserPoolId: userPoolId(), ClientId: clientId() }), async ({ input }) => {
    return { UserPoolClient: userPoolClientType(await requireClient(ctx, input.UserPoolId, input.ClientId)) };
  });
}
