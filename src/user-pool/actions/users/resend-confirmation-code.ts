/** ResendConfirmationCode (unsigned): a fresh sign-up code for an UNCONFIRMED user, replacing the last. */
import {
  defineOperation,
  InvalidParameterException,
  structure,
  UserNotFoundException,
} from "../../../protocol/json/index.js";
import { clientId } from "../../client-settings.js";
import type { PoolRecord } from "../../../storage/index.js";
import type { UserPoolContext } from "../../context.js";
import { CODE_TTL_MS } from "../../rules/codes.js";
import { appClient, secretHashShape } from "../../app-client.js";
import { deliveryDetails, sendSignUpCode, verificationDestination } from "../../codes/delivery.js";
import { countSend, simulatedSend } from "../../codes/limits.js";
import { simulatedDelivery } from "../../codes/simulated-delivery.js";
import { findUser } from "../../users/lookup.js";
import { clientMetadata, username } from "../../users/shapes.js";
import { hidesUsers } from "../../prevent-user-existence.js";
import { MESSAGES } from "../../messages.js";

// What an unknown name "gets" when the client hides users: the medium the pool verifies by (the
// phone first, as for a real user), else the error a real user gets in a pool that verifies nothing.
async function simulated(
  ctx: UserPoolContext,
  pool: PoolRecord,
  username: string,
): Promise<Record<string, string>> {
  const medium = verificationDestination(pool, { phone_number: "+10000000000", email: "x@x" })?.medium;
  if (medium === undefined) throw new InvalidParameterException(MESSAGES.autoVerificationOff);
  return simulatedDelivery(ctx, pool, username, medium);
}

/**
 * The operation.
 */
export function resendConfirmationCode(ctx: UserPoolContext) {
  return defineOperation(
    structure({
      ClientId: clientId(),
      SecretHash: secretHashShape(),
      Username: username(),
      ClientMetadata: clientMetadata(),
    }),
    async ({ input, request }) => {
      const { pool, client } = await appClient(ctx, input.ClientId, input.SecretHash, [input.Username]);
      const user = await findUser(ctx, pool, input.Username);
      const hide = hidesUsers(client);
      if (user === null && !hide) throw new UserNotFoundException(MESSAGES.usernameClientNotFound);
      if (user !== null && user.status !== "UNCONFIRMED" && !hide)
        throw new InvalidParameterException("User is already confirmed.");
      const destination = user === null ? undefined : verificationDestination(pool, user.attributes);
      // Hiding users, a user without an address to verify is answered as a name nobody holds, and
      // every send is counted, real or not: the limit tells no one apart either.
      if (user === null || (destination === undefined && hide)) {
        await simulatedSend(ctx, pool.id, user?.username ?? input.Username, "signup");
        return { CodeDeliveryDetails: await simulated(ctx, pool, input.Username) };
      }
      if (destination === undefined) throw new InvalidParameterException(MESSAGES.autoVerificationOff);
      // Hiding users, a confirmed user is answered as an unconfirmed one, with no code sent (safer than Cognito).
      if (user.status !== "UNCONFIRMED") {
        await countSend(ctx, pool.id, user.username, "signup");
        return { CodeDeliveryDetails: deliveryDetails(destination) };
      }
      // Hiding users, the answer waits for no delivery, as the simulated one does not.
      return {
        CodeDeliveryDetails: await sendSignUpCode(
          ctx,
          pool,
          user,
          destination,
          CODE_TTL_MS.signUp,
          undefined,
          {
            background: hide ? request.background : undefined,
            source: "ResendCode",
            call: {
              clientId: client.id,
              headers: request.headers,
              clientMetadata: input.ClientMetadata,
              background: request.background,
            },
          },
        ),
      };
    },
  );
}
