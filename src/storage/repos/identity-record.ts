/**
 * An identity of an identity pool as repositories read it: the row, its logins, and the
 * conversions from `identities LEFT JOIN identity_logins`.
 */
import type { SqlDriver, SqlRow } from "../driver.js";

/**
 * Logins one identity may hold: "The number of linked logins is limited to 20. So, the number of
 * linked logins for the source user [...] and the destination user [...] together should not be
 * larger than 20" (MergeDeveloperIdentities).
 */
export const MAX_IDENTITY_LOGINS = 20;

/** A login: a canonical provider name and the provider's id of the user. */
export interface IdentityLogin {
  provider: string;
  subject: string;
}

/** A stored identity, with its logins (oldest first). */
export interface IdentityRecord {
  /** `{region}:{uuid}`. */
  id: string;
  poolId: string;
  createdAt: number;
  lastModifiedAt: number;
  /** The identity this one was merged into (it is then disabled), or `null`. */
  mergedInto: string | null;
  /**
   * The identity has held a login (it was linked, made by one, or merged with one that had): it
   * is never a guest again, even with its last login unlinked ("Removing the last linked login will
   * make this identity inaccessible").
   */
  signedIn: boolean;
  logins: IdentityLogin[];
}

export const IDENTITY_COLUMNS = "id, pool_id, created_at, last_modified_at, merged_into, signed_in";

/** Identities with their logins, from `from` (aliased `i`); order by {@link LOGIN_ORDER} after the identity. */
export const withLogins = (from: string) =>
  `SELECT i.id, i.pool_id, i.created_at, i.last_modified_at, i.merged_into, i.signed_in, l.provider, l.subject
   FROM ${from} LEFT JOIN identity_logins l ON l.identity_id = i.id`;

/** The order of an identity's logins: oldest first. */
export const LOGIN_ORDER = "l.created_at, l.provider, l.subject";

/** Identities from rows of {@link withLogins}, ordered by identity. */
export function toIdentities(rows: SqlRow[]): IdentityRecord[] {
  const identities: IdentityRecord[] = [];
  for (const row of rows) {
    let last = identities[identities.length - 1];
    if (last?.id !== String(row.id)) {
      last = {
        id: String(row.id),
        poolId: String(row.pool_id),
        createdAt: Number(row.created_at),
        lastModifiedAt: Number(row.last_modified_at),
        mergedInto: row.merged_into === null ? null : String(row.merged_into),
        signedIn: Number(row.signed_in) === 1,
        logins: [],
      };
      identities.push(last);
    }
    if (row.provider !== null && row.provider !== undefined)
      last.logins.push({ provider: String(row.provider), subject: String(row.subject) });
  }
  return identities;
}

/** The identity's row without its logins, or `null`. */
export async function identityRow(driver: SqlDriver, id: string): Promise<IdentityRecord | null> {
  const row = await driver.first(`SELECT ${IDENTITY_COLUMNS} FROM identities WHERE id = ?`, [id]);
  return row === null ? null : toIdentities([row])[0]!;
}
