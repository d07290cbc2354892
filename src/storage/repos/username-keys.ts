/**
 * How a pool compares usernames and alias values (email, phone_number, preferred_username): by
 * the key stored in `username_lower` and `user_aliases.value`. A pool created with
 * `UsernameConfiguration: { CaseSensitive: true }` keys them as given; every other pool
 * lower-cases them. The setting is fixed at creation, so it is read once per pool and kept.
 *
 * Every key is also in Unicode NFKC form, so names that only look alike to a person compare equal:
 * full-width `ａｌｉｃｅ`, decomposed `a\u0301lice` and their plain forms are one account, and a
 * second sign-up under such a spelling is told the username exists. The name itself is kept as
 * given (as case is), so clients see what the user typed. Cognito compares code points as they come;
 * this is stricter on purpose. NFKC does not fold scripts: Cyrillic `а` stays apart from Latin `a`.
 */
import type { SqlDriver } from "../driver.js";
import { parseObject } from "./rows.js";

/** A pool's key for a username or alias value. */
export type UsernameKeys = (poolId: string, name: string) => string | Promise<string>;

const MAX_POOLS = 10_000;

/**
 * The key of a username or alias value: NFKC, and case-folded unless the pool is case-sensitive
 * (folding can leave a sequence NFKC would compose, hence the second pass).
 *
 * @example
 * ```ts
 * nameKey("Ａｌｉｃｅ", false); // "alice"
 * nameKey("Ａｌｉｃｅ", true); // "Alice"
 * ```
 */
export function nameKey(name: string, caseSensitive: boolean): string {
  const normal = name.normalize("NFKC");
  return caseSensitive ? normal : normal.toLowerCase().normalize("NFKC");
}

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
    if (known !== undefined) return nameKey(name, known);
    return driver
      .first<{ config: string }>("SELECT config FROM user_pools WHERE id = ?", [poolId])
      .then((row) => {
        // No such pool: nothing will match either way, and a pool created later must not be cached as insensitive.
        if (row === null) return nameKey(name, false);
        const config = parseObject<{ UsernameConfiguration?: { CaseSensitive?: unknown } }>(row.config);
        const isSensitive = config.UsernameConfiguration?.CaseSensitive === true;
        if (sensitive.size >= MAX_POOLS) sensitive.clear();
        sensitive.set(poolId, isSensitive);
        return nameKey(name, isSensitive);
      });
  };
}
