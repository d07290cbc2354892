/**
 * What a change of attributes does, whoever asks for it: the checks every writer's change goes
 * through, and what becomes of a changed email or phone number's verification.
 */
import { NotAuthorizedException } from "../../protocol/json/index.js";
import type { ClientRecord, PoolRecord } from "../../storage/index.js";
import { checkWritable } from "../client-attributes.js";
import { schemaAttributes, type SchemaAttribute } from "../schema-attributes.js";
import { checkAttributes } from "./attribute-checks.js";
import { MESSAGES } from "../messages.js";

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
export function checkUserChange(
  pool: PoolRecord,
  client: ClientRecord | null,
  changes: Record<string, string>,
): void {
  checkClientWrite(pool, client, Object.keys(changes));
  checkAttributes(pool, changes, false);
}

/**
 * What no app client writes, whatever it is: an attribute outside its WriteAttributes, a
 * verification flag, or a DeveloperOnlyAttribute of the schema (the admin API's alone).
 *
 * @throws {NotAuthorizedException} "A client attempted to write unauthorized attribute".
 * @example
 * ```ts
 * checkClientWrite(pool, client, Object.keys(given)); // SignUp
 * ```
 */
export function checkClientWrite(
  pool: PoolRecord,
  client: ClientRecord | null,
  names: readonly string[],
): void {
  checkWritable(client, names);
  const developerOnly = new Set(
    schemaAttributes(pool.config.Schema as SchemaAttribute[] | undefined)
      .filter((a) => a.DeveloperOnlyAttribute === true)
      .map((a) => a.Name),
  );
  if (names.some((name) => developerOnly.has(name)))
    throw new NotAuthorizedException(MESSAGES.unauthorizedAttribute);
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
export function updatedAttributes(
  before: Record<string, string>,
  changes: Record<string, string>,
): Record<string, string> {
  const after = { ...before, ...changes };
  for (const name of ["email", "phone_number"]) {
    const verified = `${name}_verified`;
    if (name in changes && changes[name] !== before[name] && !(verified in changes) && verified in before)
      after[verified] = "false";
  }
  return after;
}
