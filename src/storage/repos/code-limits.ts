/**
 * The limits on one-time codes, per pool, name and purpose: how many attempts at a code in a
 * window, the lock the last of them sets, and how many codes are sent in a window. They outlive
 * the codes (a reissue or a revocation starts none of them over), and a name need not belong to
 * a user, so a client that hides user existence can count an unknown name's attempts and sends
 * exactly as a real user's.
 *
 * Each count is one statement (an upsert whose update is conditional), so concurrent requests
 * are serialized by the engine: of a burst, exactly as many pass as the limit allows.
 */
import { purgeBatch } from "../purge.js";
import type { SqlDriver } from "../driver.js";
import type { LockoutSchedule } from "./sign-in-attempts.js";
import { usernameKeys, type UsernameKeys } from "./username-keys.js";

/** The numbers of the limits (the user-pool rules choose them). */
export interface CodeLimits {
  /** Attempts at a code per window; the one that reaches this number locks the purpose. */
  attempts: number;
  /** The attempt window: it starts at the first attempt; attempts older than that are forgotten. */
  attemptWindowMs: number;
  /** How long the purpose stays locked after the last allowed attempt (even the right code is refused). */
  lockMs: number;
  /** Codes sent per window. */
  sends: number;
  /** The send window: it starts at the first send. */
  sendWindowMs: number;
}

/** The stored state of one name and purpose. */
export interface CodeLimitRecord {
  attempts: number;
  attemptWindowAt: number;
  lockedUntil: number;
  sends: number;
  sendWindowAt: number;
  touchedAt: number;
}

const KEY = "pool_id = ? AND name_key = ? AND purpose = ?";
const INSERT =
  "INSERT INTO code_limits (pool_id, name_key, purpose, attempts, attempt_window_at, locked_until, sends, send_window_at, touched_at)";

/**
 * The code-limit repository.
 *
 * @example
 * ```ts
 * const limits = codeLimitRepository(driver);
 * if (!(await limits.countSend(poolId, "alice", "forgot_password", now, CODE_LIMITS))) throw new LimitExceededException("Attempt limit exceeded, please try after some time.");
 * if (!(await limits.countAttempt(poolId, "alice", "forgot_password", now, CODE_LIMITS))) throw new LimitExceededException("Attempt limit exceeded, please try after some time.");
 * ```
 */
