/** CreateIdentityPool: a new identity pool, its id `REGION:GUID`. */
import {
  defineOperation,
  InvalidParameterException,
  LimitExceededException,
  structure,
} from "../../protocol/json/index.js";
import type { IdentityPoolContext } from "../context.js";
import { newId } from "../ids.js";
import { MESSAGES } from "../messages.js";
import { poolSettings } from "../pool-config.js";
import { identityPoolView } from "../pool-view.js";
import { poolMembers } from "../shapes.js";
import { MAX_TAGS } from "../tagged-pool.js";

/** Cognito's quota: identity pools per account (identity-sync-iam.md §1.1). */
export const MAX_IDENTITY_POOLS = 1000;

/**
 * The operation.
 */
export function createIdentityPool(ctx: IdentityPoolContext) {
  return defineOperation(structure(poolMembers), async ({ input }) => {
    const settings = poolSettings(input);
    if (Object.keys(input.IdentityPoolTags ?? {}).length > MAX_TAGS)
      throw new InvalidParameterException(MESSAGES.tooManyTags);
    const store = await ctx.store();
    if ((await store.identityPools.count()) >= MAX_IDENTITY_POOLS)
      throw new LimitExceededException(MESSAGES.poolLimit);
    const now = ctx.now();
    const pool = {
      id: newId(ctx.region),
      ...settings,
      tags: input.IdentityPoolTags ?? {},
      roles: {},
      roleMappings: {},
      createdAt: now,
      updatedAt: now,
    };
    await store.identityPools.create(pool);
    return identityPoolView(pool);
  });
}
