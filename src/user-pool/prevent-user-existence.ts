/** The app client's PreventUserExistenceErrors setting, asked in one place. */
import type { ClientRecord } from "../storage/index.js";

/**
 * Whether the client hides which users exist (PreventUserExistenceErrors ENABLED): an unknown
 * user then gets the answer a known one would, instead of UserNotFoundException.
 */
export function hidesUsers(client: ClientRecord): boolean {
  return client.config.PreventUserExistenceErrors === "ENABLED";
}
