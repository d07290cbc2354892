/**
 * SetRiskConfiguration: the pool's (or one app client's) compromised-credentials, account-takeover
 * and IP-exception settings, kept in the pool's config. Given members replace the stored
 * configuration whole, as in Cognito.
 */
import {
  ConcurrentModificationException,
  defineOperation,
  InvalidParameterException,
  structure,
} from "../../../protocol/json/index.js";
import { requireClient, requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { riskConfigurations, RISK_SETTINGS, type StoredRiskConfiguration } from "../../risk/config.js";
import { cidrPrefix } from "../../risk/ip-ranges.js";
import { clientId, riskConfigurationType } from "../../risk/shapes.js";
import { requireAddOn } from "../../risk/add-on.js";

const Input = structure({ UserPoolId: userPoolId(), ClientId: clientId(), ...RISK_SETTINGS });

/**
 * The operation.
 */
export function setRiskConfiguration(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input }) => {
    if (input.ClientId !== undefined) await requireClient(ctx, input.UserPoolId, input.ClientId);
    const pool = await requirePool(ctx, input.UserPoolId);
    requireAddOn(pool);
    const exceptions = input.RiskExceptionConfiguration;
    for (const cidr of [
      ...(exceptions?.BlockedIPRangeList ?? []),
      ...(exceptions?.SkippedIPRangeList ?? []),
    ]) {
      if (cidrPrefix(cidr) === undefined) throw new InvalidParameterException(`Invalid IP range: ${cidr}`); // [?] words
    }
    const stored: StoredRiskConfiguration = {
      ...(input.CompromisedCredentialsRiskConfiguration === undefined
        ? {}
        : { CompromisedCredentialsRiskConfiguration: input.CompromisedCredentialsRiskConfiguration }),
      ...(input.AccountTakeoverRiskConfiguration === undefined
        ? {}
        : { AccountTakeoverRiskConfiguration: input.AccountTakeoverRiskConfiguration }),
      ...(exceptions === undefined ? {} : { RiskExceptionConfiguration: exceptions }),
      LastModifiedDate: ctx.now(),
    } as StoredRiskConfiguration;
    const RiskConfigurations = { ...riskConfigurations(pool), [input.ClientId ?? ""]: stored };
    const store = await ctx.store();
    const updated = await store.pools.update(
      pool.id,
      { config: { ...pool.config, RiskConfigurations } },
      { now: ctx.now(), ifRevision: pool.revision },
    );
    if (updated === null)
      throw new ConcurrentModificationException("The user pool was changed meanwhile; try again."); // [?] words
    return { RiskConfiguration: riskConfigurationType(pool.id, input.ClientId, stored) };
  });
}
