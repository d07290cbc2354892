/**
 * Identities of identity pools (migration 20) and the logins that name them. A login (a
 * provider and its subject) names one identity of a pool: the primary key of `identity_logins`
 * makes it so, and every write that gives a login to an identity is one statement or one batch
 * that the key arbitrates, so of two sign-ins, links or merges racing for one login exactly one
 * wins. A merged identity is kept, disabled (`mergedInto`), and holds no login.
 */
import { sql, type SqlDriver, type SqlStatement } from "../driver.js";
import { decodePageToken, encodePageToken, pageLimit, pageOf, type Page } from "../page.js";
import { mergeIdentities, type MergeResult } from "./identity-merge.js";
import {
  IDENTITY_COLUMNS as COLUMNS,
  identityRow,
  type IdentityLogin,
  type IdentityRecord,
  LOGIN_ORDER,
  MAX_IDENTITY_LOGINS,
  toIdentities,
  withLogins,
} from "./identity-record.js";

/** How a link ended. */
export type LinkResult =
  | "linked"
  /** The identity holds this login already. */
  | "held"
  /** Another identity of the pool holds the login. */
  | { heldBy: string }
  /** The identity holds another subject of that provider (the developer provider too). */
  | "provider-taken"
  /** The identity holds {@link MAX_IDENTITY_LOGINS} logins. */
  | "limit"
  /** No such identity, or it is disabled (merged). */
  | "gone";

/** ListIdentities' and LookupDeveloperIdentity's MaxResults are 1 to 60. */
const MAX_PAGE = 60;
/** Ids per DELETE, well under D1's 100 bound parameters. */
const DELETE_CHUNK = 50;

/**
 * The identity repository.
 *
 * @example
 * ```ts
 * const identities = identityRepository(driver);
 * const { identityId } = await identities.forLogin(poolId, "accounts.google.com", sub, `us-east-1:${crypto.randomUUID()}`, now);
 * await identities.link(identityId, "graph.facebook.com", facebookId, now); // "linked"
 * ```
 */
