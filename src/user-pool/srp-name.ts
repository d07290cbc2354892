/**
 * The name a user's SRP verifier is computed over, which USER_ID_FOR_SRP shows. In a pool that
 * folds case it is the lower-cased username (in NFKC, as the pool keys names), so that the answer
 * to USER_SRP_AUTH does not depend on how the stored name is spelt: an unknown name, answered lower-cased as well, then looks the
 * same as a known one typed in any case (docs §6, PreventUserExistenceErrors).
 *
 * Verifiers made before this rule were computed over the stored spelling. They are told apart by
 * their salt: a salt stored as `00` followed by 16 random bytes (34 hex digits) marks the
 * lower-cased form. The leading zero byte changes nothing on the wire (clients see the salt's
 * integer value, `padHex(salt)`) nor in the math (x is computed from that integer too).
 */
import type { PoolRecord } from "../storage/index.js";
import { nameKey as storageKey } from "../storage/repos/username-keys.js";
import { bytesToHex, computeVerifier, SALT_BYTES, verifyPassword, type SrpVerifier } from "./srp/index.js";

const MARK = "00";

/** Whether the pool compares usernames case-insensitively (every pool not created CaseSensitive). */
export function foldsCase(pool: PoolRecord): boolean {
  return (
    (pool.config.UsernameConfiguration as { CaseSensitive?: unknown } | undefined)?.CaseSensitive !== true
  );
}

/** A name as the pool compares it (storage's key: NFKC, and lower-cased unless the pool is case-sensitive). */
export function nameKey(pool: PoolRecord, name: string): string {
  return storageKey(name, !foldsCase(pool));
}

/** The pool's name in SRP: the part of its id after the underscore, as clients compute it. */
export const srpPoolName = (poolId: string): string => poolId.slice(poolId.indexOf("_") + 1);

const marked = (salt: string): boolean =>
  salt.length === MARK.length + SALT_BYTES * 2 && salt.startsWith(MARK);

/**
 * The name `salt`'s verifier was computed over: the pool's key of the username for a marked
 * salt, the stored spelling for an older one. This is what USER_ID_FOR_SRP must say.
 *
 * @example
 * ```ts
 * srpName(pool, "Dora", user.srpSalt); // "dora" (a salt set since), or "Dora" (an older one)
 * ```
 */
export function srpName(pool: PoolRecord, username: string, salt: string): string {
  return marked(salt) ? nameKey(pool, username) : username;
}

/**
 * A fresh salt and verifier for `password`, in the marked form (computed over the pool's key of
 * the username).
 */
export async function userVerifier(
  pool: PoolRecord,
  username: string,
  password: string,
): Promise<SrpVerifier> {
  const salt = MARK + bytesToHex(crypto.getRandomValues(new Uint8Array(SALT_BYTES)));
  return computeVerifier(srpPoolName(pool.id), nameKey(pool, username), password, salt);
}

/**
 * Whether `password` matches a stored salt and verifier of the user `username` (either form).
 */
export function passwordMatches(
  pool: PoolRecord,
  username: string,
  stored: SrpVerifier,
  password: string,
): Promise<boolean> {
  return verifyPassword(stored, srpPoolName(pool.id), srpName(pool, username, stored.salt), password);
}

/**
 * Whether a stored salt's verifier is of the older form and its name differs from the pool's
 * key (a name with capitals in a pool that folds case): USER_ID_FOR_SRP then shows the stored
 * spelling, which tells the user apart from an unknown name. Such a verifier is remade at the
 * next sign-in that brings the password in clear.
 */
export function olderForm(pool: PoolRecord, username: string, salt: string): boolean {
  return srpName(pool, username, salt) !== nameKey(pool, username);
}
