/**
 * The classic hosted UI's customization (SetUICustomization): per pool, one record for `ALL` (the
 * pool's default) and one per app client that has its own, each a CSS sheet and a logo, set and
 * replaced together. The logo is kept as base64 with its media type.
 */
import type { SqlDriver, SqlRow } from "../driver.js";

/** The client id of the pool-wide customization. */
export const ALL_CLIENTS = "ALL";

/** A stored customization. */
export interface UiCustomizationRecord {
  poolId: string;
  /** An app client's id, or {@link ALL_CLIENTS}. */
  clientId: string;
  css: string | null;
  /** The logo's bytes, base64, and its media type (`image/png`, `image/jpeg`). */
  image: { base64: string; type: string } | null;
  /** UTC `yyyyMMddHHmmss` of the last Set. */
  cssVersion: string;
  createdAt: number;
  updatedAt: number;
}

const COLUMNS = "pool_id, client_id, css, image, image_type, css_version, created_at, updated_at";

/**
 * The UI-customization repository.
 *
 * @example
 * ```ts
 * const ui = uiCustomizationRepository(driver);
 * await ui.put({ poolId, clientId: "ALL", css, image: null, cssVersion: "20250115191928" }, now);
 * (await ui.get(poolId, clientId)) ?? (await ui.get(poolId, "ALL"));
 * ```
 */
export function uiCustomizationRepository(driver: SqlDriver) {
  const toRecord = (row: SqlRow): UiCustomizationRecord => ({
    poolId: String(row.pool_id),
    clientId: String(row.client_id),
    css: row.css === null ? null : String(row.css),
    image:
      row.image === null ? null : { base64: String(row.image), type: String(row.image_type ?? "image/png") },
    cssVersion: String(row.css_version),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  });

  return {
    /** The record of that pool and client (or `ALL`), or `null`. */
    async get(poolId: string, clientId: string): Promise<UiCustomizationRecord | null> {
      const row = await driver.first(
        `SELECT ${COLUMNS} FROM ui_customizations WHERE pool_id = ? AND client_id = ?`,
        [poolId, clientId],
      );
      return row === null ? null : toRecord(row);
    },

    /** Sets the record, CSS and logo together (one statement; the creation date is kept). */
    async put(
      record: Pick<UiCustomizationRecord, "poolId" | "clientId" | "css" | "image" | "cssVersion">,
      now: number,
    ): Promise<UiCustomizationRecord> {
      const row = await driver.first(
        `INSERT INTO ui_customizations (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (pool_id, client_id) DO UPDATE SET css = excluded.css, image = excluded.image,
           image_type = excluded.image_type,
           css_version = excluded.css_version,
           updated_at = excluded.updated_at
         RETURNING ${COLUMNS}`,
        [
          record.poolId,
          record.clientId,
          record.css,
          record.image?.base64 ?? null,
          record.image?.type ?? null,
          record.cssVersion,
          now,
          now,
        ],
      );
      return toRecord(row!);
    },

    /** Removes the record (a Set with neither CSS nor logo); whether there was one. */
    async delete(poolId: string, clientId: string): Promise<boolean> {
      return (
        (
          await driver.run("DELETE FROM ui_customizations WHERE pool_id = ? AND client_id = ?", [
            poolId,
            clientId,
          ])
        ).changes > 0
      );
    },
  };
}

/** The UI-customization repository's type. */
export type UiCustomizationRepository = ReturnType<typeof uiCustomizationRepository>;
