/** DeleteUser (unsigned, AccessToken in the body): the signed-in user deletes their account, and by cascade its aliases, codes, sessions and tokens. */
import { defineOperation, structure } from "../../../protocol/json/index.js";
import type { UserPoolContext } from "../../context.js";
import { signedInUser } from "../../users/signed-in.js";
import { accessToken } from "../../access-token.js";

/**
 * The operation.
 */
export function deleteUser(ctx: UserPoolContext) {
  return defineOperation(structure({ AccessToken: accessToken() }), async ({ input }) => {
    const { user } = await signedInUser(ctx, input.AccessToken);
    await (await ctx.store()).users.delete(user.poolId, user.username);
  });
}
