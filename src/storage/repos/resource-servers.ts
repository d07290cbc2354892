/**
 * Resource servers of a user pool: an identifier (often a URL), a name and the custom scopes an
 * app client may be allowed, `{identifier}/{scope}`. A pool holds at most a fixed number of them,
 * checked in the statement that adds one.
 */
import { SqlConstraintError, type SqlDriver, type SqlRow } from "../driver.js";
import { decodePageToken, encodePageToken, pageLimit, pageOf, type Page } from "../page.js";

/** One scope of a resource server. */
export interface ResourceScope {
  name: string;
  description: string;
}

/** A stored resource server. */
export interface ResourceServerRecord {
  poolId: string;
  identifier: string;
  name: string;
  scopes: ResourceScope[];
  createdAt: number;
  updatedAt: number;
}

const COLUMNS = "pool_id, identifier, name, scopes, created_at, updated_at";
const MAX_PAGE = 50;

function toScopes(text: unknown): ResourceScope[] {
  const parsed = JSON.parse(String(text)) as unknown;
  return Array.isArray(parsed)
    ? parsed.map((s: { name?: unknown; description?: unknown }) => ({
        name: String(s.name),
        description: String(s.description),
      }))
    : [];
}

function toServer(row: SqlRow): ResourceServerRecord {
  return {
    poolId: String(row.pool_id),
    identifier: String(row.identifier),
    name: String(row.name),
    scopes: toScopes(row.scopes),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

const scopesText = (scopes: readonly ResourceScope[]) =>
  JSON.stringify(scopes.map((s) => ({ name: s.name, description: s.description })));

/**
 * The resource-server repository.
 *
 * @example
 * ```ts
 * const servers = resourceServerRepository(driver);
 * await servers.create({ poolId, identifier: "https://api.example.com", name: "API", scopes: [{ name: "read", description: "Read" }] }, now, 25);
 * (await servers.list(poolId)).items.map((s) => s.identifier); // ["https://api.example.com"]
 * ```
 */
export function resourceServerRepository(driver: SqlDriver) {
  const get = async (poolId: string, identifier: string): Promise<ResourceServerRecord | null> => {
    const row = await driver.first(
      `SELECT ${COLUMNS} FROM resource_servers WHERE pool_id = ? AND identifier = ?`,
      [poolId, identifier],
    );
    return row === null ? null : toServer(row);
  };

  return {
    /**
     * Adds a resource server in one statement, unless the pool already has `maxPerPool` of them
     * (`"limit"`) or one of that identifier (`"exists"`); `"no-pool"` when the pool is gone.
     */
    async create(
      server: Pick<ResourceServerRecord, "poolId" | "identifier" | "name" | "scopes">,
      now: number,
      maxPerPool: number,
    ): Promise<ResourceServerRecord | "exists" | "limit" | "no-pool"> {
      let row: SqlRow | null;
      try {
        row = await driver.first(
          `INSERT INTO resource_servers (${COLUMNS})
           SELECT ?, ?, ?, ?, ?, ? WHERE (SELECT COUNT(*) FROM resource_servers WHERE pool_id = ?) < ?
           ON CONFLICT (pool_id, identifier) DO NOTHING RETURNING ${COLUMNS}`,
          [
            server.poolId,
            server.identifier,
            server.name,
            scopesText(server.scopes),
            now,
            now,
            server.poolId,
            maxPerPool,
          ],
        );
      } catch (error) {
        if (error instanceof SqlConstraintError && error.kind === "foreign_key") return "no-pool";
        throw error;
      }
      if (row !== null) return toServer(row);
      return (await get(server.poolId, server.identifier)) === null ? "limit" : "exists";
    },

    /** The pool's resource server of that identifier, or `null`. */
    get,

    /** Replaces the name and the scopes, whole; `null` when there is no such server. */
    async update(
      poolId: string,
      identifier: string,
      changes: { name: string; scopes: readonly ResourceScope[] },
      now: number,
    ): Promise<ResourceServerRecord | null> {
      const row = await driver.first(
        `UPDATE resource_servers SET name = ?, scopes = ?, updated_at = ? WHERE pool_id = ? AND identifier = ? RETURNING ${COLUMNS}`,
        [changes.name, scopesText(changes.scopes), now, poolId, identifier],
      );
      return row === null ? null : toServer(row);
    },

    /** Deletes the resource server; `false` when there was none. */
    async delete(poolId: string, identifier: string): Promise<boolean> {
      const { changes } = await driver.run(
        "DELETE FROM resource_servers WHERE pool_id = ? AND identifier = ?",
        [poolId, identifier],
      );
      return changes > 0;
    },

    /** The pool's resource servers by identifier, `limit` (1-50, default 50) at a time. */
    async list(
      poolId: string,
      options: { limit?: number; nextToken?: string } = {},
    ): Promise<Page<ResourceServerRecord>> {
      const limit = pageLimit(options.limit, MAX_PAGE);
      const [after] = decodePageToken("resource-servers", options.nextToken, ["string"]) ?? [];
      const rows = await driver.all(
        `SELECT ${COLUMNS} FROM resource_servers WHERE pool_id = ? AND identifier > ? ORDER BY identifier LIMIT ?`,
        [poolId, after ?? "", limit + 1],
      );
      return pageOf(rows.map(toServer), limit, (last) =>
        encodePageToken("resource-servers", [last.identifier]),
      );
    },

    /** Every resource server of the pool (a pool holds few), by identifier. */
    async all(poolId: string): Promise<ResourceServerRecord[]> {
      const rows = await driver.all(
        `SELECT ${COLUMNS} FROM resource_servers WHERE pool_id = ? ORDER BY identifier`,
        [poolId],
      );
      return rows.map(toServer);
    },
  };
}

/** The resource-server repository's type. */
export type ResourceServerRepository = ReturnType<typeof resourceServerRepository>;
