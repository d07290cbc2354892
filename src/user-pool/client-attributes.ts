/**
 * An app client's ReadAttributes and WriteAttributes: which of a user's attributes the client may
 * see (GetUser, the ID token) and which it may set (SignUp, UpdateUserAttributes). A client
 * without the list (or with an empty one) sees and sets every attribute; `sub` is always seen.
 */
import { NotAuthorizedException } from "../protocol/json/index.js";
import type { ClientRecord } from "../storage/index.js";

const listOf = (client: ClientRecord | null, member: "ReadAttributes" | "WriteAttributes"): string[] | undefined => {
  const list = client?.config[member];
  return Array.isArray(list) && list.length > 0 ? (list as string[]) : undefined;
};

/**
 * Refuses attributes outside the client's WriteAttributes.
 *
 * @throws {NotAuthorizedException} "A client attempted to write unauthorized attribute".
 * @example
 * ```ts
 * checkWritable(client, Object.keys(changes));
 * ```
 */
export function checkWritable(client: ClientRecord | null, names: readonly string[]): void {
  const writable = listOf(client, "WriteAttributes");
  if (writable !== undefined && names.some((name) => !writable.includes(name))) {
    throw new NotAuthorizedException("A client attempted to write unauthorized attribute");
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
export function readable(client: ClientRecord | null, attributes: Readonly<Record<string, string>>): Record<string, string> {
  const list = listOf(client, "ReadAttributes");
  if (list === undefined) return { ...attributes };
  return Object.fromEntries(Object.entries(attributes).filter(([name]) => name === "sub" || list.includes(name)));
}
