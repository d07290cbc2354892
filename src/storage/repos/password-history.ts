/**
 * Password history: a user's earlier SRP salts and verifiers, newest first, at most
 * {@link MAX_PASSWORD_HISTORY} per user.
 */
import { sql, type SqlDriver } from "../driver.js";

/** Cognito's largest PasswordHistorySize. */
export const MAX_PASSWORD_HISTORY = 24;

/** One earlier password. */
export interface PasswordHistoryEntry {
  salt: string;
  verifier: string;
  createdAt: number;
}

/**
 * The password-history repository.
 *
 * @example
 * ```ts
 * await history.add(poolId, sub, { salt: user.srpSalt, verifier: user.srpVerifier }, now);
 * const earlier = await history.recent(sub, 23);
 * ```
 */
export function passwordHistoryRepository(driver: SqlDriver) {
  return {
    /** Keeps a password the user is leaving, and forgets those past the largest history, in one batch. */
    async add(poolId: string, sub: string, entry: { salt: string; verifier: string }, now: number): Promise<void> {
      await driver.batch([
        sql("INSERT INTO password_history (sub, pool_id, srp_salt, srp_verifier, created_at) SELECT sub, pool_id, ?, ?, CAST(? AS BIGINT) FROM users WHERE sub = ? AND pool_id = ?", entry.salt, entry.verifier, now, sub, poolId),
        sql(
          `DELETE FROM password_history WHERE sub = ? AND created_at < (
             SELECT MIN(created_at) FROM (SELECT created_at FROM password_history WHERE sub = ? ORDER BY created_at DESC LIMIT ${MAX_PASSWORD_HISTORY}) AS kept)`,
          sub, sub,
        ),
      ]);
    },

    /** The user's `limit` most recent earlier passwords, newest first. */
    async recent(sub: string, limit: number): Promise<PasswordHistoryEntry[]> {
      if (limit <= 0) return [];
      const rows = await driver.all<{ srp_salt: string; srp_verifier: string; created_at: number }>(
        "SELECT srp_salt, srp_verifier, created_at FROM password_history WHERE sub = ? ORDER BY created_at DESC LIMIT ?",
        [sub, limit],
      );
      return rows.map((row) => ({ salt: String(row.srp_salt), verifier: String(row.srp_verifier), createdAt: Number(row.created_at) }));
    },
  };
}

/** The password-history repository's type. */
export type PasswordHistoryRepository = ReturnType<typeof passwordHistoryRepository>;
