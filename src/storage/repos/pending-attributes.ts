/**
 * Pending attribute values: a user's new email or phone number that is not theirs until they
 * verify it (AttributesRequireVerificationBeforeUpdate). One per user and attribute; a newer
 * update replaces it, and deleting the user drops it.
 */
import type { SqlDriver } from "../driver.js";

/** A value waiting for verification. */
export interface PendingAttribute {
  name: string;
  value: string;
  createdAt: number;
}

/**
 * The pending-attribute repository.
 *
 * @example
 * ```ts
 * await pending.set(poolId, user.sub, "email", "new@example.com", now);   // UpdateUserAttributes
 * const waiting = await pending.get(poolId, user.sub, "email");           // VerifyUserAttribute
 * if (waiting !== null && await pending.take(poolId, user.sub, "email", waiting.value)) { ... }
 * ```
 */
export function pendingAttributeRepository(driver: SqlDriver) {
  return {
    /**
     * Sets the value waiting for verification, replacing an earlier one, in one statement.
     * `false` when the pool has no user with that `sub`.
     */
    async set(poolId: string, sub: string, name: string, value: string, now: number): Promise<boolean> {
      const result = await driver.run(
        `INSERT INTO pending_attributes (sub, pool_id, name, value, created_at) SELECT sub, pool_id, ?, ?, CAST(? AS BIGINT) FROM users WHERE sub = ? AND pool_id = ?
         ON CONFLICT (sub, name) DO UPDATE SET value = excluded.value, created_at = excluded.created_at`,
        [name, value, now, sub, poolId],
      );
      return result.changes > 0;
    },

    /** The value waiting for this attribute, or `null`. */
    async get(poolId: string, sub: string, name: string): Promise<PendingAttribute | null> {
      const row = await driver.first<{ name: string; value: string; created_at: number }>(
        "SELECT name, value, created_at FROM pending_attributes WHERE sub = ? AND pool_id = ? AND name = ?",
        [sub, poolId, name],
      );
      return row === null
        ? null
        : { name: String(row.name), value: String(row.value), createdAt: Number(row.created_at) };
    },

    /**
     * Removes the pending value if it is still `value`, in one statement: of two concurrent
     * takes, one gets `true`; a value replaced meanwhile is not taken.
     */
    async take(poolId: string, sub: string, name: string, value: string): Promise<boolean> {
      return (
        (
          await driver.run(
            "DELETE FROM pending_attributes WHERE sub = ? AND pool_id = ? AND name = ? AND value = ?",
            [sub, poolId, name, value],
          )
        ).changes > 0
      );
    },

    /** Drops the pending value of this attribute (the attribute was set or deleted otherwise). */
    async clear(poolId: string, sub: string, name: string): Promise<boolean> {
      return (
        (
          await driver.run("DELETE FROM pending_attributes WHERE sub = ? AND pool_id = ? AND name = ?", [
            sub,
            poolId,
            name,
          ])
        ).changes > 0
      );
    },
  };
}

/** The pending-attribute repository's type. */
export type PendingAttributeRepository = ReturnType<typeof pendingAttributeRepository>;
