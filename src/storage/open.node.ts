/**
 * Opening the embedded SQLite database on Node: the default storage of `npm start`.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { SqlDriver } from "./driver.js";
import { migrate } from "./migrations.js";
import { openSqliteDatabase, sqliteDriver, type SqliteOptions } from "./sqlite.node.js";

/** The database file's name under the data directory. */
export const SQLITE_FILE = "cognate.db";

/**
 * Opens `{dataDir}/cognate.db` (creating the directory and the file if needed), applies pending
 * migrations, and returns the driver. Safe to call from several processes at once.
 *
 * @example
 * ```ts
 * const driver = await openSqlite(process.env.COGNATE_DATA_DIR ?? ".cognate");
 * const store = repositories(driver);
 * // ... on shutdown:
 * await driver.close?.();
 * ```
 */
export async function openSqlite(dataDir: string, options: SqliteOptions = {}): Promise<SqlDriver> {
  mkdirSync(dataDir, { recursive: true });
  const driver = sqliteDriver(openSqliteDatabase(join(dataDir, SQLITE_FILE), options));
  try {
    await migrate(driver);
  } catch (error) {
    await driver.close?.();
    throw error;
  }
  return driver;
}
