/**
 * The SqlDriver over better-sqlite3: embedded SQLite on Node, the default engine.
 */
import Database from "better-sqlite3";
import { chmodSync, closeSync, existsSync, openSync } from "node:fs";
import {
  SqlConstraintError,
  type BatchResult,
  type SqlDriver,
  type SqlRow,
  type SqlStatement,
  type SqlValue,
} from "./driver.js";

/** Options for {@link openSqliteDatabase}. */
export interface SqliteOptions {
  /** How long a writer waits for another connection's write lock before failing; default 5000 ms. */
  busyTimeoutMs?: number;
  /**
   * When a commit reaches the disk (docs/storage.md#durability). `NORMAL`, the default, syncs the
   * WAL only at checkpoints: a commit survives the process crashing, but the last ones may be lost
   * if the machine loses power or the OS crashes. `FULL` syncs the WAL on every commit, which
   * survives both, at the cost of one fsync per write transaction.
   */
  synchronous?: SqliteSynchronous;
}

/** The values of {@link SqliteOptions.synchronous}: SQLite's `PRAGMA synchronous` levels cognate offers. */
export type SqliteSynchronous = "NORMAL" | "FULL";

/**
 * Opens (creating if needed, mode 0600) a SQLite file with the settings cognate relies on: WAL (readers
 * never block the writer), foreign keys enforced (ON DELETE CASCADE cleans up a user's codes,
 * sessions and tokens), a busy timeout so a second process waits for the lock instead of failing,
 * and `synchronous` as the options say (NORMAL unless told FULL).
 */
export function openSqliteDatabase(file: string, options: SqliteOptions = {}): Database.Database {
  makePrivate(file);
  const db = new Database(file, { timeout: options.busyTimeoutMs ?? 5000 });
  db.pragma("journal_mode = WAL");
  // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the last commits.
  db.pragma(`synchronous = ${options.synchronous === "FULL" ? "FULL" : "NORMAL"}`);
  db.pragma("foreign_keys = ON");
  // Deleted and overwritten content (a secret sealed in place, spent codes, ended sessions) is
  // zeroed in the file, not left in free space for a copy of the file to read.
  db.pragma("secure_delete = ON");
  return db;
}

/**
 * The database holds password verifiers, code hashes and sealed keys: it is made readable by
 * its owner only (0600), whatever the umask or the directory's mode. SQLite creates 0644 files;
 * so the file is created 0600 before SQLite opens it, and SQLite gives the `-wal` and `-shm`
 * files it creates later the database file's own mode. Files an earlier version left readable
 * by others are made private too. (An in-memory database has no file.)
 */
function makePrivate(file: string): void {
  if (file === ":memory:" || file === "" || file.startsWith("file:")) return;
  closeSync(openSync(file, "a", 0o600));
  for (const suffix of ["", "-wal", "-shm", "-journal"]) {
    if (existsSync(file + suffix)) chmodSync(file + suffix, 0o600);
  }
}

const MAX_CACHED_STATEMENTS = 256;

/**
 * A SqlDriver over an open better-sqlite3 connection. Calls are synchronous underneath, so a
 * statement never interleaves with another on the same connection; `batch` is one
 * `BEGIN IMMEDIATE` transaction, which takes the write lock up front (waiting out the busy
 * timeout) so two connections or processes never deadlock upgrading a read to a write.
 *
 * @example
 * ```ts
 * const driver = sqliteDriver(new Database(":memory:"));
 * await migrate(driver);
 * ```
 */
export function sqliteDriver(db: Database.Database): SqlDriver {
  const cache = new Map<string, Database.Statement>();
  const prepare = (text: string): Database.Statement => {
    let statement = cache.get(text);
    if (statement === undefined) {
      statement = db.prepare(text);
      // The repositories use a fixed set of statements; the cap only guards against a caller that builds them freely.
      if (cache.size >= MAX_CACHED_STATEMENTS) cache.clear();
      cache.set(text, statement);
    }
    return statement;
  };
  const execute = (text: string, params: readonly SqlValue[] = []): BatchResult => {
    const statement = prepare(text);
    if (statement.reader) {
      const rows = statement.all(params) as SqlRow[];
      return { rows, changes: statement.readonly ? 0 : rows.length };
    }
    return { rows: [], changes: statement.run(params).changes };
  };
  const transaction = db.transaction((statements: readonly SqlStatement[]) =>
    statements.map((s) => execute(s.sql, s.params)),
  );

  return {
    engine: "sqlite",
    async all<T>(text: string, params?: readonly SqlValue[]) {
      return guard(() => execute(text, params).rows as T[]);
    },
    async first<T>(text: string, params?: readonly SqlValue[]) {
      return guard(() => (execute(text, params).rows[0] as T | undefined) ?? null);
    },
    async run(text: string, params?: readonly SqlValue[]) {
      return guard(() => ({ changes: execute(text, params).changes }));
    },
    async batch(statements: readonly SqlStatement[]) {
      return guard(() => transaction.immediate(statements));
    },
    async checkpoint() {
      return guard(() => {
        // Without waiting: a TRUNCATE checkpoint waits in the busy handler for every reader of an
        // older snapshot (a backup, Litestream), and this connection is the server's one thread.
        const timeout = db.pragma("busy_timeout", { simple: true }) as number;
        db.pragma("busy_timeout = 0");
        try {
          const [result] = db.pragma("wal_checkpoint(TRUNCATE)") as { busy: number }[];
          return result?.busy === 0;
        } finally {
          db.pragma(`busy_timeout = ${Number(timeout)}`);
        }
      });
    },
    async close() {
      cache.clear();
      db.close();
    },
  };
}

function guard<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw normalize(error);
  }
}

// better-sqlite3's SqliteError carries SQLite's extended result code, e.g. SQLITE_CONSTRAINT_UNIQUE.
function normalize(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string" || !code.startsWith("SQLITE_CONSTRAINT")) return error;
  const kind =
    code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY"
      ? "unique"
      : code === "SQLITE_CONSTRAINT_FOREIGNKEY"
        ? "foreign_key"
        : code === "SQLITE_CONSTRAINT_NOTNULL"
          ? "not_null"
          : code === "SQLITE_CONSTRAINT_CHECK"
            ? "check"
            : "other";
  return new SqlConstraintError(kind, (error as Error).message, { cause: error });
}
