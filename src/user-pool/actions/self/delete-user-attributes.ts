/**
 * DeleteUserAttributes (unsigned, AccessToken in the body): removes the signed-in user's
 * attributes (and the aliases they gave) within what the token's app client may write: never one
 * outside its WriteAttributes, a verification flag or a DeveloperOnlyAttribute
 * (NotAuthorizedException), nor `sub`, a required or an immutable one (InvalidParameterException).
 */
import { defineOperation, list, structure } from "../../../protocol/json/index.js";
import type { UserPoolContext } from "../../context.js";
import { checkClientWrite } from "../../users/attribute-changes.js";
import { removeAttributes } from "../../users/attribute-removal.js";
import { attributeName } from "../../users/shapes.js";
import { signedInUser } from "../../users/signed-in.js";
import { accessToken } from "../../access-token.js";

const Input = structure({
  AccessToken: accessToken(),
  UserAttributeNames: list(attributeName(), { required: true }),
});

/**
 * The operation.
 */
export function deleteUserAttributes(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input }) => {
    const { user, pool, clientId } = await signedInUser(ctx, input.AccessToken);
    const client = clientId === undefined ? null : await (await ctx.store()).clients.get(pool.id, clientId);
    checkClientWrite(pool, client, input.UserAttributeNames);
    await removeAttributes(ctx, pool, user, input.UserAttributeNames);
  });
}
