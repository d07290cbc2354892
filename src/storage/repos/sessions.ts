/**
 * Auth-flow sessions: the opaque `Session` that links a challenge (PASSWORD_VERIFIER,
 * NEW_PASSWORD_REQUIRED, ...) to its answer. Stored by hash, single use, minutes long.
 */
import { purgeBatch } from "../purge.js";
import type { SqlDriver, SqlRow } from "../driver.js";
import { optionalNumber, parseObject, type JsonObject } from "./rows.js";

/** A stored session. */
export interface SessionRecord<D extends object = JsonObject> {
  idHash: string;
  poolId: string;
  clientId: string;
  username: string;
  /** `null` for the simulated session of a user who does not exist (PreventUserExistenceErrors). */
  sub: string | null;
  challenge: string;
  /** What the next step needs (SRP's b and B, the challenge's parameters, ...). */
  data: D;
  createdAt: number;
  expiresAt: number;
  consumedAt: number | null;
}

/** A session to create. */
export type NewSession<D extends object = JsonObject> = Omit<SessionRecord<D>, "createdAt" | "consumedAt">;

const COLUMNS =
  "id_hash, pool_id, client_id, username, sub, challenge, data, created_at, expires_at, consumed_at";

/**
 * The session repository.
 *
 * @example
 * ```ts
 * const sessions = sessionRepository(driver);
 * await sessions.create({ idHash, poolId, clientId, username, sub, challenge: "PASSWORD_VERIFIER", data: { b }, expiresAt: now + 180_000 }, now);
 * const session = await sessions.consume(idHash, Date.now()); // null the second time
 * ```
 */
export function sessionRepository<D extends object = JsonObject>(driver: SqlDriver) {
  const toSession = (row: SqlRow): SessionRecord<D> => ({
    idHash: String(row.id_hash),
    poolId: String(row.pool_id),
    clientId: String(row.client_id),
    username: String(row.username),
    sub: row.sub === null ? null : String(row.sub),
    challenge: String(row.challenge),
    data: parseObject<D>(row.data),
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    consumedAt: optionalNumber(row.consumed_at),
  });

  return {
    /** Stores a new session. */
    async create(session: NewSession<D>, now: number): Promise<void> {
      await driver.run(`INSERT INTO auth_sessions (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`, [
        session.idHash,
        session.poolId,
        session.clientId,
        session.username,
        session.sub,
        session.challenge,
        JSON.stringify(session.data),
        now,
        session.expiresAt,
      ]);
    },

    /**
     * Uses the session, exactly once, in one statement: only if unused and unexpired (and, given
     * `issuedFor`, issued for that challenge and client). Of two concurrent answers to one
     * challenge, one gets the session and the other `null`.
     */
    async consume(
      idHash: string,
      now: number,
      issuedFor?: { challenge: string; clientId?: string },
    ): Promise<SessionRecord<D> | null> {
      // With `issuedFor`, a session of another challenge or client is left as it was (`null`):
      // a wrong answer must not use up the right one's session.
      const match =
        issuedFor === undefined
          ? ""
          : ` AND challenge = ?${issuedFor.clientId === undefined ? "" : " AND client_id = ?"}`;
      const params =
        issuedFor === undefined
          ? []
          : [issuedFor.challenge, ...(issuedFor.clientId === undefined ? [] : [issuedFor.clientId])];
      const row = await driver.first(
        `UPDATE auth_sessions SET consumed_at = ? WHERE id_hash = ? AND consumed_at IS NULL AND expires_at > ?${match} RETURNING ${COLUMNS}`,
        [now, idHash, now, ...params],
      );
      return row === null ? null : toSession(row);
    },

    /**
     * Gives a consumed session back for another answer (a wrong MFA code, which clients retry
     * with the same Session), with new data: only the consumption `consumedAt` made, and only
     * while unexpired.
     */
    async release(idHash: string, consumedAt: number, data: D, now: number): Promise<boolean> {
      const result = await driver.run(
        "UPDATE auth_sessions SET consumed_at = NULL, data = ? WHERE id_hash = ? AND consumed_at = ? AND expires_at > ?",
        [JSON.stringify(data), idHash, consumedAt, now],
      );
      return result.changes > 0;
    },

    /** The session in any state, or `null`. */
    async get(idHash: string): Promise<SessionRecord<D> | null> {
      const row = await driver.first(`SELECT ${COLUMNS} FROM auth_sessions WHERE id_hash = ?`, [idHash]);
      return row === null ? null : toSession(row);
    },

    /** Deletes up to `limit` sessions that expired at or before `before`; returns how many. */
    async purgeExpired(before: number, limit: number): Promise<number> {
      return await purgeBatch(driver, "auth_sessions", "id_hash", "expires_at <= ?", [before], limit);
    },
  };
}

/** The session repository's type. */
export type SessionRepository<D extends object = JsonObject> = ReturnType<typeof sessionRepository<D>>;
