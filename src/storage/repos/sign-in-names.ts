/**
 * One key space per pool for the names a user signs in with: a username and the aliases of every
 * kind (email, phone_number, preferred_username) never share a key (repos/username-keys.ts)
 * across two users. Otherwise one name would sign in, reset or administer two users, and which
 * one would depend on the order a lookup tries them (a SignUp under another user's verified
 * email took that email's sign-in over). Cognito refuses an email- or phone-shaped username in
 * alias pools; this also covers preferred_username, and the Unicode spellings NFKC folds together.
 *
 * The guards are SQL conditions, put into the very statements that write a username or an alias,
 * so a check and its write are one step: of a sign-up and an alias claim of one name racing,
 * exactly one wins, on every engine (a batch is one serialized transaction).
 */
import type { SqlValue } from "../driver.js";

/** The kinds of alias; the same-kind uniqueness is the alias table's primary key. */
export const ALIAS_KINDS = ["email", "phone_number", "preferred_username"] as const;

/**
 * A condition that holds when no user of the pool but `sub` has this key as a username or as an
 * alias of a kind other than `name` (the same kind is left to the primary key, and to `steal`).
 *
 * @example
 * ```ts
 * const [free, params] = aliasKeyFree(poolId, "email", "alice@example.com", sub);
 * sql(`INSERT INTO user_aliases ... WHERE sub = ? AND ${free}`, ..., ...params);
 * ```
 */
export function aliasKeyFree(poolId: string, name: string, key: string, sub: string): [string, SqlValue[]] {
  const others = ALIAS_KINDS.filter((kind) => kind !== name);
  return [
    `NOT EXISTS (SELECT 1 FROM users WHERE pool_id = ? AND username_lower = ? AND sub <> ?)
     AND NOT EXISTS (SELECT 1 FROM user_aliases WHERE pool_id = ? AND name IN (${others.map(() => "?").join(", ")}) AND value = ? AND sub <> ?)`,
    [poolId, key, sub, poolId, ...others, key, sub],
  ];
}

/**
 * A condition that holds when no user of the pool has this key as an alias of any kind: a new
 * username must not be a name another user already signs in with.
 */
export function usernameKeyFree(poolId: string, key: string): [string, SqlValue[]] {
  return [
    `NOT EXISTS (SELECT 1 FROM user_aliases WHERE pool_id = ? AND name IN (${ALIAS_KINDS.map(() => "?").join(", ")}) AND value = ?)`,
    [poolId, ...ALIAS_KINDS, key],
  ];
}
