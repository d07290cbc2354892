/**
 * ForgotPassword (unsigned): a 1-hour reset code to the user's first verified channel in the
 * pool's AccountRecoverySetting; with PreventUserExistenceErrors ENABLED, an unknown user gets
 * a simulated CodeDeliveryDetails.
 */
import {
  defineOperation,
  NotAuthorizedException,
  structure,
  UserNotFoundException,
} from "../../../protocol/json/index.js";
import { clientId } from "../../client-settings.js";
import type { UserPoolContext } from "../../context.js";
import { CODE_TTL_MS } from "../../rules/codes.js";
import { appClient, secretHashShape } from "../../app-client.js";
import { simulatedSend } from "../../codes/limits.js";
import { sendCode } from "../../codes/delivery.js";
import { findUser } from "../../users/lookup.js";
import { username } from "../../users/shapes.js";
import { clientMetadata } from "../../users/shapes.js";
import { FORGOT_PASSWORD } from "../../codes/purposes.js";
import { recoveryDestination, requireRecoveryDestination, simulatedRecovery } from "../../codes/recovery.js";
import { hidesUsers } from "../../prevent-user-existence.js";
import { MESSAGES } from "../../messages.js";
import { welcomeMigrated } from "../../triggers/migration-welcome.js";
import { migrateUser } from "../../triggers/user-migration.js";

const Input = structure({
  ClientId: clientId(),
  SecretHash: secretHashShape(),
  Username: username(),
  ClientMetadata: clientMetadata(),
});

/**
 * The operation.
 */
export function forgotPassword(ctx: UserPoolContext) {
  return defineOperation(Input, async ({ input, request }) => {
    const { pool, client } = await appClient(ctx, input.ClientId, input.SecretHash, [input.Username]);
    const hide = hidesUsers(client);
    // A name no user holds asks the pool's UserMigration trigger first (UserMigration_ForgotPassword).
    let user = await findUser(ctx, pool, input.Username);
    if (user === null) {
      const migrated = await migrateUser(ctx, pool, {
        source: "UserMigration_ForgotPassword",
        typedName: input.Username,
        call: { clientId: client.id, headers: request.headers },
        validationData: null,
        clientMetadata: input.ClientMetadata,
      });
      if (migrated !== null) {
        welcomeMigrated(ctx, pool, migrated, {
          clientId: client.id,
          headers: request.headers,
          clientMetadata: input.ClientMetadata,
          background: request.background,
        });
        user = migrated.user;
      }
    }
    // Hiding users, a name that gets no code (nobody's, a disabled user's, a user's without a
    // verified channel) gets the same simulated delivery [doc], counted as a real send: none of
    // them is told apart, by the answer or by the limit.
    if (
      hide &&
      (user === null ||
        !user.enabled ||
        user.status === "EXTERNAL_PROVIDER" ||
        recoveryDestination(pool, user.attributes) === undefined)
    ) {
      await simulatedSend(ctx, pool.id, user?.username ?? input.Username, FORGOT_PASSWORD);
      return { CodeDeliveryDetails: await simulatedRecovery(ctx, pool, input.Username, user) };
    }
    if (user === null) throw new UserNotFoundException(MESSAGES.usernameClientNotFound);
    // [?] that this operation answers a disabled user so.
    if (!user.enabled) throw new NotAuthorizedException(MESSAGES.userDisabled);
    // A federated user has no password here: its provider keeps it [obs].
    if (user.status === "EXTERNAL_PROVIDER") throw new NotAuthorizedException(MESSAGES.passwordCannotBeReset);
    const destination = requireRecoveryDestination(pool, user);
    // Hiding users, the answer waits for no delivery, as the simulated one does not.
    return {
      CodeDeliveryDetails: await sendCode(
        ctx,
        pool,
        user,
        destination,
        FORGOT_PASSWORD,
        CODE_TTL_MS.forgotPassword,
        undefined,
        {
          background: hide ? request.background : undefined,
          call: {
            clientId: client.id,
            headers: request.headers,
            clientMetadata: input.ClientMetadata,
            background: request.background,
          },
        },
      ),
    };
  });
}
