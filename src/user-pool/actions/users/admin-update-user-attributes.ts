/**
 * AdminUpdateUserAttributes: sets attributes, keeps aliases in step (a changed email is no longer
 * verified unless the call says so), and refuses `sub`, unknown and immutable attributes. Where
 * the pool requires verification before update, a new value for a verified email or phone number
 * waits for its code unless the call marks it verified.
 */
import { defineOperation, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { applyAttributeUpdate } from "../../users/attribute-update.js";
import { checkAttributes } from "../../users/attribute-checks.js";
import { requireUser } from "../../users/lookup.js";
import { attributeList, attributeRecord, username } from "../../users/shapes.js";

const Input = structure({
  UserPoolId: userPoolId(),
  Username: username(),
  UserAttributes: attributeList({ required: true }),
});

/**
 * The operation.
 */
export function adminUpdateUserAttributes(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input }) => {
    const pool = await requirePool(ctx, input.UserPoolId);
    const user = await requireUser(ctx, pool, input.Username);
    const changes = attributeRecord(input.UserAttributes);
    checkAttributes(pool, changes, false);
    await applyAttributeUpdate(ctx, pool, user, changes, { sendCodes: false });
  });
}
