/**
 * Users: one row each, with their attributes as JSON, their SRP salt and verifier, and the
 * counters the sign-in flows need. Aliases (repos/aliases.ts) and ListUsers (repos/user-list.ts)
 * live beside this file.
 */
import {
  sql,
  SqlConstraintError,
  type SqlDriver,
  type SqlRow,
  type SqlStatement,
  type SqlValue,
} from "../driver.js";
import { AliasExistsError, UsernameExistsError } from "../errors.js";
import { NO_SECRET_BOX, type SecretBox } from "./clients.js";
import { signInAttempts } from "./sign-in-attempts.js";
import { listUsers, type UserListOptions } from "./user-list.js";
import { newRevision } from "./rows.js";
import {
  SEARCHED_ATTRIBUTES,
  toUser,
  USER_COLUMNS,
  userColumns,
  type UserRecord,
  type UserStatus,
} from "./user-record.js";
import { aliasKeyFree, usernameKeyFree } from "./sign-in-names.js";
import { usernameKeys, type UsernameKeys } from "./username-keys.js";
import { CLEAR_VERIFIER, sealClearVerifier, sealVerifier, userVerifierContext } from "./verifiers.js";

/** A user to create. */
export interface NewUser {
  poolId: string;
  /** A fresh UUID, chosen by the caller. */
  sub: string;
  username: string;
  status: UserStatus;
  enabled?: boolean;
  attributes: Record<string, string>;
  srpSalt?: string | null;
  srpVerifier?: string | null;
  passwordExpiresAt?: number | null;
  /** Aliases claimed together with the user, e.g. `{ email }` when email is a username attribute. */
  aliases?: Record<string, string>;
  /**
   * Verified aliases (email, phone_number) the user takes from whoever holds them, in the same
   * batch (ForceAliasCreation): the holder's `<name>_verified` becomes "false" and its revision
   * changes. As with `aliases`, a value that is another user's username or alias of another kind
   * is AliasExistsError, and nothing is written.
   */
  moved?: Record<string, string>;
  /**
   * Rows written in the same batch as the user (its external identity, its automatic group):
   * `guards` are more conditions the user's row goes in under (when one fails, the create throws
   * UsernameExistsError); `statements` follow the row, each to write only if the row carrying
   * `revision` (under `key`, the pool's username key) was inserted.
   */
  together?: {
    guards: readonly [string, SqlValue[]][];
    statements: (row: { key: string; revision: string }) => SqlStatement[];
  };
}

/** Rows written in the same batch as a new user (`NewUser.together`). */
export type Together = NonNullable<NewUser["together"]>;

/** Fields `update` can set; absent ones keep their value, `null` clears a nullable one. */
export interface UserChanges {
  status?: UserStatus;
  enabled?: boolean;
  srpSalt?: string | null;
  srpVerifier?: string | null;
  passwordExpiresAt?: number | null;
  passwordUpdatedAt?: number | null;
  signedOutAt?: number | null;
}

/** Conditions for a write: it happens only if they hold when it runs (compare-and-set). */
export interface WriteOptions {
  now: number;
  /** Only if the user's revision is still this one. */
  ifRevision?: string;
  /** Only if the user's status is this one (UNCONFIRMED -> CONFIRMED happens once). */
  ifStatus?: UserStatus;
}

const CHANGE_COLUMNS: Record<keyof UserChanges, string> = {
  status: "status",
  enabled: "enabled",
  srpSalt: "srp_salt",
  srpVerifier: "srp_verifier",
  passwordExpiresAt: "password_expires_at",
  passwordUpdatedAt: "password_updated_at",
  signedOutAt: "signed_out_at",
};

/**
 * The user repository. Verifiers are sealed with `box` as they are written and opened as they are
 * read (repos/verifiers.ts): callers see them in hex, the database never does.
 *
 * @example
 * ```ts
 * const users = userRepository(driver);
 * await users.create({ poolId, sub: crypto.randomUUID(), username: "Alice", status: "UNCONFIRMED", attributes: { email: "a@example.com" } }, now);
 * await users.get(poolId, "alice"); // the same user: usernames are case-insensitive
 * ```
 */
