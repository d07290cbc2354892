/** The identity pool a tagging call's ResourceArn names. */
import { InvalidParameterException, ResourceNotFoundException } from "../protocol/json/index.js";
import type { IdentityPoolRecord } from "../storage/index.js";
import type { IdentityPoolContext } from "./context.js";
import { poolIdOfArn } from "./ids.js";
import { NAMED } from "./messages.js";

/** Tags an identity pool may carry (AWS's tagging limit). */
export const MAX_TAGS = 50;

/**
 * The pool of `arn:aws:cognito-identity:{region}:{account}:identitypool/{id}`.
 *
 * @throws {InvalidParameterException} for an ARN of another service, region or account;
 *   {ResourceNotFoundException} when no such pool exists.
 */
export async function taggedPool(ctx: IdentityPoolContext, arn: string): Promise<IdentityPoolRecord> {
  const id = poolIdOfArn(arn, ctx.region, ctx.accountId);
  if (id === undefined) throw new InvalidParameterException(NAMED.invalidPoolArn(arn));
  const pool = await (await ctx.store()).identityPools.get(id);
  if (pool === null) throw new ResourceNotFoundException(NAMED.poolNotFound(id));
  return pool;
}
