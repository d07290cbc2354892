/**
 * GlobalSignOut (unsigned, AccessToken in the body): revokes every refresh token of the user and
 * every access token issued before now.
 */
import { defineOperation, structure } from "../../../protocol/json/index.js";
import type { UserPoolContext } from "../../context.js";
import { signOutEverywhere } from "../../users/sign-out.js";
import { accessToken, accessTokenUser } from "../../access-token.js";

/**
 * The operation.
 */
export function globalSignOut(ctx: UserPoolContext) {
  return defineOperation(structure({ AccessToken: accessToken() }), async ({ input }) => {
    const { user } = await accessTokenUser(ctx, input.AccessToken);
    await signOutEverywhere(ctx, user);
  });
}
