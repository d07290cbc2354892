import type { D1DatabaseLike } from "../storage/d1.js";

/** The values a Worker in development makes up when its bindings do not give them. */
export interface DevelopmentValues {
  accessKeyId: string;
  secretAccessKey: string;
  /** 32 random bytes in base64, as `COGNATE_MASTER_KEY` takes them. */
  masterKey: string;
  /** Where they are kept: the D1 table {@link DEVELOPMENT_TABLE}, or this isolate only (no `DB`). */
  kept: "d1" | "isolate";
  /** Whether this call made them (the first request of a fresh `.wrangler/state`). */
  generated: boolean;
}

/**
 * The D1 table of development values: not part of the user-pool schema (no migration), created
 * only by a Worker in development, in the database `wrangler dev` keeps under `.wrangler/state`.
 */
export const DEVELOPMENT_TABLE = "cognate_development";

/** The SQL that reads the generated admin secret from {@link DEVELOPMENT_TABLE} (what the log tells a developer to run). */
export const DEVELOPMENT_SECRET_QUERY = `SELECT json_extract(value, '$.secretAccessKey') AS secret FROM ${DEVELOPMENT_TABLE} WHERE name = 'values'`;

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));
const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

let inIsolate: DevelopmentValues | undefined;

function generate(): Omit<DevelopmentValues, "kept" | "generated"> {
  return {
    accessKeyId: `AKIA${Array.from(random(16), (b) => BASE32[b & 31]).join("")}`,
    secretAccessKey: base64(random(30)),
    masterKey: base64(random(32)),
  };
}

/**
 * The development admin key pair and master key, generated on first use and kept in D1, so that
 * they, and the pools sealed under the master key, survive a restart of `wrangler dev` as the
 * Node start's files under `.cognate/` do. Two isolates racing keep the first one's values.
 * Without a `DB` binding they last as long as the isolate. Call it only in development.
 */
export async function developmentValues(db: D1DatabaseLike | undefined): Promise<DevelopmentValues> {
  if (db === undefined) {
    inIsolate ??= { ...generate(), kept: "isolate", generated: true };
    const values = inIsolate;
    inIsolate = { ...values, generated: false };
    return values;
  }
  await db
    .prepare(`CREATE TABLE IF NOT EXISTS ${DEVELOPMENT_TABLE} (name TEXT PRIMARY KEY, value TEXT NOT NULL)`)
    .run();
  const inserted = await db
    .prepare(`INSERT OR IGNORE INTO ${DEVELOPMENT_TABLE} (name, value) VALUES ('values', ?)`)
    .bind(JSON.stringify(generate()))
    .run();
  const { results } = await db.prepare(`SELECT value FROM ${DEVELOPMENT_TABLE} WHERE name = 'values'`).all();
  const row = results?.[0] as { value?: unknown } | undefined;
  const saved = JSON.parse(String(row?.value)) as Partial<DevelopmentValues>;
  if (
    typeof saved.accessKeyId !== "string" ||
    typeof saved.secretAccessKey !== "string" ||
    typeof saved.masterKey !== "string"
  )
    throw new Error(`${DEVELOPMENT_TABLE}: the development values are damaged; delete .wrangler/state`);
  return {
    accessKeyId: saved.accessKeyId,
    secretAccessKey: saved.secretAccessKey,
    masterKey: saved.masterKey,
    kept: "d1",
    generated: (inserted.meta?.changes ?? 0) > 0,
  };
}
