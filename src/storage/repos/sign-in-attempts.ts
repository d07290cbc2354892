/**
 * A user's failed sign-ins, the count the lockout reads (rules/lockout.ts): each change is one
 * statement, so that concurrent attempts each count. Part of the user repository.
 */
import type { SqlDriver } from "../driver.js";
import type { UsernameKeys } from "./username-keys.js";

/** Cognito's lockout as data, for the repository's one-statement check (see rules/lockout.ts). */
export interface LockoutSchedule {
  /** Failures in a row before the first lock. */
  freeAttempts: number;
  /** How long without a failure before the count starts over. */
  resetAfterMs: number;
  /** The lock after the `freeAttempts + i`-th failure is `lockMs[i]`; the last entry holds from there on. */
  lockMs: readonly number[];
}

/** The sign-in attempt methods of the user repository, over `driver`, users found by `keyOf`. */
export function signInAttempts(driver: SqlDriver, keyOf: UsernameKeys) {
  return {
    /**
     * Counts one failed sign-in, in one statement: the count goes up by one, or starts over at 1
     * when the last failure is older than `resetAfterMs`. Concurrent failures each count.
     * `null` when there is no such user.
     */
    async recordSignInFailure(
      poolId: string,
      username: string,
      now: number,
      resetAfterMs: number,
    ): Promise<{ failures: number; lastFailureAt: number } | null> {
      const row = await driver.first<{ failed_sign_ins: number; last_failed_sign_in_at: number }>(
        `UPDATE users SET failed_sign_ins = CASE WHEN last_failed_sign_in_at > ? THEN failed_sign_ins + 1 ELSE 1 END, last_failed_sign_in_at = ?
         WHERE pool_id = ? AND username_lower = ? RETURNING failed_sign_ins, last_failed_sign_in_at`,
        [now - resetAfterMs, now, poolId, await keyOf(poolId, username)],
      );
      return row === null
        ? null
        : { failures: Number(row.failed_sign_ins), lastFailureAt: Number(row.last_failed_sign_in_at) };
    },

    /**
     * Takes one sign-in attempt before a password or code is compared, in one statement: unless
     * the user is locked out by `schedule` (with the attempts in flight counted), the count goes
     * up by one (or starts over at 1 when the last failure is older than its reset), and `true`
     * is returned. So a burst of parallel guesses gets no more comparisons than the lockout
     * allows. A right answer gives its attempt back ({@link returnSignInAttempt}); a wrong one
     * stamps its time ({@link stampSignInFailure}). `false` when locked out, or no such user.
     */
    async takeSignInAttempt(
      poolId: string,
      username: string,
      now: number,
      schedule: LockoutSchedule,
    ): Promise<boolean> {
      const fresh = "COALESCE(last_failed_sign_in_at, 0) > ?";
      const lockMs = `CASE failed_sign_ins ${schedule.lockMs.map((ms, i) => `WHEN ${schedule.freeAttempts + i} THEN ${Number(ms)}`).join(" ")} ELSE ${Number(schedule.lockMs.at(-1) ?? 0)} END`;
      const reset = now - schedule.resetAfterMs;
      const row = await driver.first(
        // Once the count reaches the lockout, the take stamps its own time: the lock in a burst
        // runs from now, not from an older failure (which would let the count climb at once).
        `UPDATE users SET failed_sign_ins = CASE WHEN ${fresh} THEN failed_sign_ins + 1 ELSE 1 END,
           last_failed_sign_in_at = CASE WHEN ${fresh} AND failed_sign_ins + 1 < ? THEN last_failed_sign_in_at ELSE ? END
         WHERE pool_id = ? AND username_lower = ?
           AND NOT (${fresh} AND failed_sign_ins >= ? AND last_failed_sign_in_at + ${lockMs} > ?)
         RETURNING failed_sign_ins`,
        [
          reset,
          reset,
          schedule.freeAttempts,
          now,
          poolId,
          await keyOf(poolId, username),
          reset,
          schedule.freeAttempts,
          now,
        ],
      );
      return row !== null;
    },

    /**
     * Gives back an attempt {@link takeSignInAttempt} took at `takenAt`, for an answer that was
     * right; and when that take stamped its time (it reached the lockout), puts back the stamp it
     * replaced (`previous`, as read before the take), unless a failure has stamped another since:
     * a right answer neither counts nor starts a lock.
     */
    async returnSignInAttempt(
      poolId: string,
      username: string,
      takenAt?: number,
      previous?: number | null,
    ): Promise<void> {
      await driver.run(
        `UPDATE users SET failed_sign_ins = failed_sign_ins - 1,
           last_failed_sign_in_at = CASE WHEN last_failed_sign_in_at = ? THEN ? ELSE last_failed_sign_in_at END
         WHERE pool_id = ? AND username_lower = ? AND failed_sign_ins > 0`,
        [
          takenAt ?? null,
          takenAt === undefined ? null : (previous ?? null),
          poolId,
          await keyOf(poolId, username),
        ],
      );
    },

    /** Stamps a wrong answer's time on the attempt {@link takeSignInAttempt} counted: the lockout runs from it. */
    async stampSignInFailure(poolId: string, username: string, now: number): Promise<void> {
      await driver.run(
        "UPDATE users SET last_failed_sign_in_at = ? WHERE pool_id = ? AND username_lower = ?",
        [now, poolId, await keyOf(poolId, username)],
      );
    },

    /** Clears the failed sign-in count (after a successful sign-in). */
    async resetSignInFailures(poolId: string, username: string): Promise<void> {
      await driver.run(
        "UPDATE users SET failed_sign_ins = 0, last_failed_sign_in_at = NULL WHERE pool_id = ? AND username_lower = ? AND failed_sign_ins <> 0",
        [poolId, await keyOf(poolId, username)],
      );
    },
  };
}
