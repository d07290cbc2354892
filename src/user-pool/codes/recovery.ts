/**
 * Where a password-reset code goes (the pool's AccountRecoverySetting), and what a name that
 * must not be revealed gets instead: a simulated delivery.
 */
import { InvalidParameterException } from "../../protocol/json/index.js";
import type { PoolRecord, UserRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { deliveryDetails, type Destination } from "./delivery.js";
import { simulatedDelivery } from "./simulated-delivery.js";

/** The message of a reset asked for a user without a verified channel. */
export const NO_RECOVERY_CHANNEL =
  "Cannot reset password for the user as there is no registered/verified email or phone_number";

// DescribeUserPool's default when the pool has none: the verified email first, then the phone.
const DEFAULT_MECHANISMS = [
  { Priority: 1, Name: "verified_email" },
  { Priority: 2, Name: "verified_phone_number" },
];

/** The pool's recovery mechanisms, by priority. */
function mechanisms(pool: PoolRecord): string[] {
  const setting = pool.config.AccountRecoverySetting as
    | { RecoveryMechanisms?: { Priority?: number; Name?: string }[] }
    | undefined;
  const list = Array.isArray(setting?.RecoveryMechanisms) ? setting.RecoveryMechanisms : DEFAULT_MECHANISMS;
  return [...list].sort((a, b) => (a.Priority ?? 0) - (b.Priority ?? 0)).map((m) => String(m.Name));
}

/**
 * Where a password-reset code for these attributes goes: the first verified channel in the
 * pool's AccountRecoverySetting; `undefined` when there is none.
 *
 * @example
 * ```ts
 * recoveryDestination(pool, { email: "a@x.io", email_verified: "true" }); // { attribute: "email", to: "a@x.io", medium: "EMAIL" }
 * ```
 */
export function recoveryDestination(
  pool: PoolRecord,
  attributes: Record<string, string>,
): Destination | undefined {
  for (const name of mechanisms(pool)) {
    if (name === "verified_email" && attributes.email && attributes.email_verified === "true")
      return { attribute: "email", to: attributes.email, medium: "EMAIL" };
    if (
      name === "verified_phone_number" &&
      attributes.phone_number &&
      attributes.phone_number_verified === "true"
    )
      return { attribute: "phone_number", to: attributes.phone_number, medium: "SMS" };
  }
  return undefined;
}

/** {@link recoveryDestination}, or InvalidParameterException in Cognito's words. */
export function requireRecoveryDestination(pool: PoolRecord, user: UserRecord): Destination {
  const destination = recoveryDestination(pool, user.attributes);
  if (destination === undefined) throw new InvalidParameterException(NO_RECOVERY_CHANNEL);
  return destination;
}

/**
 * What a name the client must not reveal "gets" from ForgotPassword (nobody's, or a user's who
 * gets no code): a delivery by the pool's first recovery channel, to the user's own address of
 * that kind if there is one (verified or not: ResendConfirmationCode shows it too, and the two
 * must agree), else to a simulated one; in a pool that recovers only through an administrator,
 * the error every user gets there. Nothing is sent.
 */
export async function simulatedRecovery(
  ctx: UserPoolContext,
  pool: PoolRecord,
  typed: string,
  user: UserRecord | null,
): Promise<Record<string, string>> {
  const first = mechanisms(pool).find(
    (name) => name === "verified_email" || name === "verified_phone_number",
  );
  if (first === undefined) throw new InvalidParameterException(NO_RECOVERY_CHANNEL);
  const attribute = first === "verified_email" ? "email" : "phone_number";
  const own = user?.attributes[attribute];
  if (own)
    return deliveryDetails(
      attribute === "email" ? { attribute, to: own, medium: "EMAIL" } : { attribute, to: own, medium: "SMS" },
    );
  return simulatedDelivery(ctx, pool, typed, attribute === "email" ? "EMAIL" : "SMS");
}
