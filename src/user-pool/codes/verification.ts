/** Where an attribute's verification code goes, and what typing it verifies. */
import { InvalidParameterException } from "../../protocol/json/index.js";
import type { PoolRecord, UserRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import type { Destination } from "./delivery.js";

/** Where a code for this value of the attribute goes. */
export function destinationOf(attribute: "email" | "phone_number", to: string): Destination {
  return attribute === "email" ? { attribute, to, medium: "EMAIL" } : { attribute, to, medium: "SMS" };
}

/** The attributes a code can verify. */
export const VERIFIABLE = ["email", "phone_number"] as const;

/**
 * Where a verification code for `attribute` goes, and what typing it verifies: the value waiting
 * for verification (AttributesRequireVerificationBeforeUpdate) when there is one, else the
 * current value. InvalidParameterException when there is neither, or it cannot be verified.
 */
export async function verificationOf(
  ctx: UserPoolContext,
  pool: PoolRecord,
  user: UserRecord,
  attribute: string,
): Promise<{ destination: Destination; pending?: string }> {
  if ((VERIFIABLE as readonly string[]).includes(attribute)) {
    const waiting = await (await ctx.store()).pendingAttributes.get(pool.id, user.sub, attribute);
    // The code must go to the new value: one sent to the old would verify an address nobody proved.
    if (waiting !== null)
      return {
        destination: destinationOf(attribute as "email" | "phone_number", waiting.value),
        pending: waiting.value,
      };
  }
  return { destination: verificationTarget(user, attribute) };
}

/**
 * Where a verification code for the current value of `attribute` goes, or
 * InvalidParameterException when the user has no such attribute or it cannot be verified.
 */
export function verificationTarget(user: UserRecord, attribute: string): Destination {
  if (!(VERIFIABLE as readonly string[]).includes(attribute))
    throw new InvalidParameterException(`Invalid attribute name for verification: ${attribute}`); // [?] words
  const to = user.attributes[attribute];
  if (to === undefined || to === "")
    throw new InvalidParameterException(`User does not have the attribute ${attribute}.`); // [?] words
  return attribute === "email"
    ? { attribute: "email", to, medium: "EMAIL" }
    : { attribute: "phone_number", to, medium: "SMS" };
}
