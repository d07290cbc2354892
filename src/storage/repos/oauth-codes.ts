/**
 * OAuth authorization codes, stored by keyed hash only (the caller hashes), bound to the pool,
 * client and user, with the grant they stand for as one JSON document the OAuth layer owns, and
 * the id of the token family they will start. A code is consumed once by one atomic UPDATE; a
 * second presentation finds it consumed, is marked a replay, and tells the caller which family
 * to revoke (RFC 6749 section 4.1.2).
 */
import { purgeBatch } from "../purge.js";
import type { SqlDriver, SqlRow } from "../driver.js";
import { optionalNumber, parseObject, type JsonObject } from "./rows.js";

/** A stored authorization code. */
export interface OAuthCodeRecord<G extends object = JsonObject> {
  codeHash: string;
  poolId: string;
  clientId: string;
  sub: string;
  grant: G;
  /** The `origin_jti` of the tokens the code is exchanged for: the refresh-token family. */
  familyId: string;
  createdAt: number;
  expiresAt: number;
  consumedAt: number | null;
  /** When the code was first presented again after its use. */
  replayedAt: number | null;
}

/** A code to store. */
export type NewOAuthCode<G extends object = JsonObject> = Pick<
  OAuthCodeRecord<G>,
  "codeHash" | "poolId" | "clientId" | "sub" | "grant" | "familyId" | "expiresAt"
>;

/** What consuming a code found: the live code (now spent), a replay of a spent one, or nothing. */
export type CodeConsumption<G extends object = JsonObject> =
  | { outcome: "consumed"; code: OAuthCodeRecord<G> }
  | { outcome: "replayed"; code: OAuthCodeRecord<G> }
  | { outcome: "unknown" };

const COLUMNS =
  "code_hash, pool_id, client_id, sub, grant_data, family_id, created_at, expires_at, consumed_at, replayed_at";

/**
 * The authorization-code repository.
 *
 * @example
 * ```ts
 * const codes = oauthCodeRepository(driver);
 * await codes.issue({ codeHash, poolId, clientId, sub, grant, familyId, expiresAt: now + 300_000 }, now);
 * const found = await codes.consume(codeHash, Date.now()); // "consumed" once, "replayed" after
 * ```
 */
export function oauthCodeRepository<G extends object = JsonObject>(driver: SqlDriver) {
  const toCode = (row: SqlRow): OAuthCodeRecord<G> => ({
    codeHash: String(row.code_hash),
    poolId: String(row.pool_id),
    clientId: String(row.client_id),
    sub: String(row.sub),
    grant: parseObject<G>(row.grant_data),
    familyId: String(row.family_id),
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    consumedAt: optionalNumber(row.consumed_at),
    replayedAt: optionalNumber(row.replayed_at),
  });

  return {
    /** Stores a new code. */
    async issue(code: NewOAuthCode<G>, now: number): Promise<OAuthCodeRecord<G>> {
      const row = await driver.first(
        `INSERT INTO oauth_codes (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL) RETURNING ${COLUMNS}`,
        [
          code.codeHash,
          code.poolId,
          code.clientId,
          code.sub,
          JSON.stringify(code.grant),
          code.familyId,
          now,
          code.expiresAt,
        ],
      );
      return toCode(row!);
    },

    /**
     * Spends the code for the client it was issued to: of any number of concurrent calls, exactly
     * one gets `consumed` (and only while the code is unexpired); a code already spent answers
     * `replayed` (and is marked so), an expired or unknown one `unknown`. Another client's call
     * is `unknown` and changes nothing: a code seen in a log or a Referer neither burns it nor,
     * replayed, revokes its owner's tokens.
     */
    async consume(codeHash: string, clientId: string, now: number): Promise<CodeConsumption<G>> {
      const spent = await driver.first(
        `UPDATE oauth_codes SET consumed_at = ? WHERE code_hash = ? AND client_id = ? AND consumed_at IS NULL AND expires_at > ? RETURNING ${COLUMNS}`,
        [now, codeHash, clientId, now],
      );
      if (spent !== null) return { outcome: "consumed", code: toCode(spent) };
      const replayed = await driver.first(
        `UPDATE oauth_codes SET replayed_at = COALESCE(replayed_at, ?) WHERE code_hash = ? AND client_id = ? AND consumed_at IS NOT NULL RETURNING ${COLUMNS}`,
        [now, codeHash, clientId],
      );
      return replayed === null ? { outcome: "unknown" } : { outcome: "replayed", code: toCode(replayed) };
    },

    /** The code in any state, or `null`. */
    async find(codeHash: string): Promise<OAuthCodeRecord<G> | null> {
      const row = await driver.first(`SELECT ${COLUMNS} FROM oauth_codes WHERE code_hash = ?`, [codeHash]);
      return row === null ? null : toCode(row);
    },

    /**
     * Deletes codes that expired before `before`. Keep spent codes a while past their expiry
     * (an hour, say): a replay is recognised only while its code is kept.
     */
    async purgeExpired(before: number, limit: number): Promise<number> {
      return await purgeBatch(driver, "oauth_codes", "code_hash", "expires_at <= ?", [before], limit);
    },
  };
}

/** The authorization-code repository's type. */
export type OAuthCodeRepository<G extends object = JsonObject> = ReturnType<typeof oauthCodeRepository<G>>;
