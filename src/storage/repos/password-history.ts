/**
 * Password history: a user's earlier SRP salts and verifiers, newest first, at most
 * {@link MAX_PASSWORD_HISTORY} per user. The verifiers are sealed as the user's own are
 * (repos/verifiers.ts, the same additional data): an entry moved to another user does not open.
 */
import { sql, type SqlDriver } from "../driver.js";
import { NO_SECRET_BOX, type SecretBox } from "./clients.js";
import {
  CLEAR_VERIFIER,
  openVerifier,
  sealClearVerifier,
  sealVerifier,
  userVerifierContext,
} from "./verifiers.js";

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
export function passwordHistoryRepository(driver: SqlDriver, box: SecretBox = NO_SECRET_BOX) {
  return {
    /** Keeps a password the user is leaving, and forgets those past the largest history, in one batch. */
    async add(
      poolId: string,
      sub: string,
      entry: { salt: string; verifier: string },
      now: number,
    ): Promise<void> {
      const verifier = await sealVerifier(box, userVerifierContext(poolId, sub), entry.verifier);
      await driver.batch([
        sql(
          "INSERT INTO password_history (sub, pool_id, srp_salt, srp_verifier, created_at) SELECT sub, pool_id, ?, ?, CAST(? AS BIGINT) FROM users WHERE sub = ? AND pool_id = ?",
          entry.salt,
          verifier,
          now,
          sub,
          poolId,
        ),
        sql(
          `DELETE FROM password_history WHERE sub = ? AND created_at < (
             SELECT MIN(created_at) FROM (SELECT created_at FROM password_history WHERE sub = ? ORDER BY created_at DESC LIMIT ${MAX_PASSWORD_HISTORY}) AS kept)`,
          sub,
          sub,
        ),
      ]);
    },

    /** The user's `limit` most recent earlier passwords, newest first. */
    async recent(sub: string, limit: number): Promise<PasswordHistoryEntry[]> {
      if (limit <= 0) return [];
      const rows = await driver.all<{
        pool_id: string;
        srp_salt: string;
        srp_verifier: string;
        created_at: number;
      }>(
        "SELECT pool_id, srp_salt, srp_verifier, created_at FROM password_history WHERE sub = ? ORDER BY created_at DESC LIMIT ?",
        [sub, limit],
      );
      return Promise.all(
        rows.map(async (row) => {
          const context = userVerifierContext(String(row.pool_id), sub);
          const verifier = (await openVerifier(box, context, String(row.srp_verifier)))!;
          await sealClearVerifier(
            driver,
            box,
            "password_history",
            "sub = ? AND srp_salt = ?",
            [sub, String(row.srp_salt)],
            context,
            String(row.srp_verifier),
          );
          return { salt: String(row.srp_salt), verifier, createdAt: Number(row.created_at) };
        }),
      );
    },

    /**
     * Seals every earlier verifier still stored in clear (by a version before verifiers were
     * sealed), each compare-and-set on its clear value; returns how many.
     */
    async sealClearVerifiers(): Promise<number> {
      if (box === NO_SECRET_BOX) return 0;
      const rows = await driver.all(
        `SELECT sub, pool_id, srp_salt, srp_verifier FROM password_history WHERE ${CLEAR_VERIFIER}`,
      );
      let sealed = 0;
      for (const row of rows) {
        const sub = String(row.sub);
        sealed += await sealClearVerifier(
          driver,
          box,
          "password_history",
          "sub = ? AND srp_salt = ?",
          [sub, String(row.srp_salt)],
          userVerifierContext(String(row.pool_id), sub),
          String(row.srp_verifier),
        );
      }
      return sealed;
    },
  };
}

/** The password-history repository's type. */
export type PasswordHistoryRepository = ReturnType<typeof passwordHistoryRepository>;
