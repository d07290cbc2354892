/**
 * One-time codes (sign-up confirmation, password reset, attribute verification): one live code
 * per user and purpose, stored as a keyed hash, with an expiry and an attempt limit of its own;
 * `verify` also counts each attempt against the user's limits for the purpose (src/user-pool/codes/limits.ts),
 * which outlive the code.
 */
import { purgeBatch } from "../purge.js";
import { SqlConstraintError, type SqlDriver, type SqlRow } from "../driver.js";
import { codeLimitRepository, type CodeLimitRepository, type CodeLimits } from "./code-limits.js";
import { optionalNumber } from "./rows.js";
import { usernameKeys, type UsernameKeys } from "./username-keys.js";

/** A stored code (its hash only). `username` is the lower-cased username. */
export interface CodeRecord {
  poolId: string;
  username: string;
  purpose: string;
  createdAt: number;
  expiresAt: number;
  attempts: number;
  maxAttempts: number;
  consumedAt: number | null;
}

/** A code to issue. `purpose` is free text: "signup", "forgot_password", "verify:email", ... */
export interface NewCode {
  poolId: string;
  username: string;
  purpose: string;
  codeHash: string;
  expiresAt: number;
  maxAttempts: number;
}

/** What `verify` found: the code was right, wrong, dead (expired, used or never issued), or tried too often. */
export type CodeCheck =
  | { outcome: "ok"; code: CodeRecord }
  | { outcome: "mismatch"; attempts: number; maxAttempts: number }
  | { outcome: "expired" }
  | { outcome: "limit" };

const COLUMNS =
  "pool_id, username_lower, purpose, created_at, expires_at, attempts, max_attempts, consumed_at";
const KEY = "pool_id = ? AND username_lower = ? AND purpose = ?";

function toCode(row: SqlRow): CodeRecord {
  return {
    poolId: String(row.pool_id),
    username: String(row.username_lower),
    purpose: String(row.purpose),
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    attempts: Number(row.attempts),
    maxAttempts: Number(row.max_attempts),
    consumedAt: optionalNumber(row.consumed_at),
  };
}

/**
 * The code repository.
 *
 * @example
 * ```ts
 * const codes = codeRepository(driver);
 * await codes.issue({ poolId, username, purpose: "signup", codeHash: await sha256(code), expiresAt: now + CODE_TTL_MS.signUp, maxAttempts: 5 }, now);
 * const check = await codes.verify(poolId, username, "signup", await sha256(typed), Date.now(), CODE_LIMITS);
 * if (check.outcome === "ok") await users.update(poolId, username, { status: "CONFIRMED" }, { now, ifStatus: "UNCONFIRMED" });
 * ```
 */