export function userRepository(
  driver: SqlDriver,
  keyOf: UsernameKeys = usernameKeys(driver),
  box: SecretBox = NO_SECRET_BOX,
) {
  /** Seals the row's verifier in place if an older version left it in clear. */
  const sealIfClear = (row: SqlRow) =>
    row.srp_verifier === null
      ? Promise.resolve(0)
      : sealClearVerifier(
          driver,
          box,
          "users",
          "sub = ? AND pool_id = ?",
          [String(row.sub), String(row.pool_id)],
          userVerifierContext(String(row.pool_id), String(row.sub)),
          String(row.srp_verifier),
        );
  const one = async (text: string, params: SqlValue[]) => {
    const row = await driver.first(text, params);
    if (row === null) return null;
    const user = await toUser(row, box);
    await sealIfClear(row);
    return user;
  };

  return {
    /**
     * Creates a user: one batch that inserts the row only if the pool has no user with that
     * username (compared as the pool compares them) and the name is nobody's alias
     * (repos/sign-in-names.ts), then its search entries and aliases. Of two concurrent creates of
     * "Alice" and "alice", or a create of "alice" and a claim of "alice" as an alias, exactly one
     * succeeds; a create that loses throws UsernameExistsError. An alias another user holds (as
     * an alias of any kind, or as a username) throws AliasExistsError, and nothing is created.
     */
    async create(user: NewUser, now: number): Promise<UserRecord> {
      const key = await keyOf(user.poolId, user.username);
      const revision = newRevision();
      const keyed = (given: Record<string, string> | undefined) =>
        Promise.all(
          Object.entries(given ?? {}).map(
            async ([name, value]) => [name, await keyOf(user.poolId, value)] as const,
          ),
        );
      const moved = await keyed(user.moved);
      const aliases = [...(await keyed(user.aliases)), ...moved];
      // Each statement after the row writes only if this create's row went in.
      const inserted = [
        "EXISTS (SELECT 1 FROM users WHERE pool_id = ? AND username_lower = ? AND revision = ?)",
        [user.poolId, key, revision],
      ] as const;
      // The row goes in only if its username, and each alias it brings, is free; the aliases'
      // same-kind clashes are left to the alias table's primary key (the batch fails whole).
      const guards = [
        usernameKeyFree(user.poolId, key),
        ...aliases.map(([name, value]) => aliasKeyFree(user.poolId, name, value, user.sub)),
        ...(user.together?.guards ?? []),
      ];
      const statements: SqlStatement[] = [
        sql(
          `INSERT INTO users (${USER_COLUMNS}, username_lower)
           SELECT ?, ?, ?, ?, CAST(? AS INTEGER), ?, ?, ?, CAST(? AS BIGINT), CAST(? AS BIGINT), 0, NULL, NULL, ?, CAST(? AS BIGINT), CAST(? AS BIGINT), ?
           WHERE ${guards.map(([condition]) => condition).join(" AND ")}
           ON CONFLICT (pool_id, username_lower) DO NOTHING RETURNING ${USER_COLUMNS}`,
          user.sub,
          user.poolId,
          user.username,
          user.status,
          user.enabled === false ? 0 : 1,
          JSON.stringify(user.attributes),
          user.srpSalt ?? null,
          await sealVerifier(box, userVerifierContext(user.poolId, user.sub), user.srpVerifier ?? null),
          user.passwordExpiresAt ?? null,
          user.srpVerifier ? now : null,
          revision,
          now,
          now,
          key,
          ...guards.flatMap(([, params]) => params),
        ),
        ...searchEntries(user.poolId, key, revision, user.attributes),
        // A moved alias's holder is marked unverified, then loses it, before the user takes it.
        ...moved.flatMap(([name, value]) => [
          sql(
            `UPDATE users SET attributes = json_set(attributes, ?, 'false'), revision = ?, updated_at = CAST(? AS BIGINT)
             WHERE pool_id = ? AND sub IN (SELECT sub FROM user_aliases WHERE pool_id = ? AND name = ? AND value = ? AND sub <> ?) AND ${inserted[0]}`,
            `$.${name}_verified`,
            newRevision(),
            now,
            user.poolId,
            user.poolId,
            name,
            value,
            user.sub,
            ...inserted[1],
          ),
          sql(
            `DELETE FROM user_aliases WHERE pool_id = ? AND name = ? AND value = ? AND sub <> ? AND ${inserted[0]}`,
            user.poolId,
            name,
            value,
            user.sub,
            ...inserted[1],
          ),
        ]),
        // Guarded by the revision: when the username was taken, these insert nothing.
        ...aliases.map(([name, value]) =>
          sql(
            "INSERT INTO user_aliases (pool_id, name, value, sub, created_at) SELECT pool_id, ?, ?, sub, CAST(? AS BIGINT) FROM users WHERE pool_id = ? AND username_lower = ? AND revision = ?",
            name,
            value,
            now,
            user.poolId,
            key,
            revision,
          ),
        ),
        ...(user.together?.statements({ key, revision }) ?? []),
      ];
      let row: SqlRow | undefined;
      try {
        row = (await driver.batch(statements))[0]!.rows[0];
      } catch (error) {
        if (!(error instanceof SqlConstraintError && error.kind === "unique" && aliases.length > 0))
          throw error;
        for (const [name, value] of aliases) {
          const holder = await driver.first(
            "SELECT sub FROM user_aliases WHERE pool_id = ? AND name = ? AND value = ?",
            [user.poolId, name, value],
          );
          if (holder !== null) throw new AliasExistsError(user.poolId, name, { cause: error });
        }
        throw error;
      }
      if (row === undefined) throw await refusal(driver, user, key, aliases);
      return toUser(row, box);
    },

    /** The user with this username (case-insensitively, unless the pool is case-sensitive), or `null`. */
    async get(poolId: string, username: string): Promise<UserRecord | null> {
      return one(`SELECT ${USER_COLUMNS} FROM users WHERE pool_id = ? AND username_lower = ?`, [
        poolId,
        await keyOf(poolId, username),
      ]);
    },

    /** The user with this `sub`, or `null`. */
    getBySub(poolId: string, sub: string): Promise<UserRecord | null> {
      return one(`SELECT ${USER_COLUMNS} FROM users WHERE sub = ? AND pool_id = ?`, [sub, poolId]);
    },

    /** The user holding this alias (`email`, `phone_number`, `preferred_username`), or `null`. */
    async getByAlias(poolId: string, name: string, value: string): Promise<UserRecord | null> {
      return one(
        `SELECT ${userColumns("u")} FROM user_aliases a JOIN users u ON u.sub = a.sub WHERE a.pool_id = ? AND a.name = ? AND a.value = ?`,
        [poolId, name, await keyOf(poolId, value)],
      );
    },

    /**
     * Replaces the user's attributes (and their search entries) in one batch; with `ifRevision`
     * or `ifStatus`, only if that still holds. `null` when the user is gone or a condition failed.
     */
    async setAttributes(
      poolId: string,
      username: string,
      attributes: Record<string, string>,
      options: WriteOptions,
    ): Promise<UserRecord | null> {
      const key = await keyOf(poolId, username);
      const revision = newRevision();
      const [where, params] = conditions(poolId, key, options);
      const [updated] = await driver.batch([
        sql(
          `UPDATE users SET attributes = ?, revision = ?, updated_at = ? WHERE ${where} RETURNING ${USER_COLUMNS}`,
          JSON.stringify(attributes),
          revision,
          options.now,
          ...params,
        ),
        sql(
          "DELETE FROM user_search WHERE sub IN (SELECT sub FROM users WHERE pool_id = ? AND username_lower = ? AND revision = ?)",
          poolId,
          key,
          revision,
        ),
        ...searchEntries(poolId, key, revision, attributes),
      ]);
      const row = updated!.rows[0];
      return row === undefined ? null : toUser(row, box);
    },

    /**
     * Sets status, enabled, password or sign-out fields in one statement, if the conditions hold.
     * `null` when the user is gone or a condition failed.
     */
    async update(
      poolId: string,
      username: string,
      changes: UserChanges,
      options: WriteOptions,
    ): Promise<UserRecord | null> {
      const key = await keyOf(poolId, username);
      // A new verifier is sealed to the user's sub, which is read first; the write then requires
      // that sub, so a user deleted and made anew under the name in between is not written.
      let sub: string | undefined;
      if (typeof changes.srpVerifier === "string" && box !== NO_SECRET_BOX) {
        const found = await driver.first<{ sub: string }>(
          "SELECT sub FROM users WHERE pool_id = ? AND username_lower = ?",
          [poolId, key],
        );
        if (found === null) return null;
        sub = String(found.sub);
        changes = {
          ...changes,
          srpVerifier: await sealVerifier(box, userVerifierContext(poolId, sub), changes.srpVerifier),
        };
      }
      const sets = ["revision = ?", "updated_at = ?"];
      const values: SqlValue[] = [newRevision(), options.now];
      for (const [field, column] of Object.entries(CHANGE_COLUMNS) as [keyof UserChanges, string][]) {
        const value = changes[field];
        if (value === undefined) continue;
        sets.push(`${column} = ?`);
        values.push(typeof value === "boolean" ? (value ? 1 : 0) : value);
      }
      let [where, params] = conditions(poolId, key, options);
      if (sub !== undefined) [where, params] = [`${where} AND sub = ?`, [...params, sub]];
      return one(`UPDATE users SET ${sets.join(", ")} WHERE ${where} RETURNING ${USER_COLUMNS}`, [
        ...values,
        ...params,
      ]);
    },

    ...signInAttempts(driver, keyOf),

    /** Deletes the user and, by cascade, their aliases, memberships, codes, sessions and tokens. */
    async delete(poolId: string, username: string): Promise<boolean> {
      return (
        (
          await driver.run("DELETE FROM users WHERE pool_id = ? AND username_lower = ?", [
            poolId,
            await keyOf(poolId, username),
          ])
        ).changes > 0
      );
    },

    /** How many users the pool has (DescribeUserPool's EstimatedNumberOfUsers). */
    async count(poolId: string): Promise<number> {
      const row = await driver.first<{ n: number }>("SELECT COUNT(*) AS n FROM users WHERE pool_id = ?", [
        poolId,
      ]);
      return Number(row?.n ?? 0);
    },

    /** ListUsers: one page, optionally filtered on one attribute with `=` or `^=`. */
    list(poolId: string, options: UserListOptions = {}) {
      return listUsers(driver, box, poolId, options);
    },

    /**
     * Seals every verifier still stored in clear (by a version before verifiers were sealed),
     * each compare-and-set on its clear value; returns how many. Run once per process on first use.
     */
    async sealClearVerifiers(): Promise<number> {
      if (box === NO_SECRET_BOX) return 0;
      const rows = await driver.all(`SELECT sub, pool_id, srp_verifier FROM users WHERE ${CLEAR_VERIFIER}`);
      let sealed = 0;
      for (const row of rows) sealed += await sealIfClear(row);
      return sealed;
    },
  };
}