export function codeLimitRepository(driver: SqlDriver, keyOf: UsernameKeys = usernameKeys(driver)) {
  return {
    /**
     * Counts one attempt at a code BEFORE it is compared, in one statement: `false` (nothing
     * counted) while the purpose is locked; otherwise the attempt is counted in the window (a
     * window older than `attemptWindowMs` starts over at 1), and the attempt that reaches
     * `attempts` locks the purpose for `lockMs`, while still being allowed its own comparison.
     */
    async countAttempt(
      poolId: string,
      name: string,
      purpose: string,
      now: number,
      limits: CodeLimits,
    ): Promise<boolean> {
      const stale = now - limits.attemptWindowMs;
      const lockedUntil = now + limits.lockMs;
      const next = "CASE WHEN code_limits.attempt_window_at <= ? THEN 1 ELSE code_limits.attempts + 1 END";
      const row = await driver.first(
        `${INSERT} VALUES (?, ?, ?, 1, ?, ?, 0, 0, ?)
         ON CONFLICT (pool_id, name_key, purpose) DO UPDATE SET
           attempts = ${next},
           attempt_window_at = CASE WHEN code_limits.attempt_window_at <= ? THEN ? ELSE code_limits.attempt_window_at END,
           locked_until = CASE WHEN ${next} >= ? THEN ? ELSE 0 END,
           touched_at = ?
         WHERE code_limits.locked_until <= ?
         RETURNING attempts`,
        [
          poolId,
          await keyOf(poolId, name),
          purpose,
          now,
          limits.attempts <= 1 ? lockedUntil : 0,
          now,
          stale,
          stale,
          now,
          stale,
          limits.attempts,
          lockedUntil,
          now,
          now,
        ],
      );
      return row !== null;
    },

    /**
     * Takes one attempt for a name under a user's lockout `schedule` rather than a code's window,
     * BEFORE the secret is checked, in one statement: `false` (nothing counted) while the name is
     * locked; otherwise the attempt is counted as a failure at `now` (the count starts over at 1
     * when the last one is older than `resetAfterMs`), and the attempt that reaches
     * `freeAttempts` or more locks the name for the schedule's time from now. For secrets checked
     * where no user record holds a count yet (a legacy password through UserMigration): an
     * attempt that succeeds clears the count ({@link clearAttempts}). The columns hold the count
     * (`attempts`), the last attempt's time (`attempt_window_at`) and the lock's end.
     */
    async takeLockoutAttempt(
      poolId: string,
      name: string,
      purpose: string,
      now: number,
      schedule: LockoutSchedule,
    ): Promise<boolean> {
      // Numbers only are written into the statement (Number()), as the user's lockout does.
      const reset = Number(now - schedule.resetAfterMs);
      const free = Number(schedule.freeAttempts);
      const next = `CASE WHEN code_limits.attempt_window_at > ${reset} THEN code_limits.attempts + 1 ELSE 1 END`;
      const lockFor = (count: string) =>
        `CASE WHEN ${count} < ${free} THEN 0 ELSE ? + CASE ${count} ${schedule.lockMs.map((ms, i) => `WHEN ${free + i} THEN ${Number(ms)}`).join(" ")} ELSE ${Number(schedule.lockMs.at(-1) ?? 0)} END END`;
      const row = await driver.first(
        `${INSERT} VALUES (?, ?, ?, 1, ?, ${lockFor("1")}, 0, 0, ?)
         ON CONFLICT (pool_id, name_key, purpose) DO UPDATE SET
           attempts = ${next},
           attempt_window_at = ?,
           locked_until = ${lockFor(`(${next})`)},
           touched_at = ?
         WHERE code_limits.locked_until <= ?
         RETURNING attempts`,
        [poolId, await keyOf(poolId, name), purpose, now, now, now, now, now, now, now],
      );
      return row !== null;
    },

    /**
     * Gives back the attempt {@link takeLockoutAttempt} took at `takenAt`, for a secret that was
     * right, in one statement: the count goes down by one and a lock that take started is lifted
     * (the name was not locked when it was taken). Nothing when another attempt was taken since:
     * that one's count and lock stand.
     */
    async returnLockoutAttempt(
      poolId: string,
      name: string,
      purpose: string,
      takenAt: number,
    ): Promise<void> {
      await driver.run(
        `UPDATE code_limits SET attempts = attempts - 1, locked_until = 0 WHERE ${KEY} AND attempts > 0 AND attempt_window_at = ?`,
        [poolId, await keyOf(poolId, name), purpose, takenAt],
      );
    },

    /** Forgets the attempts and the lock (a right code was given), in one statement. */
    async clearAttempts(poolId: string, name: string, purpose: string): Promise<void> {
      await driver.run(
        `UPDATE code_limits SET attempts = 0, attempt_window_at = 0, locked_until = 0 WHERE ${KEY}`,
        [poolId, await keyOf(poolId, name), purpose],
      );
    },

    /**
     * Counts one code sent, in one statement: `false` (nothing counted) when `sends` were
     * already sent in the current window; a window older than `sendWindowMs` starts over at 1.
     */
    async countSend(
      poolId: string,
      name: string,
      purpose: string,
      now: number,
      limits: CodeLimits,
    ): Promise<boolean> {
      const stale = now - limits.sendWindowMs;
      const row = await driver.first(
        `${INSERT} VALUES (?, ?, ?, 0, 0, 0, 1, ?, ?)
         ON CONFLICT (pool_id, name_key, purpose) DO UPDATE SET
           sends = CASE WHEN code_limits.send_window_at <= ? THEN 1 ELSE code_limits.sends + 1 END,
           send_window_at = CASE WHEN code_limits.send_window_at <= ? THEN ? ELSE code_limits.send_window_at END,
           touched_at = ?
         WHERE code_limits.send_window_at <= ? OR code_limits.sends < ?
         RETURNING sends`,
        [poolId, await keyOf(poolId, name), purpose, now, now, stale, stale, now, now, stale, limits.sends],
      );
      return row !== null;
    },

    /**
     * Gives back one send counted by {@link countSend} in the current window, in one statement
     * (a budget taken before an outcome is known, whose outcome did not spend it). Nothing when
     * none is counted or the window has ended: a send of an earlier window is not taken off a
     * later one.
     */
    async returnSend(
      poolId: string,
      name: string,
      purpose: string,
      now: number,
      limits: CodeLimits,
    ): Promise<void> {
      await driver.run(
        `UPDATE code_limits SET sends = sends - 1 WHERE ${KEY} AND sends > 0 AND send_window_at > ?`,
        [poolId, await keyOf(poolId, name), purpose, now - limits.sendWindowMs],
      );
    },

    /** The state of a name and purpose, or `null` when nothing was counted. */
    async get(poolId: string, name: string, purpose: string): Promise<CodeLimitRecord | null> {
      const row = await driver.first(
        `SELECT attempts, attempt_window_at, locked_until, sends, send_window_at, touched_at FROM code_limits WHERE ${KEY}`,
        [poolId, await keyOf(poolId, name), purpose],
      );
      if (row === null) return null;
      return {
        attempts: Number(row.attempts),
        attemptWindowAt: Number(row.attempt_window_at),
        lockedUntil: Number(row.locked_until),
        sends: Number(row.sends),
        sendWindowAt: Number(row.send_window_at),
        touchedAt: Number(row.touched_at),
      };
    },

    /**
     * Deletes up to `limit` states untouched since `before` (a time at which every window and
     * lock they could hold has ended); returns how many. Bounds the rows that unknown names leave.
     */
    async purgeStale(before: number, limit: number): Promise<number> {
      return await purgeBatch(
        driver,
        "code_limits",
        "pool_id, name_key, purpose",
        "touched_at < ?",
        [before],
        limit,
      );
    },
  };
}

/** The code-limit repository's type. */
export type CodeLimitRepository = ReturnType<typeof codeLimitRepository>;
