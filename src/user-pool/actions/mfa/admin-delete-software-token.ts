/**
 * AdminDeleteSoftwareToken (SigV4): forgets a user's TOTP authenticator, for a lost phone. The
 * preference for TOTP goes with it; other factors stay. The next sign-in falls back to them, or
 * gets MFA_SETUP where the pool requires MFA.
 */
import { defineOperation, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { requireUser } from "../../users/lookup.js";
import { username } from "../../users/shapes.js";

/**
 * The operation.
 */
export function adminDeleteSoftwareToken(ctx: UserPoolContext) {
  return defineOperation(structure({ UserPoolId: userPoolId(), Username: username() }), async ({ input }) => {
    const pool = await requirePool(ctx, input.UserPoolId);
    const user = await requireUser(ctx, pool, input.Username);
    await (await ctx.store()).mfa.deleteTotp(pool.id, user.sub, ctx.now());
  });
}
