/**
 * Browser sessions: the server side of the hosted UI's `cognito` cookie. The cookie holds an
 * opaque random value; only its keyed hash is stored, with the user (`sub`), the facts of the
 * interactive sign-in (`data`), when it began (`created_at`, the sign-in's time) and when it
 * ends (an hour later, `expires_at`; use never extends it). `/logout` ends one (`ended_at`);
 * deleting the user deletes its sessions (the foreign key).
 */
import { purgeBatch } from "../purge.js";
import type { SqlDriver, SqlRow } from "../driver.js";
import { optionalNumber, parseObject, type JsonObject } from "./rows.js";

/** A stored browser session. */
export interface BrowserSessionRecord<D extends object = JsonObject> {
  idHash: string;
  poolId: string;
  sub: string;
  /** What the sign-in established (username, methods, device), as the oauth layer writes it. */
  data: D;
  /** The interactive sign-in's time (epoch ms). */
  createdAt: number;
  expiresAt: number;
  /** When `/logout` ended it, or `null`. */
  endedAt: number | null;
}

/** A browser session to store. */
export type NewBrowserSession<D extends object = JsonObject> = Omit<BrowserSessionRecord<D>, "endedAt">;

const COLUMNS = "id_hash, pool_id, sub, data, created_at, expires_at, ended_at";

/**
 * The browser-session repository.
 *
 * @example
 * ```ts
 * const sessions = browserSessionRepository(driver);
 * await sessions.create({ idHash, poolId, sub, data: { amr: ["pwd"] }, createdAt: now, expiresAt: now + 3_600_000 });
 * await sessions.live(idHash, poolId, Date.now()); // the record, until it expires or ends
 * ```
 */
export function browserSessionRepository<D extends object = JsonObject>(driver: SqlDriver) {
  const toSession = (row: SqlRow): BrowserSessionRecord<D> => ({
    idHash: String(row.id_hash),
    poolId: String(row.pool_id),
    sub: String(row.sub),
    data: parseObject<D>(row.data),
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    endedAt: optionalNumber(row.ended_at),
  });

  return {
    /**
     * Stores a session, and drops the user's sessions that have expired or ended by `now` (each
     * sign-in cleans up after the user's earlier ones, so the table stays bounded).
     */
    async create(session: NewBrowserSession<D>, now: number): Promise<void> {
      await driver.batch([
        {
          sql: "DELETE FROM browser_sessions WHERE sub = ? AND (expires_at <= ? OR ended_at IS NOT NULL)",
          params: [session.sub, now],
        },
        {
          sql: `INSERT INTO browser_sessions (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, NULL)`,
          params: [
            session.idHash,
            session.poolId,
            session.sub,
            JSON.stringify(session.data),
            session.createdAt,
            session.expiresAt,
          ],
        },
      ]);
    },

    /** The session as stored (ended or expired alike), or `null`. */
    async get(idHash: string): Promise<BrowserSessionRecord<D> | null> {
      const row = await driver.first(`SELECT ${COLUMNS} FROM browser_sessions WHERE id_hash = ?`, [idHash]);
      return row === null ? null : toSession(row);
    },

    /** The pool's session by hash, if it has neither ended nor expired at `now`; else `null`. */
    async live(idHash: string, poolId: string, now: number): Promise<BrowserSessionRecord<D> | null> {
      const row = await driver.first(
        `SELECT ${COLUMNS} FROM browser_sessions WHERE id_hash = ? AND pool_id = ? AND ended_at IS NULL AND expires_at > ?`,
        [idHash, poolId, now],
      );
      return row === null ? null : toSession(row);
    },

    /** Ends the session (`/logout`); `false` when there was none to end. */
    async end(idHash: string, now: number): Promise<boolean> {
      return (
        (
          await driver.run(
            "UPDATE browser_sessions SET ended_at = ? WHERE id_hash = ? AND ended_at IS NULL",
            [now, idHash],
          )
        ).changes > 0
      );
    },

    /** Ends every live session of the user; returns how many. */
    async endUser(poolId: string, sub: string, now: number): Promise<number> {
      return (
        await driver.run(
          "UPDATE browser_sessions SET ended_at = ? WHERE pool_id = ? AND sub = ? AND ended_at IS NULL",
          [now, poolId, sub],
        )
      ).changes;
    },

    /** Deletes up to `limit` sessions expired or ended at or before `before`; returns how many. */
    async purge(before: number, limit: number): Promise<number> {
      const due = ["expires_at <= ?", "ended_at IS NOT NULL AND ended_at <= ?"];
      return await purgeBatch(driver, "browser_sessions", "id_hash", due, [before], limit);
    },
  };
}

/** The browser-session repository's type. */
export type BrowserSessionRepository<D extends object = JsonObject> = ReturnType<
  typeof browserSessionRepository<D>
>;
