/**
 * UpdateUserPoolDomain: the managed-login version and a custom domain's certificate; the name and
 * the kind stay (renaming is delete and create).
 */
import { defineOperation, InvalidParameterException, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import {
  customDomainConfig,
  type DomainConfig,
  domainName,
  domainResult,
  loginVersion,
  managedLoginVersion,
  NO_SUCH_DOMAIN,
  versionStamp,
} from "../../domains/domain.js";
import type { DomainRecord } from "../../../storage/index.js";

/**
 * The operation.
 */
export function updateUserPoolDomain(ctx: UserPoolContext) {
  const Input = structure({
    Domain: domainName(),
    UserPoolId: userPoolId(),
    ManagedLoginVersion: managedLoginVersion(),
    CustomDomainConfig: customDomainConfig(),
  });
  return defineOperation(Input, async ({ input }) => {
    const pool = await requirePool(ctx, input.UserPoolId);
    const store = await ctx.store();
    const current = (await store.domains.get(input.Domain)) as DomainRecord<DomainConfig> | null;
    if (current === null || current.poolId !== pool.id) throw new InvalidParameterException(NO_SUCH_DOMAIN);
    if (current.kind === "custom" && input.CustomDomainConfig === undefined)
      throw new InvalidParameterException("Cannot convert custom domain to prefix domain.");
    if (current.kind === "prefix" && input.CustomDomainConfig !== undefined)
      throw new InvalidParameterException("Cannot convert prefix domain to custom domain."); // [?] words
    const now = ctx.now();
    const config: DomainConfig = {
      ManagedLoginVersion: loginVersion(pool, input.ManagedLoginVersion, current.config.ManagedLoginVersion),
      Version: versionStamp(now),
      ...(input.CustomDomainConfig !== undefined && { CustomDomainConfig: input.CustomDomainConfig }),
    };
    const updated = await store.domains.update(current.domain, pool.id, config, now);
    if (updated === null) throw new InvalidParameterException(NO_SUCH_DOMAIN);
    return await domainResult(updated as DomainRecord<DomainConfig>);
  });
}
