/** AdminConfirmSignUp: UNCONFIRMED becomes CONFIRMED, once, without a code. */
import { defineOperation, NotAuthorizedException, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { requireUser } from "../../users/lookup.js";
import { username } from "../../users/shapes.js";
import { NAMED } from "../../messages.js";

/**
 * The operation.
 */
export function adminConfirmSignUp(ctx: UserPoolContext) {
  return defineOperation(structure({ UserPoolId: userPoolId(), Username: username() }), async ({ input }) => {
    const pool = await requirePool(ctx, input.UserPoolId);
    const user = await requireUser(ctx, pool, input.Username);
    const store = await ctx.store();
    const confirmed = await store.users.update(
      pool.id,
      user.username,
      { status: "CONFIRMED" },
      { now: ctx.now(), ifStatus: "UNCONFIRMED" },
    );
    if (confirmed === null) {
      const now = (await store.users.get(pool.id, user.username))?.status ?? user.status;
      throw new NotAuthorizedException(NAMED.cannotConfirm(now));
    }
    await store.codes.revoke(pool.id, user.username, "signup");
  });
}
