/** DeleteUserAttributes (unsigned, AccessToken in the body): removes the signed-in user's attributes (and the aliases they gave); `sub` and required ones stay. */
import { defineOperation, list, structure } from "../../../protocol/json/index.js";
import type { UserPoolContext } from "../../context.js";
import { accessToken } from "../auth/get-user.js";
import { removeAttributes } from "../users/remove-attributes.js";
import { attributeName } from "../users/shapes.js";
import { signedInUser } from "./recovery.js";

const Input = structure({ AccessToken: accessToken(), UserAttributeNames: list(attributeName(), { required: true }) });

/**
 * The operation.
 *
 * @example
 * ```ts
 * const operations = { DeleteUserAttributes: deleteUserAttributes(ctx) };
 * ```
 */
export function deleteUserAttributes(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input }) => {
    const { user, pool } = await signedInUser(ctx, input.AccessToken);
    await removeAttributes(ctx, pool, user, input.UserAttributeNames);
  });
}
