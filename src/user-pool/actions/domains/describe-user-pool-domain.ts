/**
 * DescribeUserPoolDomain: a domain by its name alone (prefix or host name). An unknown one answers
 * 200 with an empty DomainDescription, as Cognito does (Terraform reads that as deleted).
 */
import { defineOperation, structure } from "../../../protocol/json/index.js";
import type { UserPoolContext } from "../../context.js";
import { type DomainConfig, domainDescription, domainName } from "../../domains/domain.js";
import type { DomainRecord } from "../../../storage/index.js";

/**
 * The operation.
 */
export function describeUserPoolDomain(ctx: UserPoolContext) {
  return defineOperation(structure({ Domain: domainName() }), async ({ input }) => {
    const record = await (await ctx.store()).domains.get(input.Domain);
    if (record === null) return { DomainDescription: {} };
    return { DomainDescription: await domainDescription(ctx, record as DomainRecord<DomainConfig>) };
  });
}
