/**
 * Sign-in aliases: a verified email or phone number, or a preferred_username, that signs a user
 * in like their username. Each value belongs to at most one user of a pool (the table's primary
 * key), and is no other user's username or alias of another kind (repos/sign-in-names.ts); values
 * compare by the pool's key (repos/username-keys.ts).
 */
import { sql, SqlConstraintError, type SqlDriver } from "../driver.js";
import { AliasExistsError } from "../errors.js";
import { aliasKeyFree } from "./sign-in-names.js";
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
     * A value that is another user's username, or another user's alias of another kind, is
     * AliasExistsError even with `steal`, and nothing changes (repos/sign-in-names.ts): the
     * check is in every statement of the batch, so it and the write are one step. Of two users
     * claiming one value concurrently without `steal`, or a claim racing a sign-up under that
     * name, exactly one gets it. `false` when the pool has no user with that `sub`.
     */
    async claim(
      poolId: string,
      sub: string,
      name: string,
      value: string,
      options: { now: number; steal?: boolean },
    ): Promise<boolean> {
      const key = await keyOf(poolId, value);
      // Only what the batch itself deletes is of this kind, so the guard reads the same in every statement.
      const [free, params] = aliasKeyFree(poolId, name, key, sub);
      const statements = [
        sql(
          `DELETE FROM user_aliases WHERE pool_id = ? AND sub = ? AND name = ? AND ${free}`,
          poolId,
          sub,
          name,
          ...params,
        ),
        ...(options.steal
          ? [
              sql(
                `DELETE FROM user_aliases WHERE pool_id = ? AND name = ? AND value = ? AND ${free}`,
                poolId,
                name,
                key,
                ...params,
              ),
            ]
          : []),
        // Selected from the user's row, so a user of another pool (or none) claims nothing.
        sql(
          `INSERT INTO user_aliases (pool_id, name, value, sub, created_at) SELECT pool_id, ?, ?, sub, CAST(? AS BIGINT) FROM users WHERE sub = ? AND pool_id = ? AND ${free}`,
          name,
          key,
          options.now,
          sub,
          poolId,
          ...params,
        ),
      ];
      let inserted: number;
      try {
        inserted = (await driver.batch(statements)).at(-1)!.changes;
      } catch (error) {
        if (error instanceof SqlConstraintError && error.kind === "unique")
          throw new AliasExistsError(poolId, name, { cause: error });
        throw error;
      }
      if (inserted > 0) return true;
      // Nothing inserted: no such user, or the name is someone else's.
      const user = await driver.first("SELECT 1 AS found FROM users WHERE sub = ? AND pool_id = ?", [
        sub,
        poolId,
      ]);
      if (user !== null) throw new AliasExistsError(poolId, name);
      return false;
    },

    /** Removes the user's alias of this name (an email that changed, unverified). */
    async release(poolId: string, sub: string, name: string): Promise<boolean> {
      return (
        (
          await driver.run("DELETE FROM user_aliases WHERE pool_id = ? AND sub = ? AND name = ?", [
            poolId,
            sub,
            name,
          ])
        ).changes > 0
      );
    },

    /** The `sub` holding this alias, or `null`. */
    async holder(poolId: string, name: string, value: string): Promise<string | null> {
      const row = await driver.first<{ sub: string }>(
        "SELECT sub FROM user_aliases WHERE pool_id = ? AND name = ? AND value = ?",
        [poolId, name, await keyOf(poolId, value)],
      );
      return row === null ? null : String(row.sub);
    },

    /**
     * Whether this value is, for another user than `sub`, a username or an alias of another kind
     * than `name`: a claim of it would be refused even with `steal`. A look before a step that
     * cannot be undone (a code used up); the claim itself is what decides.
     */
    async clashes(poolId: string, sub: string, name: string, value: string): Promise<boolean> {
      const [free, params] = aliasKeyFree(poolId, name, await keyOf(poolId, value), sub);
      return (await driver.first(`SELECT 1 AS taken WHERE NOT (${free})`, params)) !== null;
    },

    /** The aliases a user holds, by name. */
    async list(poolId: string, sub: string): Promise<AliasRecord[]> {
      const rows = await driver.all<{ name: string; value: string; created_at: number }>(
        "SELECT name, value, created_at FROM user_aliases WHERE sub = ? AND pool_id = ? ORDER BY name",
        [sub, poolId],
      );
      return rows.map((row) => ({
        name: String(row.name),
        value: String(row.value),
        createdAt: Number(row.created_at),
      }));
    },
  };
}

/** The alias repository's type. */
export type AliasRepository = ReturnType<typeof aliasRepository>;
