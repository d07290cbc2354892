/**
 * Sign-in aliases: a verified email or phone number, or a preferred_username, that signs a user
 * in like their username. Each value belongs to at most one user of a pool (the table's primary
 * key); values compare case-insensitively.
 */
import { sql, SqlConstraintError, type SqlDriver } from "../driver.js";
import { AliasExistsError } from "../errors.js";
import { usernameKeys, type UsernameKeys } from "./username-keys.js";

/** An alias a user holds. */
export interface AliasRecord {
  name: string;
  value: string;
  createdAt: number;
}

/**
 * The alias repository.
 *
 * @example
 * ```ts
 * const aliases = aliasRepository(driver);
 * await aliases.claim(poolId, user.sub, "email", "alice@example.com", { now });   // after VerifyUserAttribute
 * await users.getByAlias(poolId, "email", "ALICE@example.com");                // that user
 * ```
 */
export function aliasRepository(driver: SqlDriver, keyOf: UsernameKeys = usernameKeys(driver)) {
  return {
    /**
     * Gives the user this alias, replacing any value they held under the same name, in one
     * batch. When another user holds it: with `steal` it moves to this user (ForceAliasCreation,
     * or verification transferring an email); without, AliasExistsError and nothing changes.
     * Of two users claiming one value concurrently without `steal`, exactly one gets it.
     * `false` when the pool has no user with that `sub`.
     */
    async claim(poolId: string, sub: string, name: string, value: string, options: { now: number; steal?: boolean }): Promise<boolean> {
      const key = await keyOf(poolId, value);
      const statements = [
        sql("DELETE FROM user_aliases WHERE pool_id = ? AND sub = ? AND name = ?", poolId, sub, name),
        ...(options.steal ? [sql("DELETE FROM user_aliases WHERE pool_id = ? AND name = ? AND value = ?", poolId, name, key)] : []),
        // Selected from the user's row, so a user of another pool (or none) claims nothing.
        sql("INSERT INTO user_aliases (pool_id, name, value, sub, created_at) SELECT pool_id, ?, ?, sub, CAST(? AS BIGINT) FROM users WHERE sub = ? AND pool_id = ?", name, key, options.now, sub, poolId),
      ];
      try {
        return (await driver.batch(statements)).at(-1)!.changes > 0;
      } catch (error) {
        if (error instanceof SqlConstraintError && error.kind === "unique") throw new AliasExistsError(poolId, name, { cause: error });
        throw error;
      }
    },

    /** Removes the user's alias of this name (an email that changed, unverified). */
    async release(poolId: string, sub: string, name: string): Promise<boolean> {
      return (await driver.run("DELETE FROM user_aliases WHERE pool_id = ? AND sub = ? AND name = ?", [poolId, sub, name])).changes > 0;
    },

    /** The `sub` holding this alias, or `null`. */
    async holder(poolId: string, name: string, value: string): Promise<string | null> {
      const row = await driver.first<{ sub: string }>("SELECT sub FROM user_aliases WHERE pool_id = ? AND name = ? AND value = ?", [poolId, name, await keyOf(poolId, value)]);
      return row === null ? null : String(row.sub);
    },

    /** The aliases a user holds, by name. */
    async list(poolId: string, sub: string): Promise<AliasRecord[]> {
      const rows = await driver.all<{ name: string; value: string; created_at: number }>(
        "SELECT name, value, created_at FROM user_aliases WHERE sub = ? AND pool_id = ? ORDER BY name",
        [sub, poolId],
      );
      return rows.map((row) => ({ name: String(row.name), value: String(row.value), createdAt: Number(row.created_at) }));
    },
  };
}

/** The alias repository's type. */
export type AliasRepository = ReturnType<typeof aliasRepository>;
