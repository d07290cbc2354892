/** Input shapes and the output GroupType the group operations share, after the service model. */
import { integer, string } from "../../protocol/json/index.js";
import { ResourceNotFoundException } from "../../protocol/json/index.js";
import type { GroupRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { MESSAGES } from "../messages.js";

/** `GroupName` (GroupNameType): 1-128 characters. */
export const groupName = () =>
  string({ required: true, min: 1, max: 128, pattern: "[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+" });

/** `Description` (DescriptionType): at most 2048 characters. */
export const description = () => string({ max: 2048 });

/** `RoleArn` (ArnType). */
export const roleArn = () =>
  string({
    min: 20,
    max: 2048,
    pattern:
      "arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:([\\w+=/,.@-]*)?:[0-9]+:[\\w+=/,.@-]+(:[\\w+=/,.@-]+)?(:[\\w+=/,.@-]+)?",
  });

/** `Precedence` (PrecedenceType): a non-negative integer. */
export const precedence = () => integer({ min: 0 });

/** `Limit` (QueryLimitType) of the group listings: 0-60, 0 meaning the default (60). */
export const queryLimit = () => integer({ min: 0, max: 60 });

/** The page size a `Limit` asks for (absent or 0: 60). */
export const limitOf = (limit: number | undefined): number =>
  limit === undefined || limit === 0 ? 60 : limit;

/**
 * The model's GroupType; dates go out as epoch seconds, unset settings are left out.
 */
export function groupType(group: GroupRecord): Record<string, unknown> {
  return {
    GroupName: group.name,
    UserPoolId: group.poolId,
    Description: group.description ?? undefined,
    RoleArn: group.roleArn ?? undefined,
    Precedence: group.precedence ?? undefined,
    LastModifiedDate: new Date(group.updatedAt),
    CreationDate: new Date(group.createdAt),
  };
}

/**
 * The pool's group of that name, or a thrown ResourceNotFoundException "Group not found.".
 */
export async function requireGroup(ctx: UserPoolContext, poolId: string, name: string): Promise<GroupRecord> {
  const group = await (await ctx.store()).groups.get(poolId, name);
  if (group === null) throw new ResourceNotFoundException(MESSAGES.groupNotFound);
  return group;
}
