/**
 * Keyset pagination: a page ends at a position in the listing's order, and the opaque token
 * carries that position (never an offset, so a page costs the same at row 10 or row 100,000,
 * and rows inserted meanwhile neither repeat nor vanish).
 */
import { base64ToBytes, bytesToBase64Url, utf8 } from "../util/encoding.js";
import { InvalidPaginationTokenError } from "./errors.js";

/** One page of a listing; `nextToken` is absent on the last page. */
export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** The listing a token belongs to, and the sort key of the last row it returned. */
type Position = readonly (string | number)[];

/**
 * The token for "after this row", tagged with the listing's name so a token from one listing
 * is refused by another.
 *
 * @example
 * ```ts
 * encodePageToken("pools", ["us-east-1_abc"]); // opaque base64url
 * ```
 */
export function encodePageToken(listing: string, position: Position): string {
  return bytesToBase64Url(utf8(JSON.stringify([listing, position])));
}

/**
 * The position a token stands for; `undefined` without a token. Throws
 * InvalidPaginationTokenError for a token of another listing, or not ours at all.
 */
export function decodePageToken(
  listing: string,
  token: string | undefined,
  shape: readonly ("string" | "number")[],
): Position | undefined {
  if (token === undefined) return undefined;
  let parsed: unknown;
  try {
    const bytes = base64ToBytes(token);
    if (bytes === null) throw new InvalidPaginationTokenError();
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new InvalidPaginationTokenError();
  }
  if (!Array.isArray(parsed) || parsed[0] !== listing || !Array.isArray(parsed[1]))
    throw new InvalidPaginationTokenError();
  const position = parsed[1] as unknown[];
  if (position.length !== shape.length || position.some((value, i) => typeof value !== shape[i]))
    throw new InvalidPaginationTokenError();
  return position as Position;
}

/**
 * Turns `limit + 1` fetched rows into a page: the extra row only says there is a next page.
 *
 * @example
 * ```ts
 * const rows = await driver.all(`... ORDER BY id LIMIT ?`, [..., limit + 1]);
 * return pageOf(rows.map(toPool), limit, (pool) => encodePageToken("pools", [pool.id]));
 * ```
 */
export function pageOf<T>(rows: T[], limit: number, tokenFor: (last: T) => string): Page<T> {
  if (rows.length <= limit) return { items: rows };
  const items = rows.slice(0, limit);
  return { items, nextToken: tokenFor(items[items.length - 1]!) };
}

/** A page size the caller may ask for: an integer from 1 to `max`, else `fallback`. */
export function pageLimit(limit: number | undefined, max: number, fallback = max): number {
  return limit !== undefined && Number.isInteger(limit) && limit >= 1 ? Math.min(limit, max) : fallback;
}
