/**
 * How a pool names its users: UsernameAttributes (sign in with an email or phone number; the
 * internal username is a UUID), AliasAttributes (verified email or phone, or preferred_username,
 * sign in besides the username), and the schema the attributes must fit.
 */
import {
  AliasExistsException,
  InvalidParameterException,
  UserNotFoundException,
  UsernameExistsException,
} from "../../protocol/json/index.js";
import {
  AliasExistsError,
  UsernameExistsError,
  type PoolRecord,
  type UserRecord,
} from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { schemaAttributes, type SchemaAttribute } from "../schema-attributes.js";

const ALIAS_NAMES = ["email", "phone_number", "preferred_username"] as const;
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const PHONE = /^\+[0-9]{4,17}$/;
// One address: no whitespace or control character (a CR/LF would inject mail headers), one @,
// nothing that separates or quotes addresses.
const ONE_ADDRESS = /^[^\s\p{Cc}@,;<>()"[\]\\]+@[^\s\p{Cc}@,;<>()"[\]\\]+$/u;

const listOf = (value: unknown): string[] => (Array.isArray(value) ? (value as string[]) : []);

/** The pool's UsernameAttributes (`email`, `phone_number`), possibly none. */
export const usernameAttributesOf = (pool: PoolRecord): string[] => listOf(pool.config.UsernameAttributes);

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
  if (kinds.includes("phone_number") && PHONE.test(given))
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
  const aliases = listOf(pool.config.AliasAttributes);
  const normal = given.normalize("NFKC");
  if (aliases.includes("email") && EMAIL.test(normal))
    throw new InvalidParameterException(
      "Username cannot be of email format, since user pool is configured for email alias.",
    );
  if (aliases.includes("phone_number") && PHONE.test(normal)) {
    throw new InvalidParameterException(
      "Username cannot be of phone number format, since user pool is configured for phone number alias.",
    ); // [?] words
  }
}

/**
 * Checks attribute names and values against the pool's schema: known names only, `sub` and
 * `cognito:*` never written, required ones present when `creating`.
 *
 * @example
 * ```ts
 * checkAttributes(pool, { "custom:nope": "1" }, true); // throws InvalidParameterException
 * ```
 */
export function checkAttributes(
  pool: PoolRecord,
  attributes: Record<string, string>,
  creating: boolean,
): void {
  const schema = new Map(
    schemaAttributes(pool.config.Schema as SchemaAttribute[] | undefined).map((a) => [a.Name, a]),
  );
  for (const [name, value] of Object.entries(attributes)) {
    // `cognito:*` names are the tokens' own claims (groups, roles, username): never an attribute,
    // whatever a schema says.
    const attribute = name.startsWith("cognito:") ? undefined : schema.get(name);
    if (attribute === undefined)
      throw new InvalidParameterException(
        `Attributes did not conform to the schema: Type for attribute {${name}} could not be determined`,
      );
    if (name === "sub" || (!creating && attribute.Mutable === false))
      throw new InvalidParameterException(
        `Attributes did not conform to the schema: ${name}: Attribute cannot be updated. (changing an immutable attribute)`,
      ); // [?] words
    if (attribute.AttributeDataType === "Boolean" && value !== "true" && value !== "false")
      throw new InvalidParameterException(
        `Attributes did not conform to the schema: ${name}: Attribute value must be true or false`,
      ); // [?]
    checkFormat(name, value);
  }
  if (!creating) return;
  for (const attribute of schema.values()) {
    if (attribute.Required === true && attribute.Name !== "sub" && !(attribute.Name in attributes)) {
      throw new InvalidParameterException(
        `Attributes did not conform to the schema: ${attribute.Name}: The attribute ${attribute.Name} is required`,
      );
    }
  }
}

/**
 * Refuses an email that is not one address and a phone number that is not E.164 (`+` and
 * digits), as Cognito does; an empty value (which removes the attribute) passes.
 *
 * @example
 * ```ts
 * checkFormat("email", "a@x.io\r\nBcc: b@x.io"); // throws InvalidParameterException("Invalid email address format.")
 * ```
 */
export function checkFormat(name: string, value: string): void {
  if (value === "") return;
  if (name === "email" && !ONE_ADDRESS.test(value))
    throw new InvalidParameterException("Invalid email address format."); // [?] words as issue 19 gives them
  if (name === "phone_number" && !PHONE.test(value))
    throw new InvalidParameterException("Invalid phone number format."); // [?] words as issue 19 gives them
}

/** The aliases these attributes give the user: all login attributes, or the verified aliases. */
export function aliasesFor(pool: PoolRecord, attributes: Record<string, string>): Record<string, string> {
  const login = usernameAttributesOf(pool);
  const aliases = listOf(pool.config.AliasAttributes);
  const out: Record<string, string> = {};
  for (const name of ALIAS_NAMES) {
    const value = attributes[name];
    if (value === undefined || value === "") continue;
    const verified = name === "preferred_username" || attributes[`${name}_verified`] === "true";
    if (login.includes(name) || (aliases.includes(name) && verified)) out[name] = value;
  }
  return out;
}

/**
 * Moves the user's aliases from what `before` gave to what `after` gives, claiming new ones
 * first; another user's alias is AliasExistsException, and then the aliases this call already
 * claimed go back to what they were, so a refused write leaves no alias behind.
 */
