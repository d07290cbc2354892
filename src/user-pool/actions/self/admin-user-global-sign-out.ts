/** AdminUserGlobalSignOut: GlobalSignOut by an administrator: every refresh token and earlier access token revoked. */
import { defineOperation, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { requireUser } from "../../users/lookup.js";
import { username } from "../../users/shapes.js";
import { signOutEverywhere } from "../../users/sign-out.js";

/**
 * The operation.
 */
export function adminUserGlobalSignOut(ctx: UserPoolContext) {
  return defineOperation(structure({ UserPoolId: userPoolId(), Username: username() }), async ({ input }) => {
    const pool = await requirePool(ctx, input.UserPoolId);
    const user = await requireUser(ctx, pool, input.Username);
    await signOutEverywhere(ctx, user);
  });
}
