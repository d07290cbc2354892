/**
 * PreventUserExistenceErrors, asked in one place: an app client with it ENABLED hides which users
 * exist, so that an unknown name, a wrong password and (before the password is proven) a
 * disabled or unconfirmed user all read alike.
 */
import type { ClientRecord } from "../storage/index.js";

/**
 * Whether the client hides which users exist (PreventUserExistenceErrors ENABLED; LEGACY, the
 * default, does not).
 */
export function hidesUsers(client: Pick<ClientRecord, "config">): boolean {
  return client.config.PreventUserExistenceErrors === "ENABLED";
}
