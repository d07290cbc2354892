/**
 * AdminUpdateUserAttributes: sets attributes, keeps aliases in step (a changed email is no longer
 * verified unless the call says so), and refuses `sub`, unknown and immutable attributes.
 */
import { defineOperation, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { updatedAttributes } from "./attribute-changes.js";
import { checkAttributes, claimed, present, requireUser, syncAliases } from "./identity.js";
import { attributeList, attributeRecord, username } from "./shapes.js";

const Input = structure({ UserPoolId: userPoolId(), Username: username(), UserAttributes: attributeList({ required: true }) });

/**
 * The operation.
 *
 * @example
 * ```ts
 * const operations = { AdminUpdateUserAttributes: adminUpdateUserAttributes(ctx) };
 * ```
 */
export function adminUpdateUserAttributes(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input }) => {
    const pool = await requirePool(ctx, input.UserPoolId);
    const user = await requireUser(ctx, pool, input.Username);
    const changes = attributeRecord(input.UserAttributes);
    checkAttributes(pool, changes, false);
    const after = updatedAttributes(user.attributes, changes);
    await syncAliases(ctx, pool, user.sub, user.attributes, after);
    await claimed(async () => present(await (await ctx.store()).users.setAttributes(pool.id, user.username, after, { now: ctx.now() })));
  });
}
