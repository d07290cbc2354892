/** AdminConfirmSignUp: UNCONFIRMED becomes CONFIRMED, once, without a code. */
import { defineOperation, NotAuthorizedException, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { requireUser } from "../../users/lookup.js";
import { clientMetadata, username } from "../../users/shapes.js";
import { postConfirmation } from "../../triggers/post-confirmation.js";
import { NAMED } from "../../messages.js";

/**
 * The operation.
 */
export function adminConfirmSignUp(ctx: UserPoolContext) {
  const Input = structure({
    UserPoolId: userPoolId(),
    Username: username(),
    ClientMetadata: clientMetadata(),
  });
  return defineOperation(Input, async ({ input, request }) => {
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
    await postConfirmation(
      ctx,
      pool,
      "PostConfirmation_ConfirmSignUp",
      confirmed,
      { headers: request.headers },
      input.ClientMetadata,
    );
  });
}
