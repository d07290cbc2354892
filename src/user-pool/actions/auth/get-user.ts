/**
 * GetUser (unsigned, AccessToken in the body): the signed-in user's username and the attributes
 * the token's client may read.
 */
import { defineOperation, structure } from "../../../protocol/json/index.js";
import { readable } from "../../client-attributes.js";
import { mfaSettingsOf } from "../../mfa/preferences.js";
import type { UserPoolContext } from "../../context.js";
import { accessToken, accessTokenUser } from "../../access-token.js";

/**
 * The operation.
 */
export function getUser(ctx: UserPoolContext) {
  return defineOperation(structure({ AccessToken: accessToken() }), async ({ input }) => {
    const { user, claims } = await accessTokenUser(ctx, input.AccessToken);
    const client =
      typeof claims.client_id === "string"
        ? await (await ctx.store()).clients.get(user.poolId, claims.client_id)
        : null;
    // The record's own sub, never a stored attribute of that name.
    const { sub: _stored, ...rest } = readable(client, user.attributes);
    const UserAttributes = [
      { Name: "sub", Value: user.sub },
      ...Object.entries(rest).map(([Name, Value]) => ({ Name, Value })),
    ];
    return {
      Username: user.username,
      UserAttributes,
      ...mfaSettingsOf(await (await ctx.store()).mfa.get(user.sub)),
    };
  });
}
