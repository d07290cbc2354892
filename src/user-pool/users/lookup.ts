/** The one resolution of a name a caller gives to a user of the pool. */
import { UserNotFoundException } from "../../protocol/json/index.js";
import type { PoolRecord, UserRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { ALIAS_NAMES, aliasAttributesOf, usernameAttributesOf } from "./identity.js";
import { MESSAGES } from "../messages.js";

/**
 * The user a caller names: by username, or in pools with username or alias attributes by the
 * email, phone number or preferred_username they sign in with. `null` when there is none.
 *
 * The one resolution of a name, for sign-in and every other operation (ForgotPassword,
 * ConfirmSignUp, AdminGetUser, ...), so no two of them can take one name for two users. Names
 * and aliases are one key space (storage/repos/sign-in-names.ts), so at most one user matches;
 * the fixed order (username, then email, phone_number, preferred_username) only matters for data
 * written before that held.
 */
export async function findUser(
  ctx: UserPoolContext,
  pool: PoolRecord,
  name: string,
): Promise<UserRecord | null> {
  const store = await ctx.store();
  const user = await store.users.get(pool.id, name);
  if (user !== null) return user;
  const signInWith = [...usernameAttributesOf(pool), ...aliasAttributesOf(pool)];
  for (const alias of ALIAS_NAMES.filter((kind) => signInWith.includes(kind))) {
    const holder = await store.users.getByAlias(pool.id, alias, name);
    if (holder !== null) return holder;
  }
  return null;
}

/**
 * {@link findUser}, or a thrown UserNotFoundException "User does not exist.".
 */
export async function requireUser(ctx: UserPoolContext, pool: PoolRecord, name: string): Promise<UserRecord> {
  const user = await findUser(ctx, pool, name);
  if (user === null) throw new UserNotFoundException(MESSAGES.userNotFound);
  return user;
}

/** A write that found the user gone (deleted meanwhile): UserNotFoundException. */
export function present(user: UserRecord | null): UserRecord {
  if (user === null) throw new UserNotFoundException(MESSAGES.userNotFound);
  return user;
}
