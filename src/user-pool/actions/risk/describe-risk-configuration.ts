/**
 * DescribeRiskConfiguration: the configuration set for the app client, else the pool's.
 * [?] With ClientId and only a pool-level configuration, the pool's is shown under the ClientId.
 */
import { defineOperation, structure } from "../../../protocol/json/index.js";
import { requireClient, requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { effectiveRiskConfiguration } from "../../risk/config.js";
import { clientId, riskConfigurationType } from "../../risk/shapes.js";
import { requireAddOn } from "../../risk/add-on.js";

/**
 * The operation.
 */
export function describeRiskConfiguration(ctx: UserPoolContext) {
  return defineOperation(structure({ UserPoolId: userPoolId(), ClientId: clientId() }), async ({ input }) => {
    if (input.ClientId !== undefined) await requireClient(ctx, input.UserPoolId, input.ClientId);
    const pool = await requirePool(ctx, input.UserPoolId);
    requireAddOn(pool);
    return {
      RiskConfiguration: riskConfigurationType(
        pool.id,
        input.ClientId,
        effectiveRiskConfiguration(pool, input.ClientId),
      ),
    };
  });
}
