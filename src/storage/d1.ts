/**
 * The SqlDriver over a Cloudflare D1 binding (Workers). Web APIs only.
 */
import {
  constraintKindFromMessage,
  SqlConstraintError,
  type BatchResult,
  type SqlDriver,
  type SqlRow,
  type SqlStatement,
  type SqlValue,
} from "./driver.js";

/** The slice of `D1Database` the driver uses, typed here so the core needs no workers-types. */
export interface D1DatabaseLike {
  prepare(query: string): D1PreparedStatementLike;
  batch(statements: D1PreparedStatementLike[]): Promise<D1ResultLike[]>;
}

/** The slice of `D1PreparedStatement` the driver uses. */
export interface D1PreparedStatementLike {
  bind(...values: unknown[]): D1PreparedStatementLike;
  all(): Promise<D1ResultLike>;
  run(): Promise<D1ResultLike>;
}

/** The slice of `D1Result` the driver uses. */
export interface D1ResultLike {
  results?: unknown[];
  meta?: { changes?: number };
}

const drivers = new WeakMap<D1DatabaseLike, SqlDriver>();

/**
 * A SqlDriver over a D1 binding. D1 runs each statement on its own, and `db.batch()` as one
 * transaction (rolled back whole when a statement fails), which is what `batch` promises.
 * The same binding object gives the same driver, so `migrateOnce` runs once per isolate.
 *
 * @example
 * ```ts
 * export default {
 *   async fetch(request: Request, env: { DB: D1DatabaseLike }) {
 *     const driver = d1Driver(env.DB);
 *     await migrateOnce(driver);
 *     // ...
 *   },
 * };
 * ```
 */
export function d1Driver(db: D1DatabaseLike): SqlDriver {
  let driver = drivers.get(db);
  if (driver === undefined) drivers.set(db, (driver = create(db)));
  return driver;
}

function create(db: D1DatabaseLike): SqlDriver {
  const bind = (text: string, params: readonly SqlValue[] = []) => {
    const statement = db.prepare(text);
    return params.length === 0 ? statement : statement.bind(...params);
  };
  // Repositories only ask whether a statement changed rows: local D1 counts rows that cascades touched too.
  const result = (raw: D1ResultLike): BatchResult => ({
    rows: (raw.results ?? []) as SqlRow[],
    changes: raw.meta?.changes ?? 0,
  });

  return {
    engine: "d1",
    async all<T>(text: string, params?: readonly SqlValue[]) {
      return (await guard(bind(text, params).all())).results as T[];
    },
    async first<T>(text: string, params?: readonly SqlValue[]) {
      // all(), not first(): first() may stop a RETURNING statement after one row.
      const rows = (await guard(bind(text, params).all())).results ?? [];
      return (rows[0] as T | undefined) ?? null;
    },
    async run(text: string, params?: readonly SqlValue[]) {
      return { changes: result(await guard(bind(text, params).run())).changes };
    },
    async batch(statements: readonly SqlStatement[]) {
      if (statements.length === 0) return [];
      const results = await guard(db.batch(statements.map((s) => bind(s.sql, s.params))));
      return results.map(result);
    },
  };
}

async function guard<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    const message =
      error instanceof Error
        ? `${error.message} ${String((error.cause as Error | undefined)?.message ?? "")}`
        : String(error);
    const kind = constraintKindFromMessage(message);
    if (kind === undefined) throw error;
    throw new SqlConstraintError(kind, error instanceof Error ? error.message : message, { cause: error });
  }
}
