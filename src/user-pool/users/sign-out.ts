/** Signing a user out of every session (GlobalSignOut, AdminUserGlobalSignOut). */
import type { UserRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";

/**
 * Revokes every token of the user: refresh tokens now, access tokens issued before now, and the
 * hosted UI's browser sessions (which `signedOutAt` already makes dead: this ends their rows too).
 */
export async function signOutEverywhere(ctx: UserPoolContext, user: UserRecord): Promise<void> {
  const store = await ctx.store();
  const now = ctx.now();
  await store.users.update(user.poolId, user.username, { signedOutAt: now }, { now });
  await store.refreshTokens.revokeUser(user.poolId, user.sub, now);
  await store.browserSessions.endUser(user.poolId, user.sub, now);
}
