/**
 * An app client's ReadAttributes and WriteAttributes: which of a user's attributes the client may
 * see (GetUser, the ID token) and which it may set (SignUp, UpdateUserAttributes, the
 * NEW_PASSWORD_REQUIRED answer). A client without the list (or with an empty one) sees and sets
 * every attribute but the verification flags; `sub` is always seen.
 */
import { NotAuthorizedException } from "../protocol/json/index.js";
import type { ClientRecord } from "../storage/index.js";
import { MESSAGES } from "./messages.js";

const listOf = (
  client: ClientRecord | null,
  member: "ReadAttributes" | "WriteAttributes",
): string[] | undefined => {
  const list = client?.config[member];
  return Array.isArray(list) && list.length > 0 ? (list as string[]) : undefined;
};

/**
 * The verification flags: set by a code (ConfirmSignUp, VerifyUserAttribute) or by the admin
 * API, never by a client, whatever its WriteAttributes say.
 */
export const VERIFICATION_FLAGS: readonly string[] = ["email_verified", "phone_number_verified"];

/**
 * Refuses attributes outside the client's WriteAttributes, and the verification flags always.
 *
 * @throws {NotAuthorizedException} "A client attempted to write unauthorized attribute".
 */
export function checkWritable(client: ClientRecord | null, names: readonly string[]): void {
  const writable = listOf(client, "WriteAttributes");
  // A user who could set email_verified would verify an address without its code (Cognito
  // refuses the flags from every app client: amazon-cognito-identity-js's examples drop them).
  if (
    names.some((name) => VERIFICATION_FLAGS.includes(name)) ||
    (writable !== undefined && names.some((name) => !writable.includes(name)))
  ) {
    throw new NotAuthorizedException(MESSAGES.unauthorizedAttribute);
  }
}

/**
 * The attributes the client may read.
 *
 * @example
 * ```ts
 * readable(client, user.attributes); // { sub, email } for a client with ReadAttributes ["email"]
 * ```
 */
export function readable(
  client: ClientRecord | null,
  attributes: Readonly<Record<string, string>>,
): Record<string, string> {
  const list = listOf(client, "ReadAttributes");
  if (list === undefined) return { ...attributes };
  return Object.fromEntries(
    Object.entries(attributes).filter(([name]) => name === "sub" || list.includes(name)),
  );
}
