/** TagResource: adds tags to an identity pool, replacing the values of keys it has. */
import { arnString, tags } from "../shapes.js";
import {
  defineOperation,
  InvalidParameterException,
  ResourceNotFoundException,
  structure,
} from "../../protocol/json/index.js";
import type { IdentityPoolContext } from "../context.js";
import { MESSAGES, NAMED } from "../messages.js";
import { MAX_TAGS, taggedPool } from "../tagged-pool.js";

/**
 * The operation.
 */
export function tagResource(ctx: IdentityPoolContext) {
  return defineOperation(structure({ ResourceArn: arnString(true), Tags: tags(true) }), async ({ input }) => {
    const pool = await taggedPool(ctx, input.ResourceArn);
    const merged = { ...pool.tags, ...input.Tags };
    if (Object.keys(merged).length > MAX_TAGS) throw new InvalidParameterException(MESSAGES.tooManyTags);
    if (!(await (await ctx.store()).identityPools.setTags(pool.id, merged)))
      throw new ResourceNotFoundException(NAMED.poolNotFound(pool.id));
    return undefined;
  });
}
