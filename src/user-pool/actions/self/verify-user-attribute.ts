/**
 * VerifyUserAttribute (unsigned, AccessToken in the body): the code, used exactly once, marks the
 * email or phone number verified (and makes it a sign-in alias where the pool has one). When a new
 * value waits for verification (AttributesRequireVerificationBeforeUpdate), the code was sent to
 * it, and typing it makes that value the user's, verified.
 */
import { defineOperation, ExpiredCodeException, string, structure } from "../../../protocol/json/index.js";
import type { UserPoolContext } from "../../context.js";
import { claimed, writeWithAliases } from "../../users/aliases.js";
import { attributeName } from "../../users/shapes.js";
import { signedInUser } from "../../users/signed-in.js";
import { useCode } from "../../codes/use-code.js";
import { verificationOf } from "../../codes/verification.js";
import { verifyPurpose } from "../../codes/purposes.js";
import { accessToken } from "../../access-token.js";
import { MESSAGES } from "../../messages.js";

const Input = structure({
  AccessToken: accessToken(),
  AttributeName: attributeName(),
  Code: string({ required: true, min: 1, max: 2048, pattern: "[\\S]+", sensitive: true }),
});

/**
 * The operation.
 */
export function verifyUserAttribute(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input }) => {
    const { user, pool } = await signedInUser(ctx, input.AccessToken);
    const { destination, pending } = await verificationOf(ctx, pool, user, input.AttributeName);
    const name = destination.attribute;
    await useCode(ctx, pool.id, user.username, verifyPurpose(name), input.Code);
    const store = await ctx.store();
    // The value the code went to, taken once: one replaced meanwhile was not what the code proved.
    if (pending !== undefined && !(await store.pendingAttributes.take(pool.id, user.sub, name, pending))) {
      throw new ExpiredCodeException(MESSAGES.expiredCode);
    }
    const after = {
      ...user.attributes,
      ...(pending === undefined ? {} : { [name]: pending }),
      [`${name}_verified`]: "true",
    };
    try {
      await claimed(() =>
        writeWithAliases(ctx, pool, user, after, () =>
          store.users.setAttributes(pool.id, user.username, after, { now: ctx.now() }),
        ),
      );
    } catch (error) {
      // Refused (another user's alias): the new value waits again, for another try.
      if (pending !== undefined)
        await store.pendingAttributes.set(pool.id, user.sub, name, pending, ctx.now());
      throw error;
    }
  });
}
