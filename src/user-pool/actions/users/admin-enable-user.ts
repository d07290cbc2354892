/** AdminEnableUser and AdminDisableUser: the user's Enabled flag. */
import { defineOperation, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { present, requireUser } from "../../users/lookup.js";
import { username } from "../../users/shapes.js";

function setEnabled(ctx: UserPoolContext, enabled: boolean) {
  return defineOperation(structure({ UserPoolId: userPoolId(), Username: username() }), async ({ input }) => {
    const pool = await requirePool(ctx, input.UserPoolId);
    const user = await requireUser(ctx, pool, input.Username);
    const store = await ctx.store();
    const now = ctx.now();
    // Disabling revokes every token issued so far, as in Cognito: enabling again does not revive them.
    present(
      await store.users.update(
        pool.id,
        user.username,
        enabled ? { enabled } : { enabled, signedOutAt: now },
        { now },
      ),
    );
    if (!enabled) await store.refreshTokens.revokeUser(pool.id, user.sub, now);
  });
}

/**
 * AdminEnableUser.
 */
export const adminEnableUser = (ctx: UserPoolContext) => setEnabled(ctx, true);

/**
 * AdminDisableUser: a disabled user cannot sign in ("User is disabled."), and the tokens issued
 * before are revoked for good.
 */
export const adminDisableUser = (ctx: UserPoolContext) => setEnabled(ctx, false);
