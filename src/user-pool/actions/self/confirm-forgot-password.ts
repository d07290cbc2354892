/**
 * ConfirmForgotPassword (unsigned): the reset code, used exactly once, sets a new password (a new
 * SRP salt and verifier) and makes the user CONFIRMED.
 */
import {
  defineOperation,
  ExpiredCodeException,
  NotAuthorizedException,
  string,
  structure,
  UserNotFoundException,
} from "../../../protocol/json/index.js";
import { clientId } from "../../client-settings.js";
import type { UserPoolContext } from "../../context.js";
import { appClient, secretHashShape } from "../../app-client.js";
import { findUser, present } from "../../users/lookup.js";
import { checkPassword, passwordChanges } from "../../users/passwords.js";
import { recordCompromised, screenPassword } from "../../risk/compromised.js";
import { password, username } from "../../users/shapes.js";
import { simulatedAttempt } from "../../codes/limits.js";
import { clientMetadata } from "../../users/shapes.js";
import { FORGOT_PASSWORD } from "../../codes/purposes.js";
import { useCode } from "../../codes/use-code.js";
import { checkPasswordHistory, rememberPassword } from "../../users/password-history.js";
import { hidesUsers } from "../../prevent-user-existence.js";
import { MESSAGES } from "../../messages.js";
import { postConfirmation } from "../../triggers/post-confirmation.js";

const Input = structure({
  ClientId: clientId(),
  SecretHash: secretHashShape(),
  Username: username(),
  ConfirmationCode: string({ required: true, min: 1, max: 2048, pattern: "[\\S]+", sensitive: true }),
  Password: password({ required: true }),
  ClientMetadata: clientMetadata(),
});

/**
 * The operation.
 */
export function confirmForgotPassword(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input, request }) => {
    const { pool, client } = await appClient(ctx, input.ClientId, input.SecretHash, [input.Username]);
    const hide = hidesUsers(client);
    const user = await findUser(ctx, pool, input.Username);
    if (user === null && !hide) throw new UserNotFoundException(MESSAGES.usernameClientNotFound);
    // [?] that this operation answers a disabled user so.
    if (user !== null && !user.enabled && !hide) throw new NotAuthorizedException(MESSAGES.userDisabled);
    // Checked before the code is used up: a code spent on a refused password would be lost. And,
    // hiding users, before a name nobody holds is refused: the policy's answer is the same for all.
    checkPassword(pool, input.Password);
    const { compromised } = await screenPassword(ctx, pool, {
      clientId: client.id,
      event: "PASSWORD_CHANGE",
      password: input.Password,
    });
    // Hiding users, a name nobody holds (or a disabled user's) is counted and answered as a wrong code.
    if (user === null || !user.enabled)
      return simulatedAttempt(ctx, pool.id, user?.username ?? input.Username, FORGOT_PASSWORD);
    await useCode(ctx, pool.id, user.username, FORGOT_PASSWORD, input.ConfirmationCode).catch(
      (error: unknown) => {
        // Hiding users, "no live code" is a counted mismatch as for a name nobody holds: else a
        // stranger learns who exists from anyone who never asked for a reset.
        if (hide && error instanceof ExpiredCodeException)
          return simulatedAttempt(ctx, pool.id, user.username, FORGOT_PASSWORD);
        throw error;
      },
    );
    if (compromised)
      await recordCompromised(ctx, pool.id, user.sub, "PASSWORD_CHANGE", { clientId: client.id });
    // Only after the code: before it, the answer would tell a stranger whether a password was the user's.
    await checkPasswordHistory(ctx, pool, user, input.Password);
    const store = await ctx.store();
    const changes = await passwordChanges(ctx, pool, user.username, input.Password, true);
    const updated = present(await store.users.update(pool.id, user.username, changes, { now: ctx.now() }));
    await rememberPassword(ctx, pool, user);
    await store.users.resetSignInFailures(pool.id, user.username);
    await postConfirmation(
      ctx,
      pool,
      "PostConfirmation_ConfirmForgotPassword",
      updated,
      { clientId: client.id, headers: request.headers },
      input.ClientMetadata,
    );
  });
}
