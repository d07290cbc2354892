/**
 * How a pool names its users: UsernameAttributes (sign in with an email or phone number; the
 * internal username is a UUID) and AliasAttributes (verified email or phone, or preferred_username,
 * sign in besides the username), and the name and attributes a new user gets.
 */
import {
  AliasExistsException,
  InvalidParameterException,
  UsernameExistsException,
} from "../../protocol/json/index.js";
import { AliasExistsError, UsernameExistsError, type PoolRecord } from "../../storage/index.js";
import { checkFormat, PHONE_NUMBER } from "./attribute-checks.js";
import { NAMED } from "../messages.js";

/** The attributes that can name a user besides the username, in the order names are resolved. */
export const ALIAS_NAMES = ["email", "phone_number", "preferred_username"] as const;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

const listOf = (value: unknown): string[] => (Array.isArray(value) ? (value as string[]) : []);

/** The pool's UsernameAttributes (`email`, `phone_number`), possibly none. */
export const usernameAttributesOf = (pool: PoolRecord): string[] => listOf(pool.config.UsernameAttributes);

/** The pool's AliasAttributes (`email`, `phone_number`, `preferred_username`), possibly none. */
export const aliasAttributesOf = (pool: PoolRecord): string[] => listOf(pool.config.AliasAttributes);

/**
 * The internal username and attributes of a new user. In a pool whose UsernameAttributes has
 * email or phone_number, `Username` must be one of those; it becomes that attribute and the
 * internal username is the `sub`, as in Cognito.
 *
 * @example
 * ```ts
 * newIdentity(emailPool, "Jane@example.com", {}, sub); // { username: sub, attributes: { email: "Jane@example.com" } }
 * ```
 */
export function newIdentity(
  pool: PoolRecord,
  given: string,
  attributes: Record<string, string>,
  sub: string,
): { username: string; attributes: Record<string, string> } {
  const kinds = usernameAttributesOf(pool);
  if (kinds.length === 0) {
    checkNotAliasShaped(pool, given);
    return { username: given, attributes };
  }
  if (kinds.includes("email") && EMAIL.test(given)) {
    checkFormat("email", given);
    return { username: sub, attributes: { ...attributes, email: given } };
  }
  if (kinds.includes("phone_number") && PHONE_NUMBER.test(given))
    return { username: sub, attributes: { ...attributes, phone_number: given } };
  const wanted =
    kinds.length === 2
      ? "either an email or a phone number"
      : kinds[0] === "email"
        ? "an email"
        : "a phone number";
  throw new InvalidParameterException(`Username should be ${wanted}.`);
}

/**
 * Refuses, in a pool where email (or phone_number) is an alias, a username shaped like one, as
 * Cognito does: such a name would shadow, or be shadowed by, a user's verified alias. The shape
 * is judged on the NFKC form, the form names are compared in, so a full-width `＠` or `＋` is no
 * way around it.
 *
 * @example
 * ```ts
 * checkNotAliasShaped(emailAliasPool, "bob@example.com"); // throws InvalidParameterException
 * ```
 */
export function checkNotAliasShaped(pool: PoolRecord, given: string): void {
  const aliases = aliasAttributesOf(pool);
  const normal = given.normalize("NFKC");
  if (aliases.includes("email") && EMAIL.test(normal))
    throw new InvalidParameterException(
      "Username cannot be of email format, since user pool is configured for email alias.",
    );
  if (aliases.includes("phone_number") && PHONE_NUMBER.test(normal)) {
    throw new InvalidParameterException(
      "Username cannot be of phone number format, since user pool is configured for phone number alias.",
    ); // [?] words
  }
}

/**
 * Creates a user, answering a taken username (or, in pools that sign in with an email or phone
 * number, a taken one of those) as UsernameExistsException in the operation's words.
 */
export async function creating<T>(pool: PoolRecord, message: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UsernameExistsError) throw new UsernameExistsException(message, { cause: error });
    if (error instanceof AliasExistsError && usernameAttributesOf(pool).includes(error.alias)) {
      throw new UsernameExistsException(NAMED.aliasExists(error.alias), {
        cause: error,
      });
    }
    if (error instanceof AliasExistsError)
      throw new AliasExistsException(NAMED.aliasExists(error.alias), {
        cause: error,
      });
    throw error;
  }
}
