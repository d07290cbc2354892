/** Small conversions between rows and records, shared by the repositories. */

/** A JSON object as stored in a TEXT column. */
export type JsonObject = { [key: string]: unknown };

/** Parses a JSON TEXT column that holds an object. */
export function parseObject<T extends object = JsonObject>(text: unknown): T {
  return JSON.parse(String(text)) as T;
}

/** A fresh revision: changes on every write, so a caller can compare-and-set. */
export function newRevision(): string {
  return crypto.randomUUID();
}

/** A nullable number column (PostgreSQL's BIGINT may arrive as a string). */
export function optionalNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}
