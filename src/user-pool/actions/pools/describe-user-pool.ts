/** DescribeUserPool: the pool as UserPoolType, with an estimate of its users and its domains. */
import { defineOperation, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { userPoolType } from "../../pool-view.js";
import { poolDomains } from "../../domains/domain.js";

/**
 * The operation.
 */
export function describeUserPool(ctx: UserPoolContext) {
  return defineOperation(structure({ UserPoolId: userPoolId() }), async ({ input }) => {
    const pool = await requirePool(ctx, input.UserPoolId);
    const users = await (await ctx.store()).users.count(pool.id);
    return { UserPool: { ...userPoolType(ctx, pool, users), ...(await poolDomains(ctx, pool.id)) } };
  });
}
