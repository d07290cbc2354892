/**
 * The spent `state` values of the round trips to identity providers (migration 19). A state is
 * sealed and names its own expiry; all that storage adds is "only once".
 */
import { purgeBatch } from "../purge.js";
import { sql, type SqlDriver } from "../driver.js";

/**
 * The federation-state repository.
 *
 * @example
 * ```ts
 * const states = federationStateRepository(driver);
 * await states.spend(hash, poolId, createdAt + 5 * 60_000, Date.now()); // true the first time
 * await states.spend(hash, poolId, createdAt + 5 * 60_000, Date.now()); // false after
 * ```
 */
export function federationStateRepository(driver: SqlDriver) {
  return {
    /**
     * Spends a state, exactly once, in one batch: the spent states that have expired are dropped
     * (they could not pass the age check any more), then the hash is inserted unless present. Of
     * any number of concurrent calls for one hash, one gets `true`.
     */
    async spend(stateHash: string, poolId: string, expiresAt: number, now: number): Promise<boolean> {
      const [, inserted] = await driver.batch([
        sql("DELETE FROM federation_states WHERE expires_at <= ?", now),
        sql(
          `INSERT INTO federation_states (state_hash, pool_id, expires_at) VALUES (?, ?, CAST(? AS BIGINT))
           ON CONFLICT (state_hash) DO NOTHING RETURNING state_hash`,
          stateHash,
          poolId,
          expiresAt,
        ),
      ]);
      return (inserted?.rows.length ?? 0) === 1;
    },

    /** Deletes up to `limit` states that expired at or before `before`; returns how many. */
    async purgeExpired(before: number, limit: number): Promise<number> {
      return await purgeBatch(driver, "federation_states", "state_hash", "expires_at <= ?", [before], limit);
    },
  };
}

/** The federation-state repository's type. */
export type FederationStateRepository = ReturnType<typeof federationStateRepository>;
