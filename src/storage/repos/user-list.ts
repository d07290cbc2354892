/**
 * ListUsers: a page of a pool's users, optionally filtered on one attribute with `=` (exact)
 * or `^=` (starts with). Every filter is an index range scan in the listing's order, so a page
 * costs the same whatever the pool's size.
 */
import type { SqlDriver, SqlRow, SqlValue } from "../driver.js";
import { decodePageToken, encodePageToken, pageLimit, pageOf, type Page } from "../page.js";
import type { SecretBox } from "./clients.js";
import { SEARCHED_ATTRIBUTES, toUser, userColumns, type UserRecord } from "./user-record.js";
import { nameKey } from "./username-keys.js";

/**
 * One attribute to match (the shape `parseUserFilter` in src/user-pool returns). `username`
 * and `status` honour `caseSensitive` (for `username`, true in a case-sensitive pool); `sub`, `cognito:user_status` and the searched attributes
 * (email, phone_number, name, given_name, family_name, preferred_username) always match
 * case-insensitively.
 */
export interface UserListFilter {
  attribute: string;
  /** `^=` when true, `=` when false. */
  prefix: boolean;
  value: string;
  caseSensitive?: boolean;
}

/** What `users.list` takes. */
export interface UserListOptions {
  filter?: UserListFilter;
  /** 1-60; default 60. */
  limit?: number;
  nextToken?: string;
}

interface Plan {
  from: string;
  where: string;
  params: SqlValue[];
  /** The sort key, most significant first; unique per row taken together. */
  keys: string[];
}

const MAX_PAGE = 60;
// Above every character's UTF-8 encoding: `value < prefix || MAX_CHAR` bounds a prefix range.
const MAX_CHAR = "\u{10FFFF}";

/** Runs one page of ListUsers (verifiers opened with `box`). */
export async function listUsers(
  driver: SqlDriver,
  box: SecretBox,
  poolId: string,
  options: UserListOptions,
): Promise<Page<UserRecord>> {
  const limit = pageLimit(options.limit, MAX_PAGE);
  const plan = planFor(poolId, options.filter);
  if (plan === null) return { items: [] };
  const listing = `users:${options.filter?.attribute ?? ""}`;
  const after = decodePageToken(
    listing,
    options.nextToken,
    plan.keys.map(() => "string"),
  );
  let where = plan.where;
  const params = [...plan.params];
  if (after !== undefined) {
    where += ` AND ${keyset(plan.keys)}`;
    for (let i = 0; i < plan.keys.length; i++) {
      params.push(...(i < plan.keys.length - 1 ? [after[i]!, after[i]!] : [after[i]!]));
    }
  }
  const selected = plan.keys.map((key, i) => `${key} AS page_key_${i}`).join(", ");
  const rows = await driver.all<SqlRow>(
    `SELECT ${userColumns("u")}, ${selected} FROM ${plan.from} WHERE ${where} ORDER BY ${plan.keys.join(", ")} LIMIT ?`,
    [...params, limit + 1],
  );
  const page = pageOf(rows, limit, (last) =>
    encodePageToken(
      listing,
      plan.keys.map((_, i) => String(last[`page_key_${i}`])),
    ),
  );
  return { ...page, items: await Promise.all(page.items.map((row) => toUser(row, box))) };
}

// (k1 > ? OR (k1 = ? AND (k2 > ?))): strictly after the last row, in ORDER BY k1, k2 order.
function keyset(keys: string[]): string {
  const [first, ...rest] = keys;
  return rest.length === 0 ? `${first} > ?` : `(${first} > ? OR (${first} = ? AND ${keyset(rest)}))`;
}

function match(column: string, prefix: boolean, value: string): [string, SqlValue[]] {
  return prefix
    ? [`${column} >= ? AND ${column} < ?`, [value, value + MAX_CHAR]]
    : [`${column} = ?`, [value]];
}

function planFor(poolId: string, filter: UserListFilter | undefined): Plan | null {
  const users = (where: string, params: SqlValue[], keys: string[]): Plan => ({
    from: "users u",
    where: `u.pool_id = ? AND ${where}`,
    params: [poolId, ...params],
    keys,
  });
  if (filter === undefined)
    return { from: "users u", where: "u.pool_id = ?", params: [poolId], keys: ["u.username_lower"] };
  const { attribute, prefix, value } = filter;
  const sensitive = filter.caseSensitive ?? false;
  switch (attribute) {
    case "username": {
      const column = sensitive ? "u.username" : "u.username_lower";
      const [where, params] = match(column, prefix, sensitive ? value : nameKey(value, false));
      return users(where, params, [column]);
    }
    case "sub": {
      const [where, params] = match("u.sub", prefix, value.toLowerCase());
      return users(where, params, ["u.sub"]);
    }
    case "cognito:user_status": {
      const [where, params] = match("u.status", prefix, value.toUpperCase());
      return users(where, params, ["u.status", "u.username_lower"]);
    }
    case "status": {
      const wanted = sensitive ? value : value.toLowerCase();
      const states = [
        ["Enabled", 1],
        ["Disabled", 0],
      ] as const;
      const hits = states.filter(([label]) => {
        const name = sensitive ? label : label.toLowerCase();
        return prefix ? name.startsWith(wanted) : name === wanted;
      });
      if (hits.length === 0) return null;
      if (hits.length === 2) return users("1 = 1", [], ["u.username_lower"]);
      return users("u.enabled = ?", [hits[0]![1]], ["u.username_lower"]);
    }
    default: {
      if (!(SEARCHED_ATTRIBUTES as readonly string[]).includes(attribute))
        throw new TypeError(`ListUsers cannot search ${attribute}`);
      const [where, params] = match("s.value", prefix, value.toLowerCase());
      return {
        from: "user_search s JOIN users u ON u.sub = s.sub",
        where: `s.pool_id = ? AND s.name = ? AND ${where}`,
        params: [poolId, attribute, ...params],
        keys: ["s.value", "s.sub"],
      };
    }
  }
}
