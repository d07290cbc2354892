/**
 * AdminResetUserPassword: the user must reset their password (RESET_REQUIRED: sign-in answers
 * PasswordResetRequiredException) and gets a reset code, as ForgotPassword sends it.
 */
import { defineOperation, NotAuthorizedException, structure } from "../../../protocol/json/index.js";
import { MESSAGES } from "../../messages.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { userPoolId } from "../../pool-shapes.js";
import { CODE_TTL_MS, UNCOUNTED } from "../../rules/codes.js";
import { sendCode } from "../../codes/delivery.js";
import { present, requireUser } from "../../users/lookup.js";
import { username } from "../../users/shapes.js";
import { clientMetadata } from "../../users/shapes.js";
import { FORGOT_PASSWORD } from "../../codes/purposes.js";
import { requireRecoveryDestination } from "../../codes/recovery.js";

const Input = structure({ UserPoolId: userPoolId(), Username: username(), ClientMetadata: clientMetadata() });

/**
 * The operation.
 */
export function adminResetUserPassword(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input, request }) => {
    const pool = await requirePool(ctx, input.UserPoolId);
    const user = await requireUser(ctx, pool, input.Username);
    // [?] As ForgotPassword answers a federated user: its provider keeps its password.
    if (user.status === "EXTERNAL_PROVIDER") throw new NotAuthorizedException(MESSAGES.passwordCannotBeReset);
    const destination = requireRecoveryDestination(pool, user);
    await sendCode(ctx, pool, user, destination, FORGOT_PASSWORD, CODE_TTL_MS.forgotPassword, UNCOUNTED, {
      call: {
        headers: request.headers,
        clientMetadata: input.ClientMetadata,
        background: request.background,
      },
    });
    present(
      await (await ctx.store()).users.update(
        pool.id,
        user.username,
        { status: "RESET_REQUIRED" },
        { now: ctx.now() },
      ),
    );
  });
}
