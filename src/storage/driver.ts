/**
 * The SQL driver port: the only thing repositories know about a database.
 *
 * Narrow on purpose (better-auth's adapter contract, node-oidc-provider's per-model adapters):
 * four calls, `?` placeholders, and one atomic primitive, `batch`. Every engine (better-sqlite3
 * on Node, D1 in workerd, PostgreSQL later) implements exactly this, and the storage contract
 * suite (test/storage/contract.ts) runs against each.
 *
 * Statements stay portable to PostgreSQL: no SQLite-only syntax beyond what PostgreSQL also has
 * (`ON CONFLICT ... DO NOTHING / DO UPDATE`, `RETURNING`), times as integer epoch milliseconds
 * (BIGINT), booleans as 0/1, JSON as TEXT, no auto-increment keys.
 */

/** A bound parameter or a column value. No booleans (0/1), no `undefined` (use `null`). */
export type SqlValue = string | number | null;

/** A row as the engine returns it: column name to value. */
export type SqlRow = Record<string, SqlValue>;

/** One statement with its `?` parameters, in order. */
export interface SqlStatement {
  sql: string;
  params?: readonly SqlValue[];
}

/** What one statement of a batch did: rows it returned (SELECT or RETURNING), rows it changed. */
export interface BatchResult<T = SqlRow> {
  rows: T[];
  /** Rows inserted, updated or deleted by the statement itself; 0 for a SELECT. */
  changes: number;
}

/**
 * A SQL database, as repositories see it.
 *
 * @example
 * ```ts
 * const user = await driver.first<{ sub: string }>("SELECT sub FROM users WHERE pool_id = ? AND username_lower = ?", [poolId, "alice"]);
 * const { changes } = await driver.run("DELETE FROM sessions WHERE expires_at <= ?", [Date.now()]);
 * ```
 */
export interface SqlDriver {
  /** Which engine: repositories never branch on it; a later dialect layer may. */
  readonly engine: "sqlite" | "d1" | "postgres";
  /** Every row the statement returns (a SELECT, or DML with `RETURNING`). */
  all<T = SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** The first row, or `null` when there is none. DML with `RETURNING` runs in full. */
  first<T = SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<T | null>;
  /** Runs a statement for its effect; `changes` counts the rows it inserted, updated or deleted. */
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
  /**
   * Runs the statements in order as one transaction: all of them take effect, or (when any
   * fails) none does, and the error rejects the promise. Engines serialize batches that write,
   * so a statement later in a batch sees the earlier ones and nobody else's in between.
   */
  batch(statements: readonly SqlStatement[]): Promise<BatchResult[]>;
  /**
   * Moves what the write-ahead log holds into the database and empties the log, so page images
   * of content since overwritten (a secret sealed in place) do not stay in the log file
   * (better-sqlite3). Absent where the platform owns the files (D1). Best effort, and never
   * waiting: while a reader is on an older snapshot the log stays as it is, and it answers `false`.
   */
  checkpoint?(): Promise<boolean>;
  /** Releases the connection (better-sqlite3); a no-op where the platform owns it (D1). */
  close?(): Promise<void>;
}

/**
 * Builds a statement for `batch`.
 */
export function sql(text: string, ...params: SqlValue[]): SqlStatement {
  return { sql: text, params };
}

/** Which integrity rule a write broke. */
export type ConstraintKind = "unique" | "foreign_key" | "not_null" | "check" | "other";

/**
 * A write refused by a constraint, normalized across engines (better-sqlite3's
 * `SQLITE_CONSTRAINT_*` codes, D1's message text, PostgreSQL's SQLSTATE 23xxx), so repositories
 * can turn "that username is taken" into a typed domain error without knowing the engine.
 *
 * @example
 * ```ts
 * try { await driver.batch(statements); }
 * catch (e) { if (e instanceof SqlConstraintError && e.kind === "unique") throw new AliasExistsError("email"); throw e; }
 * ```
 */
export class SqlConstraintError extends Error {
  override readonly name = "SqlConstraintError";
  constructor(
    readonly kind: ConstraintKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Classifies SQLite's constraint messages, as D1 reports them; `undefined` for other errors.
 *
 * @example
 * ```ts
 * constraintKindFromMessage("D1_ERROR: UNIQUE constraint failed: users.sub: SQLITE_CONSTRAINT"); // "unique"
 * ```
 */
export function constraintKindFromMessage(message: string): ConstraintKind | undefined {
  if (!/constraint failed|SQLITE_CONSTRAINT/i.test(message)) return undefined;
  if (/UNIQUE constraint|PRIMARY KEY|SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)/i.test(message)) return "unique";
  if (/FOREIGN KEY/i.test(message)) return "foreign_key";
  if (/NOT NULL/i.test(message)) return "not_null";
  if (/CHECK constraint/i.test(message)) return "check";
  return "other";
}
