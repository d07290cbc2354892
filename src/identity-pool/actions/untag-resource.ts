/** UntagResource: removes tags from an identity pool by key (keys it lacks are ignored). */
import {
  defineOperation,
  list,
  ResourceNotFoundException,
  string,
  structure,
} from "../../protocol/json/index.js";
import type { IdentityPoolContext } from "../context.js";
import { NAMED } from "../messages.js";
import { arnString } from "../shapes.js";
import { taggedPool } from "../tagged-pool.js";

/**
 * The operation.
 */
export function untagResource(ctx: IdentityPoolContext) {
  return defineOperation(
    structure({
      ResourceArn: arnString(true),
      TagKeys: list(string({ required: true, min: 1, max: 128 }), { required: true }),
    }),
    async ({ input }) => {
      const pool = await taggedPool(ctx, input.ResourceArn);
      const remove = new Set(input.TagKeys);
      const kept = Object.fromEntries(Object.entries(pool.tags).filter(([key]) => !remove.has(key)));
      if (!(await (await ctx.store()).identityPools.setTags(pool.id, kept)))
        throw new ResourceNotFoundException(NAMED.poolNotFound(pool.id));
      return undefined;
    },
  );
}
