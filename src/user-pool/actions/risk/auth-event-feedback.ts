/**
 * AdminUpdateAuthEventFeedback (signed) and UpdateAuthEventFeedback (unsigned, proven by the
 * event's FeedbackToken from a notification email): Valid or Invalid on one of the user's events.
 */
import { defineOperation, string, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { setFeedback, userFeedback } from "../../risk/feedback.js";
import { requireUser } from "../../users/lookup.js";
import { username } from "../../users/shapes.js";
import { eventId, feedbackValue } from "../../risk/shapes.js";
import { requireAddOn } from "../../risk/add-on.js";

/**
 * The signed operation.
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
 * The unsigned operation.
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
