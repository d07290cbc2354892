/** DeleteUserPoolDomain: releases a domain the pool holds; its pages and OAuth endpoints go with it. */
import { defineOperation, InvalidParameterException, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { domainName, NO_SUCH_DOMAIN } from "../../domains/domain.js";

/**
 * The operation.
 */
export function deleteUserPoolDomain(ctx: UserPoolContext) {
  return defineOperation(structure({ Domain: domainName(), UserPoolId: userPoolId() }), async ({ input }) => {
    const pool = await requirePool(ctx, input.UserPoolId);
    if (!(await (await ctx.store()).domains.delete(input.Domain, pool.id)))
      throw new InvalidParameterException(NO_SUCH_DOMAIN);
    return {};
  });
}
