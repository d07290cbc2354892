/**
 * App clients of a user pool: id, name, optional secret, and the client's settings as one JSON
 * document (ExplicitAuthFlows, token validity, read/write attributes, ...).
 */
import type { SqlDriver, SqlRow, SqlValue } from "../driver.js";
import { decodePageToken, encodePageToken, pageLimit, pageOf, type Page } from "../page.js";
import { newRevision, parseObject, type JsonObject } from "./rows.js";

/** A stored app client. */
export interface ClientRecord<C extends object = JsonObject> {
  id: string;
  poolId: string;
  name: string;
  /** The client secret (DescribeUserPoolClient returns it), or `null` for a public client. */
  secret: string | null;
  config: C;
  revision: string;
  createdAt: number;
  updatedAt: number;
}

const COLUMNS = "id, pool_id, name, secret, config, revision, created_at, updated_at";
const MAX_PAGE = 60;

/**
 * The app-client repository. Every call names the pool, so a client id from another pool is
 * simply not found.
 *
 * @example
 * ```ts
 * const clients = clientRepository(driver);
 * await clients.create({ id: "26charclientid", poolId, name: "web", secret: null, config: { ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH"] } }, now);
 * const client = await clients.get(poolId, "26charclientid");
 * ```
 */
export function clientRepository<C extends object = JsonObject>(driver: SqlDriver) {
  const toClient = (row: SqlRow): ClientRecord<C> => ({
    id: String(row.id),
    poolId: String(row.pool_id),
    name: String(row.name),
    secret: row.secret === null ? null : String(row.secret),
    config: parseObject<C>(row.config),
    revision: String(row.revision),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  });

  return {
    /** Creates a client; `null` when the id is taken (one statement). Fails if the pool does not exist. */
    async create(client: { id: string; poolId: string; name: string; secret: string | null; config: C }, now: number): Promise<ClientRecord<C> | null> {
      const row = await driver.first(
        `INSERT INTO user_pool_clients (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING ${COLUMNS}`,
        [client.id, client.poolId, client.name, client.secret, JSON.stringify(client.config), newRevision(), now, now],
      );
      return row === null ? null : toClient(row);
    },

    /** The client of that pool, or `null`. */
    async get(poolId: string, id: string): Promise<ClientRecord<C> | null> {
      const row = await driver.first(`SELECT ${COLUMNS} FROM user_pool_clients WHERE id = ? AND pool_id = ?`, [id, poolId]);
      return row === null ? null : toClient(row);
    },

    /** The client by id alone (InitiateAuth names only the client), or `null`. */
    async find(id: string): Promise<ClientRecord<C> | null> {
      const row = await driver.first(`SELECT ${COLUMNS} FROM user_pool_clients WHERE id = ?`, [id]);
      return row === null ? null : toClient(row);
    },

    /** Changes name and/or config in one statement, optionally compare-and-set on `ifRevision`. */
    async update(poolId: string, id: string, changes: { name?: string; config?: C }, options: { now: number; ifRevision?: string }): Promise<ClientRecord<C> | null> {
      const params: SqlValue[] = [changes.name ?? null, changes.config === undefined ? null : JSON.stringify(changes.config), newRevision(), options.now, id, poolId];
      let where = "id = ? AND pool_id = ?";
      if (options.ifRevision !== undefined) {
        where += " AND revision = ?";
        params.push(options.ifRevision);
      }
      const row = await driver.first(
        `UPDATE user_pool_clients SET name = COALESCE(?, name), config = COALESCE(?, config), revision = ?, updated_at = ? WHERE ${where} RETURNING ${COLUMNS}`,
        params,
      );
      return row === null ? null : toClient(row);
    },

    /** Deletes the client and, by cascade, the refresh tokens issued to it. */
    async delete(poolId: string, id: string): Promise<boolean> {
      return (await driver.run("DELETE FROM user_pool_clients WHERE id = ? AND pool_id = ?", [id, poolId])).changes > 0;
    },

    /** The pool's clients in id order, `limit` (1-60, default 60) at a time. */
    async list(poolId: string, options: { limit?: number; nextToken?: string } = {}): Promise<Page<ClientRecord<C>>> {
      const limit = pageLimit(options.limit, MAX_PAGE);
      const [after] = decodePageToken("clients", options.nextToken, ["string"]) ?? [];
      const rows = await driver.all(
        `SELECT ${COLUMNS} FROM user_pool_clients WHERE pool_id = ? AND id > ? ORDER BY id LIMIT ?`,
        [poolId, after ?? "", limit + 1],
      );
      return pageOf(rows.map(toClient), limit, (last) => encodePageToken("clients", [last.id]));
    },
  };
}

/** The app-client repository's type. */
export type ClientRepository<C extends object = JsonObject> = ReturnType<typeof clientRepository<C>>;
