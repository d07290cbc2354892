/**
 * Managed-login styles (CreateManagedLoginBranding and its siblings): one per app client, its
 * settings document and its assets (each `{Category, ColorMode, Extension, Bytes, ResourceId}`,
 * the bytes base64) kept as JSON. Updates are compare-and-set on what was read, so two
 * concurrent PATCHes never lose each other's assets silently.
 */
import type { SqlDriver, SqlRow } from "../driver.js";
import type { JsonObject } from "./rows.js";

/** One stored asset. */
export interface BrandingAsset {
  Category: string;
  ColorMode: string;
  Extension: string;
  /** The file, base64. */
  Bytes?: string;
  ResourceId?: string;
}

/** A stored style. */
export interface BrandingRecord {
  id: string;
  poolId: string;
  clientId: string;
  useCognitoProvidedValues: boolean;
  settings: JsonObject | null;
  assets: BrandingAsset[];
  createdAt: number;
  updatedAt: number;
}

/** What a write sets. */
export type BrandingContent = Pick<BrandingRecord, "useCognitoProvidedValues" | "settings" | "assets">;

const COLUMNS =
  "id, pool_id, client_id, use_cognito_provided_values, settings, assets, created_at, updated_at";

/**
 * The managed-login branding repository. Every call names the pool.
 *
 * @example
 * ```ts
 * const brandings = brandingRepository(driver);
 * const style = await brandings.create({ id: crypto.randomUUID(), poolId, clientId, useCognitoProvidedValues: true, settings: null, assets: [] }, now);
 * ```
 */
export function brandingRepository(driver: SqlDriver) {
  const toRecord = (row: SqlRow): BrandingRecord => ({
    id: String(row.id),
    poolId: String(row.pool_id),
    clientId: String(row.client_id),
    useCognitoProvidedValues: Number(row.use_cognito_provided_values) === 1,
    settings: row.settings === null ? null : (JSON.parse(String(row.settings)) as JsonObject),
    assets: JSON.parse(String(row.assets)) as BrandingAsset[],
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  });
  const settingsText = (settings: JsonObject | null) => (settings === null ? null : JSON.stringify(settings));

  return {
    /**
     * Creates the client's style; `"exists"` when the client has one already (one statement, so
     * two concurrent creates make one style). Fails if the client does not exist.
     */
    async create(
      style: Pick<BrandingRecord, "id" | "poolId" | "clientId"> & BrandingContent,
      now: number,
    ): Promise<BrandingRecord | "exists"> {
      const row = await driver.first(
        `INSERT INTO managed_login_brandings (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
        [
          style.id,
          style.poolId,
          style.clientId,
          style.useCognitoProvidedValues ? 1 : 0,
          settingsText(style.settings),
          JSON.stringify(style.assets),
          now,
          now,
        ],
      );
      return row === null ? "exists" : toRecord(row);
    },

    /** The style by id, or `null`. */
    async get(poolId: string, id: string): Promise<BrandingRecord | null> {
      const row = await driver.first(
        `SELECT ${COLUMNS} FROM managed_login_brandings WHERE id = ? AND pool_id = ?`,
        [id, poolId],
      );
      return row === null ? null : toRecord(row);
    },

    /** The client's style, or `null`. */
    async ofClient(poolId: string, clientId: string): Promise<BrandingRecord | null> {
      const row = await driver.first(
        `SELECT ${COLUMNS} FROM managed_login_brandings WHERE pool_id = ? AND client_id = ?`,
        [poolId, clientId],
      );
      return row === null ? null : toRecord(row);
    },

    /**
     * Replaces the style's content, if it is still as `read` (compare-and-set on the content and
     * the last change); `null` when it changed or is gone.
     */
    async update(
      read: BrandingRecord,
      content: BrandingContent,
      now: number,
    ): Promise<BrandingRecord | null> {
      const row = await driver.first(
        `UPDATE managed_login_brandings SET use_cognito_provided_values = ?, settings = ?, assets = ?, updated_at = ?
         WHERE id = ? AND pool_id = ? AND updated_at = ? AND assets = ? AND settings IS ? AND use_cognito_provided_values = ?
         RETURNING ${COLUMNS}`,
        [
          content.useCognitoProvidedValues ? 1 : 0,
          settingsText(content.settings),
          JSON.stringify(content.assets),
          Math.max(now, read.updatedAt + 1),
          read.id,
          read.poolId,
          read.updatedAt,
          JSON.stringify(read.assets),
          settingsText(read.settings),
          read.useCognitoProvidedValues ? 1 : 0,
        ],
      );
      return row === null ? null : toRecord(row);
    },

    /** Deletes the style; whether there was one. */
    async delete(poolId: string, id: string): Promise<boolean> {
      return (
        (await driver.run("DELETE FROM managed_login_brandings WHERE id = ? AND pool_id = ?", [id, poolId]))
          .changes > 0
      );
    },
  };
}

/** The managed-login branding repository's type. */
export type BrandingRepository = ReturnType<typeof brandingRepository>;
