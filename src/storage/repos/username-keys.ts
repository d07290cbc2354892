/**
 * How a pool compares usernames and alias values (email, phone_number, preferred_username): by
 * the key stored in `username_lower` and `user_aliases.value`. A pool created with
 * `UsernameConfiguration: { CaseSensitive: true }` keys them as given; every other pool
 * lower-cases them. The setting is fixed at creation, so it is read once per pool and kept.
 */
import type { SqlDriver } from "../driver.js";
import { parseObject } from "./rows.js";

/** A pool's key for a username or alias value. */
export type UsernameKeys = (poolId: string, name: string) => string | Promise<string>;

const MAX_POOLS = 10_000;

/**
 * The keys of the pools in this database.
 *
 * @example
 * ```ts
 * const keyOf = usernameKeys(driver);
 * await keyOf("us-east-1_AbC123", "Alice"); // "alice", or "Alice" in a case-sensitive pool
 * ```
 */
export function usernameKeys(driver: SqlDriver): UsernameKeys {
  const sensitive = new Map<string, boolean>();
  return (poolId, name) => {
    const known = sensitive.get(poolId);
    if (known !== undefined) return known ? name : name.toLowerCase();
    return driver.first<{ config: string }>("SELECT config FROM user_pools WHERE id = ?", [poolId]).then((row) => {
      // No such pool: nothing will match either way, and a pool created later must not be cached as insensitive.
      if (row === null) return name.toLowerCase();
      const config = parseObject<{ UsernameConfiguration?: { CaseSensitive?: unknown } }>(row.config);
      const isSensitive = config.UsernameConfiguration?.CaseSensitive === true;
      if (sensitive.size >= MAX_POOLS) sensitive.clear();
      sensitive.set(poolId, isSensitive);
      return isSensitive ? name : name.toLowerCase();
    });
  };
}
