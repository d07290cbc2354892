/**
 * The one shape of a retention purge: delete at most `limit` rows of a table that match, chosen by
 * primary key in a subquery, since neither SQLite nor PostgreSQL takes `DELETE ... LIMIT`. A purge
 * is bounded so that a backlog is worked off in small transactions, none of which holds the
 * database (or, on Node, the event loop) for long.
 */
import type { SqlDriver, SqlValue } from "./driver.js";

/**
 * Deletes up to `limit` rows of `table` matching `where`, keyed by `key` (one column or several,
 * comma-separated); returns how many. Several conditions (each with `params`) are purged one
 * after the other within the one limit: each uses its own index, where an OR of them would scan
 * the table.
 *
 * @example
 * ```ts
 * await purgeBatch(driver, "codes", "pool_id, username_lower, purpose", ["expires_at <= ?", "consumed_at <= ?"], [before], 500);
 * ```
 */
export async function purgeBatch(
  driver: SqlDriver,
  table: string,
  key: string,
  where: string | readonly string[],
  params: readonly SqlValue[],
  limit: number,
): Promise<number> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError("a purge's limit is a positive integer");
  let deleted = 0;
  for (const condition of typeof where === "string" ? [where] : where) {
    if (deleted === limit) break;
    deleted += (
      await driver.run(
        `DELETE FROM ${table} WHERE (${key}) IN (SELECT ${key} FROM ${table} WHERE ${condition} LIMIT ?)`,
        [...params, limit - deleted],
      )
    ).changes;
  }
  return deleted;
}