export function codeRepository(
  driver: SqlDriver,
  keyOf: UsernameKeys = usernameKeys(driver),
  limits: CodeLimitRepository = codeLimitRepository(driver, keyOf),
) {
  const repo = {
    /**
     * Issues a code, replacing the user's previous one for this purpose (attempts start over),
     * in one statement. `false` when the pool has no such user.
     */
    async issue(code: NewCode, now: number): Promise<boolean> {
      try {
        await driver.run(
          `INSERT INTO codes (pool_id, username_lower, purpose, code_hash, created_at, expires_at, attempts, max_attempts, consumed_at)
           VALUES (?, ?, ?, ?, ?, ?, 0, ?, NULL)
           ON CONFLICT (pool_id, username_lower, purpose) DO UPDATE SET code_hash = excluded.code_hash, created_at = excluded.created_at,
             expires_at = excluded.expires_at, attempts = 0, max_attempts = excluded.max_attempts, consumed_at = NULL`,
          [
            code.poolId,
            await keyOf(code.poolId, code.username),
            code.purpose,
            code.codeHash,
            now,
            code.expiresAt,
            code.maxAttempts,
          ],
        );
        return true;
      } catch (error) {
        if (error instanceof SqlConstraintError && error.kind === "foreign_key") return false;
        throw error;
      }
    },

    /**
     * Uses the code, exactly once, in one statement: it succeeds only if the hash matches and
     * the code is unused, unexpired and under its attempt limit. Of two concurrent consumes of
     * one code, one gets the record and the other `null`. It counts no attempt: a code typed by
     * a user goes through `verify`.
     */
    async consume(
      poolId: string,
      username: string,
      purpose: string,
      codeHash: string,
      now: number,
    ): Promise<CodeRecord | null> {
      const row = await driver.first(
        `UPDATE codes SET consumed_at = ? WHERE ${KEY} AND code_hash = ? AND consumed_at IS NULL AND expires_at > ? AND attempts < max_attempts RETURNING ${COLUMNS}`,
        [now, poolId, await keyOf(poolId, username), purpose, codeHash, now],
      );
      return row === null ? null : toCode(row);
    },

    /**
     * Counts one wrong attempt against a live code, in one statement, never past its limit.
     * Returns the new count, or `null` when there is no live code below its limit.
     */
    async recordFailure(
      poolId: string,
      username: string,
      purpose: string,
      now: number,
    ): Promise<{ attempts: number; maxAttempts: number } | null> {
      const row = await driver.first<{ attempts: number; max_attempts: number }>(
        `UPDATE codes SET attempts = attempts + 1 WHERE ${KEY} AND consumed_at IS NULL AND expires_at > ? AND attempts < max_attempts RETURNING attempts, max_attempts`,
        [poolId, await keyOf(poolId, username), purpose, now],
      );
      return row === null ? null : { attempts: Number(row.attempts), maxAttempts: Number(row.max_attempts) };
    },

    /** The code's state, or `null` when none was issued. */
    async get(poolId: string, username: string, purpose: string): Promise<CodeRecord | null> {
      const row = await driver.first(`SELECT ${COLUMNS} FROM codes WHERE ${KEY}`, [
        poolId,
        await keyOf(poolId, username),
        purpose,
      ]);
      return row === null ? null : toCode(row);
    },

    /** Discards the user's code for this purpose. */
    async revoke(poolId: string, username: string, purpose: string): Promise<boolean> {
      return (
        (await driver.run(`DELETE FROM codes WHERE ${KEY}`, [poolId, await keyOf(poolId, username), purpose]))
          .changes > 0
      );
    },

    /**
     * Checks a code typed by the user. First the attempt is counted against the user's limits
     * for this purpose (which no reissue starts over): while they are locked, "limit", and the
     * code is not even compared. Then one statement counts the attempt on the code and compares
     * it together: a live code under its own limit takes one more attempt, and is used up if
     * the hash matches. Each count comes before (not after) the comparison, and each is one
     * statement the engine runs one at a time, so of a parallel burst only as many attempts as
     * the limits allow are ever compared, and of concurrent checks of one right code one is "ok".
     * A right code forgets the attempts.
     */
    async verify(
      poolId: string,
      username: string,
      purpose: string,
      codeHash: string,
      now: number,
      limitsOf: CodeLimits,
    ): Promise<CodeCheck> {
      // A dead code is refused without counting (no guess at it can succeed); this read only
      // spares the user an attempt, the counts below are what bound the guesses.
      const dead = await repo.deadCode(poolId, username, purpose, now);
      if (dead !== null) return dead;
      if (!(await limits.countAttempt(poolId, username, purpose, now, limitsOf))) return { outcome: "limit" };
      const row = await driver.first(
        `UPDATE codes SET attempts = attempts + 1, consumed_at = CASE WHEN code_hash = ? THEN ? ELSE NULL END
         WHERE ${KEY} AND consumed_at IS NULL AND expires_at > ? AND attempts < max_attempts RETURNING ${COLUMNS}`,
        [codeHash, now, poolId, await keyOf(poolId, username), purpose, now],
      );
      if (row !== null) {
        const code = toCode(row);
        if (code.consumedAt === null)
          return { outcome: "mismatch", attempts: code.attempts, maxAttempts: code.maxAttempts };
        await limits.clearAttempts(poolId, username, purpose);
        return { outcome: "ok", code };
      }
      return (await repo.deadCode(poolId, username, purpose, now)) ?? { outcome: "limit" };
    },

    /**
     * Why no attempt at this code can succeed: "limit" while the purpose is locked or the code
     * has used its attempts, "expired" when it is used, expired or was never issued; `null`
     * when it is live.
     */
    async deadCode(
      poolId: string,
      username: string,
      purpose: string,
      now: number,
    ): Promise<CodeCheck | null> {
      const state = await repo.get(poolId, username, purpose);
      const lock = await limits.get(poolId, username, purpose);
      if (lock !== null && lock.lockedUntil > now) return { outcome: "limit" };
      if (state === null || state.consumedAt !== null || state.expiresAt <= now)
        return { outcome: "expired" };
      return state.attempts >= state.maxAttempts ? { outcome: "limit" } : null;
    },

    /**
     * Deletes up to `limit` codes that expired or were used at or before `before`; returns how
     * many. A dead code and a missing one are refused alike ("expired"); a live code that has
     * used its attempts is kept until it expires, since it answers "limit" until then.
     */
    async purgeSpent(before: number, limit: number): Promise<number> {
      const due = ["expires_at <= ?", "consumed_at IS NOT NULL AND consumed_at <= ?"];
      return await purgeBatch(driver, "codes", "pool_id, username_lower, purpose", due, [before], limit);
    },
  };
  return repo;
}

/** The code repository's type. */
export type CodeRepository = ReturnType<typeof codeRepository>;
