/**
 * UpdateUserPool: replaces the pool's updatable settings. As in Cognito, a setting the request
 * leaves out goes back to its default; the schema and the username and alias attributes stay.
 */
import { defineOperation } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { checkAttributeUpdateSettings } from "../../pool-rules.js";
import { pick, POOL_FIXED, POOL_SETTINGS, UpdateUserPoolInput } from "../../pool-shapes.js";
import { lambdaConfigToStore } from "../../triggers/lambda-config.js";

/**
 * The operation.
 */
export function updateUserPool(ctx: UserPoolContext) {
  return defineOperation(UpdateUserPoolInput, async ({ input }) => {
    checkAttributeUpdateSettings(input);
    const pool = await requirePool(ctx, input.UserPoolId);
    // SetUserPoolMfaConfig's factors are not UpdateUserPool's to reset. LambdaConfig is replaced
    // whole, as every other setting: a request without it leaves the pool with no triggers.
    const config = {
      ...pick(pool.config, POOL_FIXED),
      MfaFactors: pool.config.MfaFactors,
      RiskConfigurations: pool.config.RiskConfigurations,
      ...pick(input, POOL_SETTINGS),
      LambdaConfig: lambdaConfigToStore(input.LambdaConfig, input.UserPoolTier),
    };
    const store = await ctx.store();
    // Compare-and-set on what was read: a concurrent DeleteUserPool wins, and then so does its error.
    const updated = await store.pools.update(
      pool.id,
      { name: input.PoolName, config },
      { now: ctx.now(), ifRevision: pool.revision },
    );
    if (updated === null) await requirePool(ctx, pool.id);
  });
}
