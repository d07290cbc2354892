/** ListTagsForResource: an identity pool's tags. */
import { defineOperation, structure } from "../../protocol/json/index.js";
import type { IdentityPoolContext } from "../context.js";
import { arnString } from "../shapes.js";
import { taggedPool } from "../tagged-pool.js";

/**
 * The operation.
 */
export function listTagsForResource(ctx: IdentityPoolContext) {
  return defineOperation(structure({ ResourceArn: arnString(true) }), async ({ input }) => ({
    Tags: (await taggedPool(ctx, input.ResourceArn)).tags,
  }));
}
