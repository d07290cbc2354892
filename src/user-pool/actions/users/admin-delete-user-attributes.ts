/**
 * AdminDeleteUserAttributes: removes attributes (and the aliases they gave), developer-only ones
 * and ones no app client writes included; `sub`, required and immutable ones stay.
 */
import { defineOperation, list, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { requireUser } from "../../users/lookup.js";
import { removeAttributes } from "../../users/attribute-removal.js";
import { attributeName, username } from "../../users/shapes.js";

const Input = structure({
  UserPoolId: userPoolId(),
  Username: username(),
  UserAttributeNames: list(attributeName(), { required: true }),
});

/**
 * The operation.
 */
export function adminDeleteUserAttributes(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input }) => {
    const pool = await requirePool(ctx, input.UserPoolId);
    await removeAttributes(ctx, pool, await requireUser(ctx, pool, input.Username), input.UserAttributeNames);
  });
}