export function identityRepository(driver: SqlDriver) {
  const holder = async (poolId: string, provider: string, subject: string): Promise<string | null> => {
    const row = await driver.first(
      "SELECT identity_id FROM identity_logins WHERE pool_id = ? AND provider = ? AND subject = ?",
      [poolId, provider, subject],
    );
    return row === null ? null : String(row.identity_id);
  };

  return {
    /**
     * Creates an identity that holds no login (an unauthenticated one). The pool gone throws
     * SqlConstraintError (`foreign_key`), an id in use SqlConstraintError (`unique`).
     */
    async create(poolId: string, identityId: string, now: number): Promise<void> {
      await driver.run(`INSERT INTO identities (${COLUMNS}) VALUES (?, ?, ?, ?, NULL, 0)`, [
        identityId,
        poolId,
        now,
        now,
      ]);
    },

    /** The identity with its logins, or `null`. */
    async get(identityId: string): Promise<IdentityRecord | null> {
      const rows = await driver.all(`${withLogins("identities i")} WHERE i.id = ? ORDER BY ${LOGIN_ORDER}`, [
        identityId,
      ]);
      return toIdentities(rows)[0] ?? null;
    },

    /**
     * The identity that holds this login, or a new identity `newId` (a fresh id) holding it: one
     * batch, so of concurrent calls for one new login one creates and the others get its id.
     * The pool gone throws SqlConstraintError (`foreign_key`).
     */
    async forLogin(
      poolId: string,
      provider: string,
      subject: string,
      newId: string,
      now: number,
    ): Promise<{ identityId: string; created: boolean }> {
      for (let attempt = 0; ; attempt++) {
        const [, inserted, , held] = await driver.batch([
          sql(
            `INSERT INTO identities (${COLUMNS}) SELECT ?, ?, CAST(? AS BIGINT), CAST(? AS BIGINT), NULL, 1
             WHERE NOT EXISTS (SELECT 1 FROM identity_logins WHERE pool_id = ? AND provider = ? AND subject = ?)`,
            newId,
            poolId,
            now,
            now,
            poolId,
            provider,
            subject,
          ),
          sql(
            `INSERT INTO identity_logins (pool_id, provider, subject, identity_id, created_at)
             SELECT pool_id, ?, ?, id, CAST(? AS BIGINT) FROM identities WHERE id = ? AND pool_id = ? AND created_at = ?
             ON CONFLICT DO NOTHING RETURNING identity_id`,
            provider,
            subject,
            now,
            newId,
            poolId,
            now,
          ),
          // An engine that lets two such batches interleave (PostgreSQL under READ COMMITTED) may
          // insert both identities; the loser's, left without its login, goes.
          sql(
            `DELETE FROM identities WHERE id = ? AND pool_id = ? AND created_at = ?
               AND NOT EXISTS (SELECT 1 FROM identity_logins WHERE identity_id = ?)`,
            newId,
            poolId,
            now,
            newId,
          ),
          sql(
            "SELECT identity_id FROM identity_logins WHERE pool_id = ? AND provider = ? AND subject = ?",
            poolId,
            provider,
            subject,
          ),
        ]);
        const identityId = held!.rows[0]?.identity_id;
        if (identityId !== undefined && identityId !== null)
          return { identityId: String(identityId), created: inserted!.rows.length > 0 };
        // Only an unlink between the statements of an interleaving engine gets here.
        if (attempt >= 2) throw new Error("The login's identity could not be settled");
      }
    },

    /** The identity holding this login, or `null`. */
    findByLogin(poolId: string, provider: string, subject: string): Promise<string | null> {
      return holder(poolId, provider, subject);
    },

    /**
     * Gives the identity one more login, in one statement that the login's key arbitrates: only
     * while the identity is live, holds no other subject of that provider, and holds fewer than
     * {@link MAX_IDENTITY_LOGINS} logins. The identity's last-modified time moves with it.
     */
    async link(identityId: string, provider: string, subject: string, now: number): Promise<LinkResult> {
      const [inserted] = await driver.batch([
        sql(
          `INSERT INTO identity_logins (pool_id, provider, subject, identity_id, created_at)
           SELECT pool_id, ?, ?, id, CAST(? AS BIGINT) FROM identities
           WHERE id = ? AND merged_into IS NULL
             AND NOT EXISTS (SELECT 1 FROM identity_logins WHERE identity_id = ? AND provider = ?)
             AND (SELECT COUNT(*) FROM identity_logins WHERE identity_id = ?) < ?
           ON CONFLICT DO NOTHING RETURNING identity_id`,
          provider,
          subject,
          now,
          identityId,
          identityId,
          provider,
          identityId,
          MAX_IDENTITY_LOGINS,
        ),
        sql(
          `UPDATE identities SET last_modified_at = ?, signed_in = 1 WHERE id = ?
             AND EXISTS (SELECT 1 FROM identity_logins WHERE identity_id = ? AND provider = ? AND subject = ? AND created_at = ?)`,
          now,
          identityId,
          identityId,
          provider,
          subject,
          now,
        ),
      ]);
      if (inserted!.rows.length > 0) return "linked";
      const identity = await identityRow(driver, identityId);
      if (identity === null) return "gone";
      const heldBy = await holder(identity.poolId, provider, subject);
      if (heldBy === identityId) return "held";
      if (heldBy !== null) return { heldBy };
      if (identity.mergedInto !== null) return "gone";
      const taken = await driver.first(
        "SELECT 1 AS n FROM identity_logins WHERE identity_id = ? AND provider = ?",
        [identityId, provider],
      );
      return taken !== null ? "provider-taken" : "limit";
    },

    /**
     * Merges `childId` into `parentId` in one batch: the child's logins move to the parent, the
     * child is disabled (`mergedInto` the parent), and identities merged into the child earlier
     * now point at the parent. All or nothing: refused when either is not a live identity of the
     * pool, when the two hold more than {@link MAX_IDENTITY_LOGINS} logins together, or when they
     * hold different subjects of one provider other than the pool's developer provider ("If the
     * users to be merged are associated with the same public provider, but as two different
     * users, an exception will be thrown", MergeDeveloperIdentities: two developer user
     * identifiers are what it merges). Merging an identity into itself, or again into the same
     * parent, is "merged" and changes nothing.
     */
    merge(poolId: string, parentId: string, childId: string, now: number): Promise<MergeResult> {
      return mergeIdentities(driver, poolId, parentId, childId, now);
    },

    /** Removes these logins from the identity (one batch); returns how many it held. */
    async unlink(identityId: string, logins: readonly IdentityLogin[], now: number): Promise<number> {
      const unique = [...new Map(logins.map((l) => [JSON.stringify([l.provider, l.subject]), l])).values()];
      if (unique.length === 0) return 0;
      const statements: SqlStatement[] = unique.flatMap((l) => [
        sql(
          `UPDATE identities SET last_modified_at = ? WHERE id = ?
             AND EXISTS (SELECT 1 FROM identity_logins WHERE identity_id = ? AND provider = ? AND subject = ?)`,
          now,
          identityId,
          identityId,
          l.provider,
          l.subject,
        ),
        sql(
          "DELETE FROM identity_logins WHERE identity_id = ? AND provider = ? AND subject = ? RETURNING identity_id",
          identityId,
          l.provider,
          l.subject,
        ),
      ]);
      const results = await driver.batch(statements);
      return results.filter((r, i) => i % 2 === 1 && r.rows.length > 0).length;
    },

    /** Moves the identity's last-modified time (a sign-in). */
    async touch(identityId: string, now: number): Promise<void> {
      await driver.run("UPDATE identities SET last_modified_at = ? WHERE id = ?", [now, identityId]);
    },

    /** ListIdentities: the pool's identities by id, `maxResults` (1-60) at a time; `hideDisabled` leaves out merged ones. */
    async list(
      poolId: string,
      maxResults: number,
      nextToken?: string,
      hideDisabled = false,
    ): Promise<Page<IdentityRecord>> {
      const limit = pageLimit(maxResults, MAX_PAGE);
      const [after] = decodePageToken("identities", nextToken, ["string"]) ?? [];
      const live = hideDisabled ? " AND merged_into IS NULL" : "";
      const rows = await driver.all(
        `${withLogins(`(SELECT ${COLUMNS} FROM identities WHERE pool_id = ? AND id > ?${live} ORDER BY id LIMIT ?) i`)}
         ORDER BY i.id, ${LOGIN_ORDER}`,
        [poolId, after ?? "", limit + 1],
      );
      return pageOf(toIdentities(rows), limit, (last) => encodePageToken("identities", [last.id]));
    },

    /** DeleteIdentities: deletes these identities with their logins; returns the ids that existed. */
    async delete(ids: readonly string[]): Promise<string[]> {
      const unique = [...new Set(ids)];
      const statements: SqlStatement[] = [];
      for (let i = 0; i < unique.length; i += DELETE_CHUNK) {
        const chunk = unique.slice(i, i + DELETE_CHUNK);
        statements.push(
          sql(
            `DELETE FROM identities WHERE id IN (${chunk.map(() => "?").join(", ")}) RETURNING id`,
            ...chunk,
          ),
        );
      }
      const results = await driver.batch(statements);
      return results.flatMap((r) => r.rows.map((row) => String(row.id)));
    },

    /**
     * LookupDeveloperIdentity: the pool's logins of `provider` (its developer provider), of one
     * identity and/or one subject, by identity then subject, `maxResults` (1-60) at a time.
     */
    async developerLogins(
      poolId: string,
      provider: string,
      filter: { identityId?: string; subject?: string },
      maxResults: number,
      nextToken?: string,
    ): Promise<Page<{ identityId: string; subject: string }>> {
      const limit = pageLimit(maxResults, MAX_PAGE);
      const [afterId, afterSubject] = decodePageToken("developer-logins", nextToken, [
        "string",
        "string",
      ]) ?? ["", ""];
      let where = "pool_id = ? AND provider = ? AND (identity_id > ? OR (identity_id = ? AND subject > ?))";
      const params = [poolId, provider, afterId!, afterId!, afterSubject!];
      if (filter.identityId !== undefined) {
        where += " AND identity_id = ?";
        params.push(filter.identityId);
      }
      if (filter.subject !== undefined) {
        where += " AND subject = ?";
        params.push(filter.subject);
      }
      const rows = await driver.all(
        `SELECT identity_id, subject FROM identity_logins WHERE ${where} ORDER BY identity_id, subject LIMIT ?`,
        [...params, limit + 1],
      );
      return pageOf(
        rows.map((row) => ({ identityId: String(row.identity_id), subject: String(row.subject) })),
        limit,
        (last) => encodePageToken("developer-logins", [last.identityId, last.subject]),
      );
    },
  };
}

/** The identity repository's type. */
export type IdentityRepository = ReturnType<typeof identityRepository>;
