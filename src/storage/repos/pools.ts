/**
 * User pools: an id, a name, and the pool's settings as one JSON document (policies, schema,
 * username and alias attributes, token validity, ...), which the user-pool layer owns.
 */
import type { SqlDriver, SqlRow, SqlValue } from "../driver.js";
import { decodePageToken, encodePageToken, pageLimit, pageOf, type Page } from "../page.js";
import { newRevision, parseObject, type JsonObject } from "./rows.js";

/** A stored user pool. */
export interface PoolRecord<C extends object = JsonObject> {
  id: string;
  name: string;
  config: C;
  /** Changes on every write; pass it back as `ifRevision` to update only what you read. */
  revision: string;
  createdAt: number;
  updatedAt: number;
}

/** What `update` may change; absent fields keep their value. */
export interface PoolChanges<C extends object = JsonObject> {
  name?: string;
  config?: C;
}

const COLUMNS = "id, name, config, revision, created_at, updated_at";
const MAX_PAGE = 60;

/**
 * The user-pool repository.
 *
 * @example
 * ```ts
 * const pools = poolRepository(driver);
 * await pools.create({ id: "us-east-1_AbC123", name: "app", config: { MfaConfiguration: "OFF" } }, Date.now());
 * const { items, nextToken } = await pools.list({ limit: 10 });
 * ```
 */
export function poolRepository<C extends object = JsonObject>(driver: SqlDriver) {
  const toPool = (row: SqlRow): PoolRecord<C> => ({
    id: String(row.id),
    name: String(row.name),
    config: parseObject<C>(row.config),
    revision: String(row.revision),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  });

  return {
    /** Creates a pool; `null` when the id is already taken (one statement). */
    async create(pool: { id: string; name: string; config: C }, now: number): Promise<PoolRecord<C> | null> {
      const row = await driver.first(
        `INSERT INTO user_pools (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING ${COLUMNS}`,
        [pool.id, pool.name, JSON.stringify(pool.config), newRevision(), now, now],
      );
      return row === null ? null : toPool(row);
    },

    /** The pool, or `null`. */
    async get(id: string): Promise<PoolRecord<C> | null> {
      const row = await driver.first(`SELECT ${COLUMNS} FROM user_pools WHERE id = ?`, [id]);
      return row === null ? null : toPool(row);
    },

    /** The pool while it holds a domain (prefix or custom), or `null`: the hosted UI's lookup, in one query. */
    async getHosted(id: string): Promise<PoolRecord<C> | null> {
      const row = await driver.first(
        `SELECT ${COLUMNS} FROM user_pools WHERE id = ? AND EXISTS (SELECT 1 FROM user_pool_domains WHERE pool_id = ?)`,
        [id, id],
      );
      return row === null ? null : toPool(row);
    },

    /**
     * Changes a pool in one statement; with `ifRevision`, only if nobody wrote it since that
     * revision was read (compare-and-set). `null` when the pool is gone or the revision moved on.
     */
    async update(
      id: string,
      changes: PoolChanges<C>,
      options: { now: number; ifRevision?: string },
    ): Promise<PoolRecord<C> | null> {
      const params: SqlValue[] = [
        changes.name ?? null,
        changes.config === undefined ? null : JSON.stringify(changes.config),
        newRevision(),
        options.now,
        id,
      ];
      let where = "id = ?";
      if (options.ifRevision !== undefined) {
        where += " AND revision = ?";
        params.push(options.ifRevision);
      }
      const row = await driver.first(
        `UPDATE user_pools SET name = COALESCE(?, name), config = COALESCE(?, config), revision = ?, updated_at = ? WHERE ${where} RETURNING ${COLUMNS}`,
        params,
      );
      return row === null ? null : toPool(row);
    },

    /** Deletes the pool and, by cascade, its clients, users, groups and everything theirs. */
    async delete(id: string): Promise<boolean> {
      return (await driver.run("DELETE FROM user_pools WHERE id = ?", [id])).changes > 0;
    },

    /** Pools in id order, `limit` (1-60, default 60) at a time. */
    async list(options: { limit?: number; nextToken?: string } = {}): Promise<Page<PoolRecord<C>>> {
      const limit = pageLimit(options.limit, MAX_PAGE);
      const [after] = decodePageToken("pools", options.nextToken, ["string"]) ?? [];
      const rows =
        after === undefined
          ? await driver.all(`SELECT ${COLUMNS} FROM user_pools ORDER BY id LIMIT ?`, [limit + 1])
          : await driver.all(`SELECT ${COLUMNS} FROM user_pools WHERE id > ? ORDER BY id LIMIT ?`, [
              after,
              limit + 1,
            ]);
      return pageOf(rows.map(toPool), limit, (last) => encodePageToken("pools", [last.id]));
    },
  };
}

/** The user-pool repository's type. */
export type PoolRepository<C extends object = JsonObject> = ReturnType<typeof poolRepository<C>>;
