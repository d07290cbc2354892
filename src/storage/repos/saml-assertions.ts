/**
 * The SAML replay cache (migration 18): an assertion ID is accepted once per pool and identity
 * provider until it expires. Accepting is one statement: an INSERT that does nothing when a live
 * row holds the ID (and takes over a row whose time is past), so of two concurrent presentations
 * of one response exactly one is accepted. Each acceptance also deletes a bounded number of
 * expired rows, so the table keeps to the assertions still live.
 */
import { purgeBatch } from "../purge.js";
import type { SqlDriver } from "../driver.js";

/** Expired rows one acceptance deletes at most. */
export const SAML_ASSERTIONS_PURGED_PER_CALL = 100;

/**
 * The SAML assertion repository.
 *
 * @example
 * ```ts
 * const assertions = samlAssertionRepository(driver);
 * await assertions.accept(poolId, "Okta", "_a1b2", acceptableUntil, Date.now()); // true, then false
 * ```
 */
export function samlAssertionRepository(driver: SqlDriver) {
  return {
    /**
     * Records the assertion ID as used until `expiresAt`: `true` when this call is its first
     * acceptance, `false` when a live record of it exists (a replay). `false` too when the pool
     * does not exist.
     */
    async accept(
      poolId: string,
      providerName: string,
      assertionId: string,
      expiresAt: number,
      now: number,
    ): Promise<boolean> {
      const [, inserted] = await driver.batch([
        {
          sql: `DELETE FROM saml_assertions WHERE (pool_id, provider_name, assertion_id) IN (
                  SELECT pool_id, provider_name, assertion_id FROM saml_assertions WHERE expires_at <= ? LIMIT ${SAML_ASSERTIONS_PURGED_PER_CALL}
                )`,
          params: [now],
        },
        {
          sql: `INSERT INTO saml_assertions (pool_id, provider_name, assertion_id, expires_at)
                SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM user_pools WHERE id = ?)
                ON CONFLICT (pool_id, provider_name, assertion_id)
                DO UPDATE SET expires_at = excluded.expires_at WHERE saml_assertions.expires_at <= ?`,
          params: [poolId, providerName, assertionId, expiresAt, poolId, now],
        },
      ]);
      return (inserted?.changes ?? 0) === 1;
    },

    /** Whether a live record of the assertion ID exists at `now`. */
    async seen(poolId: string, providerName: string, assertionId: string, now: number): Promise<boolean> {
      return (
        (await driver.first(
          "SELECT 1 AS one FROM saml_assertions WHERE pool_id = ? AND provider_name = ? AND assertion_id = ? AND expires_at > ?",
          [poolId, providerName, assertionId, now],
        )) !== null
      );
    },

    /** Deletes up to `limit` records that expired at or before `before`; returns how many. */
    async purgeExpired(before: number, limit: number): Promise<number> {
      const key = "pool_id, provider_name, assertion_id";
      return await purgeBatch(driver, "saml_assertions", key, "expires_at <= ?", [before], limit);
    },

    /** How many records there are, live or not (for tests and the purge's bound). */
    async count(): Promise<number> {
      const row = await driver.first<{ n: number }>("SELECT COUNT(*) AS n FROM saml_assertions");
      return Number(row?.n ?? 0);
    },
  };
}

/** The SAML assertion repository's type. */
export type SamlAssertionRepository = ReturnType<typeof samlAssertionRepository>;
