/**
 * What a change of attributes does, whoever asks for it: the checks every writer's change goes
 * through, and what becomes of a changed email or phone number's verification.
 */
import type { ClientRecord, PoolRecord } from "../../../storage/index.js";
import { checkWritable } from "../../client-attributes.js";
import { checkAttributes } from "./identity.js";

/**
 * Checks a change a user asks for through an app client (UpdateUserAttributes, the
 * NEW_PASSWORD_REQUIRED answer): the client's WriteAttributes and never a verification flag
 * (NotAuthorizedException), then the schema, `sub`, `cognito:*` and mutability
 * (InvalidParameterException). Nothing is written before it passes.
 *
 * @example
 * ```ts
 * checkUserChange(pool, client, { email_verified: "true" }); // throws NotAuthorizedException
 * ```
 */
export function checkUserChange(pool: PoolRecord, client: ClientRecord | null, changes: Record<string, string>): void {
  checkWritable(client, Object.keys(changes));
  checkAttributes(pool, changes, false);
}

/**
 * The attributes after an update: a changed email or phone number stays verified only when the
 * update itself says so (which only the admin API may).
 *
 * @example
 * ```ts
 * updatedAttributes({ email: "a@x.io", email_verified: "true" }, { email: "b@x.io" }); // { email: "b@x.io", email_verified: "false" }
 * ```
 */
export function updatedAttributes(before: Record<string, string>, changes: Record<string, string>): Record<string, string> {
  const after = { ...before, ...changes };
  for (const name of ["email", "phone_number"]) {
    const verified = `${name}_verified`;
    if (name in changes && changes[name] !== before[name] && !(verified in changes) && verified in before) after[verified] = "false";
  }
  return after;
}
