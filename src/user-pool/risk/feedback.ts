/** Feedback on a user's auth event (Valid or Invalid), from an administrator or the user. */
import { NotAuthorizedException, ResourceNotFoundException } from "../../protocol/json/index.js";
import type { PoolRecord, UserRecord } from "../../storage/index.js";
import { requirePool, type UserPoolContext } from "../context.js";
import { requireUser } from "../users/lookup.js";
import { isFeedbackToken } from "./feedback-token.js";
import { requireAddOn } from "./add-on.js";

/** Records the feedback on one of the user's events, or ResourceNotFoundException. */
export async function setFeedback(
  ctx: UserPoolContext,
  pool: PoolRecord,
  user: UserRecord,
  id: string,
  value: string,
  provider: string,
): Promise<void> {
  const saved = await (await ctx.store()).authEvents.setFeedback(pool.id, user.sub, id, value, {
    provider,
    at: ctx.now(),
  });
  if (!saved) throw new ResourceNotFoundException("Auth event not found."); // [?] words
}

/**
 * Records a user's own feedback, proven by the event's feedback token (UpdateAuthEventFeedback and
 * the one-click links of notification emails). A wrong token and an unknown event give one
 * answer; an unknown user is named, as Cognito's UserNotFoundException does.
 */
export async function userFeedback(
  ctx: UserPoolContext,
  poolId: string,
  name: string,
  id: string,
  token: string,
  value: string,
): Promise<void> {
  const pool = await requirePool(ctx, poolId);
  const user = await requireUser(ctx, pool, name);
  requireAddOn(pool);
  if (!(await isFeedbackToken(ctx, pool.id, user.sub, id, token)))
    throw new NotAuthorizedException("Invalid feedback token."); // [?] words
  await setFeedback(ctx, pool, user, id, value, "User");
}
