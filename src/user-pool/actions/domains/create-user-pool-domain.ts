/**
 * CreateUserPoolDomain: a prefix domain (`{prefix}.{domainSuffix}`) or, with CustomDomainConfig, a
 * custom host name, never `{domainSuffix}` or under it; one of each kind per pool, each name held
 * by one pool only. ACTIVE at once.
 */
import { defineOperation, InvalidParameterException, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import {
  customDomainConfig,
  type DomainConfig,
  domainKind,
  domainName,
  domainResult,
  loginVersion,
  managedLoginVersion,
  versionStamp,
} from "../../domains/domain.js";
import type { DomainRecord } from "../../../storage/index.js";

/**
 * The operation.
 */
export function createUserPoolDomain(ctx: UserPoolContext) {
  const Input = structure({
    Domain: domainName(),
    UserPoolId: userPoolId(),
    ManagedLoginVersion: managedLoginVersion(),
    CustomDomainConfig: customDomainConfig(),
  });
  return defineOperation(Input, async ({ input }) => {
    const pool = await requirePool(ctx, input.UserPoolId);
    const kind = domainKind(input.Domain, input.CustomDomainConfig);
    // A custom name under the prefix domains' suffix would take over another pool's prefix host.
    const suffix = ctx.domainSuffix.toLowerCase().replace(/^\.+/, "");
    const name = input.Domain.toLowerCase().replace(/\.$/, "");
    if (kind === "custom" && (name === suffix || name.endsWith(`.${suffix}`)))
      throw new InvalidParameterException(
        `Custom domain ${input.Domain} cannot be under the prefix domains' suffix ${suffix}.`, // [?] words
      );
    const now = ctx.now();
    const config: DomainConfig = {
      ManagedLoginVersion: loginVersion(pool, input.ManagedLoginVersion, 1),
      Version: versionStamp(now),
      ...(input.CustomDomainConfig !== undefined && { CustomDomainConfig: input.CustomDomainConfig }),
    };
    const store = await ctx.store();
    const created = await store.domains.create({ domain: input.Domain, poolId: pool.id, kind, config }, now);
    if (created === "taken")
      throw new InvalidParameterException("Domain already associated with another user pool.");
    if (created === "kind-taken")
      throw new InvalidParameterException(`User pool ${pool.id} already has a ${kind} domain configured.`); // [?] words
    return await domainResult(created as DomainRecord<DomainConfig>);
  });
}
