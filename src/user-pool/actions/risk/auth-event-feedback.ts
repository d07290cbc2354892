/**
 * AdminUpdateAuthEventFeedback (signed) and UpdateAuthEventFeedback (unsigned, proven by the
 * event's FeedbackToken from a notification email): Valid or Invalid on one of the user's events.
 */
import {
  defineOperation,
  NotAuthorizedException,
  ResourceNotFoundException,
  string,
  structure,
} from "../../../protocol/json/index.js";
import type { PoolRecord, UserRecord } from "../../../storage/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { isFeedbackToken } from "../../risk/feedback-token.js";
import { requireUser } from "../../users/lookup.js";
import { username } from "../../users/shapes.js";
import { eventId, requireAddOn } from "../../risk/shapes.js";

const feedbackValue = () => string({ required: true, enum: ["Valid", "Invalid"] });

async function setFeedback(
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
 * The signed operation.
 *
 * @example
 * ```ts
 * const operations = { AdminUpdateAuthEventFeedback: adminUpdateAuthEventFeedback(ctx) };
 * ```
 */
export function adminUpdateAuthEventFeedback(ctx: UserPoolContext) {
  const Input = structure({
    UserPoolId: userPoolId(),
    Username: username(),
    EventId: eventId(),
    FeedbackValue: feedbackValue(),
  });
  return defineOperation(Input, async ({ input }) => {
    const pool = await requirePool(ctx, input.UserPoolId);
    const user = await requireUser(ctx, pool, input.Username);
    requireAddOn(pool);
    await setFeedback(ctx, pool, user, input.EventId, input.FeedbackValue, "Admin");
    return {};
  });
}

/**
 * Records a user's own feedback, proven by the event's feedback token (UpdateAuthEventFeedback and
 * the one-click links of notification emails). A wrong token and an unknown event give one
 * answer; an unknown user is named, as Cognito's UserNotFoundException does.
 *
 * @example
 * ```ts
 * await userFeedback(ctx, poolId, "alice", eventId, token, "Invalid");
 * ```
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

/**
 * The unsigned operation.
 *
 * @example
 * ```ts
 * const operations = { UpdateAuthEventFeedback: updateAuthEventFeedback(ctx) };
 * ```
 */
export function updateAuthEventFeedback(ctx: UserPoolContext) {
  const Input = structure({
    UserPoolId: userPoolId(),
    Username: username(),
    EventId: eventId(),
    FeedbackToken: string({ required: true, min: 1, max: 2048, sensitive: true }),
    FeedbackValue: feedbackValue(),
  });
  return defineOperation(Input, async ({ input }) => {
    await userFeedback(
      ctx,
      input.UserPoolId,
      input.Username,
      input.EventId,
      input.FeedbackToken,
      input.FeedbackValue,
    );
    return {};
  });
}
