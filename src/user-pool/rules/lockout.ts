/** A user's failed sign-in record: how many in a row, and when the last one was (epoch ms). */
export interface FailureRecord {
  failures: number;
  lastFailureAt: number;
}

const FREE_ATTEMPTS = 5;
const MAX_LOCKOUT_MS = 15 * 60 * 1000;
/** How long without a failure before the count starts over. */
export const RESET_AFTER_MS = 15 * 60 * 1000;

/**
 * Cognito's lockout: after 5 failed sign-ins in a row, the user is locked out for 2^(n-5)
 * seconds after the n-th failure (1 s, 2 s, 4 s, ...), up to about 15 minutes; the count starts
 * over after 15 minutes without a failure. Returns when the lockout ends (epoch ms), or
 * `undefined` when the user may try now.
 *
 * @example
 * ```ts
 * lockedUntil({ failures: 7, lastFailureAt: t }, t + 1000); // t + 4000
 * ```
 */
export function lockedUntil(record: FailureRecord | undefined, now: number): number | undefined {
  if (record === undefined || record.failures < FREE_ATTEMPTS) return undefined;
  if (now - record.lastFailureAt >= RESET_AFTER_MS) return undefined;
  const until =
    record.lastFailureAt + Math.min(MAX_LOCKOUT_MS, 1000 * 2 ** (record.failures - FREE_ATTEMPTS));
  return until > now ? until : undefined;
}

/** The record after one more failure at `now` (a stale record starts over). */
export function afterFailure(record: FailureRecord | undefined, now: number): FailureRecord {
  const fresh = record === undefined || now - record.lastFailureAt >= RESET_AFTER_MS;
  return { failures: fresh ? 1 : record.failures + 1, lastFailureAt: now };
}

/**
 * The lockout as the repository checks it in one statement: the locks after the 5th, 6th, ...
 * failure (1 s, 2 s, 4 s, ... up to 15 minutes), the same numbers as {@link lockedUntil}.
 */
export const LOCKOUT_SCHEDULE = {
  freeAttempts: FREE_ATTEMPTS,
  resetAfterMs: RESET_AFTER_MS,
  lockMs: Array.from({ length: 12 }, (_, i) => Math.min(MAX_LOCKOUT_MS, 1000 * 2 ** i)),
} as const;
