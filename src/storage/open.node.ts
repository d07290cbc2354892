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

const SYNCHRONOUS_LEVELS = ["OFF", "NORMAL", "FULL", "EXTRA"];

/**
 * The journal mode and `synchronous` level an open SQLite connection has, read back from it (not
 * from the options it was opened with), for the start-up lines. `synchronous` is a setting of the
 * connection, not of the file: only the connection itself can say what its commits do.
 *
 * @example
 * ```ts
 * const driver = await openSqlite(dataDir, { synchronous: "FULL" });
 * await sqliteDurability(driver); // { journalMode: "WAL", synchronous: "FULL" }
 * ```
 */
export async function sqliteDurability(
  driver: SqlDriver,
): Promise<{ journalMode: string; synchronous: string }> {
  const journal = await driver.first<{ journal_mode: string }>("PRAGMA journal_mode");
  const level = await driver.first<{ synchronous: number }>("PRAGMA synchronous");
  return {
    journalMode: String(journal?.journal_mode).toUpperCase(),
    synchronous: SYNCHRONOUS_LEVELS[Number(level?.synchronous)] ?? String(level?.synchronous),
  };
}
