/**
 * UpdateIdentityPool: replaces an identity pool's settings (the IdentityPool structure, in and out).
 * Tags given replace the pool's; without them the pool keeps its own. The developer provider name
 * cannot change once set.
 */
import {
  defineOperation,
  InvalidParameterException,
  ResourceNotFoundException,
  structure,
} from "../../protocol/json/index.js";
import { requireIdentityPool, type IdentityPoolContext } from "../context.js";
import { MESSAGES, NAMED } from "../messages.js";
import { poolSettings } from "../pool-config.js";
import { identityPoolView } from "../pool-view.js";
import { identityPoolId, poolMembers } from "../shapes.js";
import { MAX_TAGS } from "../tagged-pool.js";

/**
 * The operation.
 */
export function updateIdentityPool(ctx: IdentityPoolContext) {
  return defineOperation(
    structure({ IdentityPoolId: identityPoolId(), ...poolMembers }),
    async ({ input }) => {
      if (Object.keys(input.IdentityPoolTags ?? {}).length > MAX_TAGS)
        throw new InvalidParameterException(MESSAGES.tooManyTags);
      const current = await requireIdentityPool(ctx, input.IdentityPoolId);
      const store = await ctx.store();
      const pool = {
        ...current,
        ...poolSettings(input, current),
        tags: input.IdentityPoolTags ?? current.tags,
        updatedAt: ctx.now(),
      };
      const updated =
        (await store.identityPools.update(pool)) &&
        (input.IdentityPoolTags === undefined || (await store.identityPools.setTags(pool.id, pool.tags)));
      if (!updated) throw new ResourceNotFoundException(NAMED.poolNotFound(pool.id));
      return identityPoolView(pool);
    },
  );
}
