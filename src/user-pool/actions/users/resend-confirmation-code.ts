/** ResendConfirmationCode (unsigned): a fresh sign-up code for an UNCONFIRMED user, replacing the last. */
import { defineOperation, InvalidParameterException, structure, UserNotFoundException } from "../../../protocol/json/index.js";
import { clientId } from "../../client-settings.js";
import type { PoolRecord } from "../../../storage/index.js";
import type { UserPoolContext } from "../../context.js";
import { CODE_TTL_MS } from "../../rules/codes.js";
import { appClient, secretHashShape } from "./app-client.js";
import { deliveryDetails, sendSignUpCode, verificationDestination } from "./delivery.js";
import { simulatedSend } from "./code-limits.js";
import { findUser } from "./identity.js";
import { username } from "./shapes.js";

// What an unknown user "gets" when the client hides user existence: a plausible, masked destination.
function simulated(pool: PoolRecord, username: string): Record<string, string> {
  const sms = verificationDestination(pool, { phone_number: "+10000000000" })?.medium === "SMS";
  if (sms) return deliveryDetails({ attribute: "phone_number", to: "+10000000000", medium: "SMS" });
  return deliveryDetails({ attribute: "email", to: username.includes("@") ? username : `${username}@${username}`, medium: "EMAIL" });
}

/**
 * The operation.
 *
 * @example
 * ```ts
 * const operations = { ResendConfirmationCode: resendConfirmationCode(ctx) };
 * ```
 */
export function resendConfirmationCode(ctx: UserPoolContext) {
  return defineOperation(structure({ ClientId: clientId(), SecretHash: secretHashShape(), Username: username() }), async ({ input }) => {
    const { pool, client } = await appClient(ctx, input.ClientId, input.SecretHash, [input.Username]);
    const user = await findUser(ctx, pool, input.Username);
    if (user === null && client.config.PreventUserExistenceErrors === "ENABLED") {
      await simulatedSend(ctx, pool.id, input.Username, "signup");
      return { CodeDeliveryDetails: simulated(pool, input.Username) };
    }
    if (user === null) throw new UserNotFoundException("Username/client id combination not found.");
    if (user.status !== "UNCONFIRMED") throw new InvalidParameterException("User is already confirmed.");
    const destination = verificationDestination(pool, user.attributes);
    if (destination === undefined) throw new InvalidParameterException("Auto verification not turned on.");
    return { CodeDeliveryDetails: await sendSignUpCode(ctx, pool, user, destination, CODE_TTL_MS.signUp) };
  });
}
