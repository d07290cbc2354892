/** AdminGetUser: the user's attributes (sub included), status, enabled flag and dates. */
import { defineOperation, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { requireUser } from "../../users/lookup.js";
import { username } from "../../users/shapes.js";
import { attributeListOf } from "../../users/user-view.js";
import { mfaSettingsOf } from "../../mfa/preferences.js";

/**
 * The operation.
 */
export function adminGetUser(ctx: UserPoolContext) {
  return defineOperation(structure({ UserPoolId: userPoolId(), Username: username() }), async ({ input }) => {
    const pool = await requirePool(ctx, input.UserPoolId);
    const user = await requireUser(ctx, pool, input.Username);
    return {
      Username: user.username,
      UserAttributes: attributeListOf(user),
      UserCreateDate: new Date(user.createdAt),
      UserLastModifiedDate: new Date(user.updatedAt),
      Enabled: user.enabled,
      UserStatus: user.status,
      ...mfaSettingsOf(await (await ctx.store()).mfa.get(user.sub)),
    };
  });
}
