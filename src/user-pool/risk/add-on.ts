/** The threat-protection add-on, which the risk operations need switched on. */
import { errorClass } from "../../protocol/json/index.js";
import type { PoolRecord } from "../../storage/index.js";
import { securityMode } from "./config.js";

/** Cognito's error for a risk operation on a pool without the add-on. */
export const UserPoolAddOnNotEnabledException = errorClass("UserPoolAddOnNotEnabledException");

/**
 * Whether the pool keeps auth events: only with threat protection on (AUDIT or ENFORCED), as in
 * Cognito, where AdminListUserAuthEvents and the event feedback need it. Without it, sign-ins
 * still carry an `event_id`, which names no stored event.
 */
export function recordsAuthEvents(pool: PoolRecord): boolean {
  return securityMode(pool) !== "OFF";
}

/** Throws unless the pool's AdvancedSecurityMode is AUDIT or ENFORCED. */
export function requireAddOn(pool: PoolRecord): void {
  if (securityMode(pool) === "OFF")
    throw new UserPoolAddOnNotEnabledException(
      "Advanced security features are not enabled for this user pool.",
    ); // [?] words
}