/** The user repository's type. */
export type UserRepository = ReturnType<typeof userRepository>;

// Why a guarded create inserted nothing: the username is a user's or an alias (UsernameExistsError,
// also the answer when the clash went away meanwhile), or one of the user's aliases is taken.
async function refusal(
  driver: SqlDriver,
  user: NewUser,
  key: string,
  aliases: readonly (readonly [string, string])[],
): Promise<Error> {
  const [free, params] = usernameKeyFree(user.poolId, key);
  const taken = await driver.first(
    `SELECT 1 AS taken WHERE NOT (${free}) OR EXISTS (SELECT 1 FROM users WHERE pool_id = ? AND username_lower = ?)`,
    [...params, user.poolId, key],
  );
  if (taken === null) {
    for (const [name, value] of aliases) {
      const [aliasFree, aliasParams] = aliasKeyFree(user.poolId, name, value, user.sub);
      if ((await driver.first(`SELECT 1 AS taken WHERE NOT (${aliasFree})`, aliasParams)) !== null)
        return new AliasExistsError(user.poolId, name);
    }
  }
  return new UsernameExistsError(user.poolId, user.username);
}

function conditions(poolId: string, key: string, options: WriteOptions): [string, SqlValue[]] {
  let where = "pool_id = ? AND username_lower = ?";
  const params: SqlValue[] = [poolId, key];
  if (options.ifRevision !== undefined) {
    where += " AND revision = ?";
    params.push(options.ifRevision);
  }
  if (options.ifStatus !== undefined) {
    where += " AND status = ?";
    params.push(options.ifStatus);
  }
  return [where, params];
}

// Each entry is inserted only if the user row carries this write's revision, so a write that
// lost (its UPDATE matched nothing) leaves the index as the winner wrote it.
function searchEntries(
  poolId: string,
  key: string,
  revision: string,
  attributes: Record<string, string>,
): SqlStatement[] {
  return SEARCHED_ATTRIBUTES.filter((name) => typeof attributes[name] === "string").map((name) =>
    sql(
      "INSERT INTO user_search (pool_id, name, value, sub) SELECT pool_id, ?, ?, sub FROM users WHERE pool_id = ? AND username_lower = ? AND revision = ?",
      name,
      attributes[name]!.toLowerCase(),
      poolId,
      key,
      revision,
    ),
  );
}
