/**
 * The bounds on UserMigration's password checks at sign-in: a name no user holds has no record
 * to count its failures on, and each call sends the typed password to the legacy store. The
 * failures are counted per name, folded as coarsely as a legacy store may fold it, and per pool.
 */
import type { CodeLimits } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { returnNameAttempt, takeNameAttempt } from "./limits.js";
import { USER_MIGRATION, USER_MIGRATION_POOL } from "./purposes.js";

/**
 * Failed migrations a pool takes in a minute, across all names. The per-name lockout alone is
 * multiplied by every identifier and spelling a legacy store maps to one account (its username,
 * email and phone; folds cognate does not know, such as an email's dots or `+tags`), so the pool
 * has a budget too: a legacy store is asked at most this often by guesses, whatever names they
 * use. 100 a minute lets a real migration wave through (a success takes none of it) while holding
 * an attacker to a rate far below credential stuffing. The cost: anyone can spend it, holding off
 * every first sign-in of a legacy user for the rest of the minute, as the per-name lockout holds
 * off one.
 */
const POOL_BUDGET: CodeLimits = {
  attempts: 0,
  attemptWindowMs: 0,
  lockMs: 0,
  sends: 100,
  sendWindowMs: 60_000,
};
// The budget's row in the code limits: one per pool, under its own purpose.
const POOL_ROW = "";

/**
 * The key a typed name's failures are counted under, as coarse as the legacy stores' own
 * comparisons: accents and other combining marks dropped, and the letters such collations take for
 * their base (`ø`, `ł`, `æ`...) mapped to it (MySQL's default `utf8mb4_0900_ai_ci`, SQL Server's
 * `_AI` collations: `ólga` = `ølga` = `olga`), control, invisible characters and all white space dropped
 * (PAD SPACE collations ignore trailing spaces), then NFKC and full case folding (lower, upper,
 * lower: `ß`, `SS` and `ẞ` become `ss`), whatever the pool's CaseSensitive says. The legacy store
 * compares names as cognate cannot know; the count may only be coarser than it, never finer.
 *
 * @example
 * ```ts
 * legacyNameKey("STRAẞE"); // "strasse"
 * legacyNameKey(" Ólga\u200b "); // "olga"
 * ```
 */
export function legacyNameKey(typed: string): string {
  return typed
    .normalize("NFKD")
    .replace(/[\p{M}\p{C}\p{Default_Ignorable_Code_Point}\s]/gu, "")
    .toLowerCase()
    .toUpperCase()
    .toLowerCase()
    .replace(/[øłđħŧıðþæœĸ]/gu, (letter) => BASE_LETTERS[letter] ?? letter)
    .normalize("NFKC");
}

// Letters NFKD leaves whole that accent-insensitive collations (MySQL's utf8mb4_0900_ai_ci, ICU's
// primary strength) compare as their base letters.
const BASE_LETTERS: Record<string, string> = {
  ø: "o",
  ł: "l",
  đ: "d",
  ħ: "h",
  ŧ: "t",
  ı: "i",
  ð: "d",
  þ: "th",
  æ: "ae",
  œ: "oe",
  ĸ: "k",
};

/**
 * Takes an attempt at a migration before the function is asked: one of the name's lockout
 * (codes/limits.ts `takeNameAttempt`; used up, "Password attempts exceeded", as for a locked-out
 * user), then one of the pool's budget. Answers when the name's attempt was taken, and whether
 * the function may be asked: not when the budget is spent, the name's attempt then counting as a
 * failed one, as a wrong password would. The attempt counts as a failure until
 * {@link migrationSucceeded} gives it back.
 */
export async function takeMigrationAttempt(
  ctx: UserPoolContext,
  poolId: string,
  typed: string,
): Promise<{ takenAt: number; ask: boolean }> {
  const takenAt = await takeLegacyNameAttempt(ctx, poolId, typed);
  const store = await ctx.store();
  const ask = await store.codeLimits.countSend(poolId, POOL_ROW, USER_MIGRATION_POOL, ctx.now(), POOL_BUDGET);
  return { takenAt, ask };
}

/**
 * A migration succeeded: the name's attempt, and the pool's, are given back. Only this attempt:
 * the key joins names a legacy store may keep apart (an attacker's `ólga` and a victim's `olga`),
 * so a success under one must not wipe the failures counted under another.
 */
export async function migrationSucceeded(
  ctx: UserPoolContext,
  poolId: string,
  typed: string,
  takenAt: number,
): Promise<void> {
  await returnLegacyNameAttempt(ctx, poolId, typed, takenAt);
  const store = await ctx.store();
  await store.codeLimits.returnSend(poolId, POOL_ROW, USER_MIGRATION_POOL, ctx.now(), POOL_BUDGET);
}

/**
 * Takes an attempt on a name's migration count ({@link legacyNameKey}), for a migration and for
 * any other password sign-in in a pool with a UserMigration trigger (a held user's, SRP's proofs):
 * a spelling the key joins to a held user's name, but that finds no user, counts there, and a held
 * user counting only on its own record would be told apart from a name nobody holds by which
 * answer locks first. Answers when it was taken.
 */
export async function takeLegacyNameAttempt(
  ctx: UserPoolContext,
  poolId: string,
  typed: string,
): Promise<number> {
  return takeNameAttempt(ctx, poolId, legacyNameKey(typed), USER_MIGRATION);
}

/**
 * A password was right (a held user's, or the legacy store's in a migration): the attempt its
 * sign-in took is given back, as the user's own is; never the name's whole count, which a
 * look-alike account could otherwise wipe.
 */
export async function returnLegacyNameAttempt(
  ctx: UserPoolContext,
  poolId: string,
  typed: string,
  takenAt: number,
): Promise<void> {
  await returnNameAttempt(ctx, poolId, legacyNameKey(typed), USER_MIGRATION, takenAt);
}

/** Whether a name's migration count is locked now (the SRP flow's InitiateAuth, which asks no legacy store). */
export async function migrationNameLocked(
  ctx: UserPoolContext,
  poolId: string,
  typed: string,
): Promise<boolean> {
  const record = await (await ctx.store()).codeLimits.get(poolId, legacyNameKey(typed), USER_MIGRATION);
  return record !== null && record.lockedUntil > ctx.now();
}