export async function syncAliases(
  ctx: UserPoolContext,
  pool: PoolRecord,
  sub: string,
  before: Record<string, string>,
  after: Record<string, string>,
): Promise<void> {
  const store = await ctx.store();
  const [had, has] = [aliasesFor(pool, before), aliasesFor(pool, after)];
  const done: string[] = [];
  try {
    for (const name of ALIAS_NAMES) {
      if (has[name] !== undefined && has[name]!.toLowerCase() !== had[name]?.toLowerCase()) {
        await claimed(() => store.aliases.claim(pool.id, sub, name, has[name]!, { now: ctx.now() }));
        done.push(name);
      } else if (has[name] === undefined && had[name] !== undefined) {
        await store.aliases.release(pool.id, sub, name);
        done.push(name);
      }
    }
  } catch (error) {
    await restoreAliases(ctx, pool, sub, had, done);
    throw error;
  }
}

/** Puts these aliases of the user back to `had` (best effort: one taken meanwhile stays lost). */
async function restoreAliases(
  ctx: UserPoolContext,
  pool: PoolRecord,
  sub: string,
  had: Record<string, string>,
  names: readonly string[],
): Promise<void> {
  const store = await ctx.store();
  for (const name of names) {
    try {
      if (had[name] === undefined) await store.aliases.release(pool.id, sub, name);
      else await store.aliases.claim(pool.id, sub, name, had[name]!, { now: ctx.now() });
    } catch {
      // Another user took the old value in between: nothing to give back.
    }
  }
}

/**
 * Writes new attributes with their aliases: the aliases move first (so a taken one refuses the
 * write before anything is stored), then `write` runs; when it fails (the user changed or went
 * meanwhile), the aliases go back.
 *
 * @example
 * ```ts
 * const updated = await writeWithAliases(ctx, pool, user, after, () => store.users.setAttributes(pool.id, user.username, after, { now }));
 * ```
 */
export async function writeWithAliases(
  ctx: UserPoolContext,
  pool: PoolRecord,
  user: UserRecord,
  after: Record<string, string>,
  write: () => Promise<UserRecord | null>,
): Promise<UserRecord> {
  await syncAliases(ctx, pool, user.sub, user.attributes, after);
  try {
    return present(await write());
  } catch (error) {
    try {
      await syncAliases(ctx, pool, user.sub, after, user.attributes);
    } catch {
      // The old aliases were taken meanwhile; the write's own error is the one to report.
    }
    throw error;
  }
}

/** Runs a write that claims aliases, answering a taken one in Cognito's words. */
export async function claimed<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AliasExistsError)
      throw new AliasExistsException(`An account with the given ${error.alias} already exists.`, {
        cause: error,
      });
    throw error;
  }
}

/**
 * Creates a user, answering a taken username (or, in pools that sign in with an email or phone
 * number, a taken one of those) as UsernameExistsException in the operation's words.
 *
 * @example
 * ```ts
 * const user = await creating(pool, "User already exists", () => store.users.create(newUser, now));
 * ```
 */
export async function creating<T>(pool: PoolRecord, message: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UsernameExistsError) throw new UsernameExistsException(message, { cause: error });
    if (error instanceof AliasExistsError && usernameAttributesOf(pool).includes(error.alias)) {
      throw new UsernameExistsException(`An account with the given ${error.alias} already exists.`, {
        cause: error,
      });
    }
    if (error instanceof AliasExistsError)
      throw new AliasExistsException(`An account with the given ${error.alias} already exists.`, {
        cause: error,
      });
    throw error;
  }
}

/**
 * The user a caller names: by username, or in pools with username or alias attributes by the
 * email, phone number or preferred_username they sign in with. `null` when there is none.
 *
 * The one resolution of a name, for sign-in and every other operation (ForgotPassword,
 * ConfirmSignUp, AdminGetUser, ...), so no two of them can take one name for two users. Names
 * and aliases are one key space (storage/repos/sign-in-names.ts), so at most one user matches;
 * the fixed order (username, then email, phone_number, preferred_username) only matters for data
 * written before that held.
 *
 * @example
 * ```ts
 * const user = await findUser(ctx, pool, "alice@example.com");
 * ```
 */
export async function findUser(
  ctx: UserPoolContext,
  pool: PoolRecord,
  name: string,
): Promise<UserRecord | null> {
  const store = await ctx.store();
  const user = await store.users.get(pool.id, name);
  if (user !== null) return user;
  const signInWith = [...usernameAttributesOf(pool), ...listOf(pool.config.AliasAttributes)];
  for (const alias of ALIAS_NAMES.filter((kind) => signInWith.includes(kind))) {
    const holder = await store.users.getByAlias(pool.id, alias, name);
    if (holder !== null) return holder;
  }
  return null;
}

/**
 * {@link findUser}, or a thrown UserNotFoundException "User does not exist.".
 *
 * @example
 * ```ts
 * const user = await requireUser(ctx, pool, input.Username);
 * ```
 */
export async function requireUser(ctx: UserPoolContext, pool: PoolRecord, name: string): Promise<UserRecord> {
  const user = await findUser(ctx, pool, name);
  if (user === null) throw new UserNotFoundException("User does not exist.");
  return user;
}

/** A write that found the user gone (deleted meanwhile): UserNotFoundException. */
export function present(user: UserRecord | null): UserRecord {
  if (user === null) throw new UserNotFoundException("User does not exist.");
  return user;
}
