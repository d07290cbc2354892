/** AdminListUserAuthEvents: the user's auth events with their risk, newest first. */
import { defineOperation, integer, string, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { authEventType } from "../../risk/events.js";
import { requireUser } from "../../users/lookup.js";
import { username } from "../../users/shapes.js";
import { requireAddOn } from "../../risk/add-on.js";

const Input = structure({
  UserPoolId: userPoolId(),
  Username: username(),
  MaxResults: integer({ min: 0, max: 60 }),
  NextToken: string({ min: 1, max: 4096 }),
});

/**
 * The operation.
 */
export function adminListUserAuthEvents(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input }) => {
    const pool = await requirePool(ctx, input.UserPoolId);
    const user = await requireUser(ctx, pool, input.Username);
    requireAddOn(pool);
    // MaxResults 0 is allowed by the model; it is taken as the default page.
    const limit = input.MaxResults === undefined || input.MaxResults === 0 ? undefined : input.MaxResults;
    const page = await (await ctx.store()).authEvents.listForUser(pool.id, user.sub, {
      limit,
      nextToken: input.NextToken,
    });
    return { AuthEvents: page.items.map(authEventType), NextToken: page.nextToken };
  });
}
