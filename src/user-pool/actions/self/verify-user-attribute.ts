/** VerifyUserAttribute (unsigned, AccessToken in the body): the code, used exactly once, marks the email or phone number verified (and makes it a sign-in alias where the pool has one). */
import { defineOperation, string, structure } from "../../../protocol/json/index.js";
import type { UserPoolContext } from "../../context.js";
import { accessToken } from "../auth/get-user.js";
import { claimed, present, syncAliases } from "../users/identity.js";
import { attributeName } from "../users/shapes.js";
import { signedInUser, useCode, verificationTarget, verifyPurpose } from "./recovery.js";

const Input = structure({ AccessToken: accessToken(), AttributeName: attributeName(), Code: string({ required: true, min: 1, max: 2048, pattern: "[\\S]+", sensitive: true }) });

/**
 * The operation.
 *
 * @example
 * ```ts
 * const operations = { VerifyUserAttribute: verifyUserAttribute(ctx) };
 * ```
 */
export function verifyUserAttribute(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input }) => {
    const { user, pool } = await signedInUser(ctx, input.AccessToken);
    const name = verificationTarget(user, input.AttributeName).attribute;
    await useCode(ctx, pool.id, user.username, verifyPurpose(name), input.Code);
    const after = { ...user.attributes, [`${name}_verified`]: "true" };
    await syncAliases(ctx, pool, user.sub, user.attributes, after);
    const store = await ctx.store();
    await claimed(async () => present(await store.users.setAttributes(pool.id, user.username, after, { now: ctx.now() })));
  });
}
