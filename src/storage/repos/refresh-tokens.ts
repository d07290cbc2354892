/**
 * Refresh tokens, stored by hash and bound to their client. A family is one sign-in and every
 * token rotated from it; revoking the family ends them all (and, through its id, which access
 * tokens carry as `origin_jti`, the access tokens issued from it).
 */
import { purgeBatch } from "../purge.js";
import { sql, type SqlDriver, type SqlRow, type SqlValue } from "../driver.js";
import { optionalNumber } from "./rows.js";

/** A stored refresh token. */
export interface RefreshTokenRecord {
  tokenHash: string;
  poolId: string;
  clientId: string;
  sub: string;
  familyId: string;
  /** The original sign-in's time (epoch ms): `auth_time` stays it across refreshes. */
  authTime: number;
  scope: string | null;
  deviceKey: string | null;
  createdAt: number;
  expiresAt: number;
  rotatedAt: number | null;
  /** The hash of the token this one was rotated into. */
  replacedBy: string | null;
  revokedAt: number | null;
  /** How the sign-in authenticated (RFC 8176), which refreshed tokens carry on. */
  amr: string[] | null;
  /** The identity provider the family's sign-in went through (`null`: the pool's own, COGNITO). */
  identityProvider: string | null;
}

/** A token to issue. */
export type NewRefreshToken = Pick<
  RefreshTokenRecord,
  "tokenHash" | "poolId" | "clientId" | "sub" | "familyId" | "authTime" | "expiresAt"
> &
  Partial<Pick<RefreshTokenRecord, "scope" | "deviceKey" | "amr" | "identityProvider">>;

const COLUMNS =
  "token_hash, pool_id, client_id, sub, family_id, auth_time, scope, device_key, created_at, expires_at, rotated_at, replaced_by, revoked_at, amr, identity_provider";

function toToken(row: SqlRow): RefreshTokenRecord {
  return {
    tokenHash: String(row.token_hash),
    poolId: String(row.pool_id),
    clientId: String(row.client_id),
    sub: String(row.sub),
    familyId: String(row.family_id),
    authTime: Number(row.auth_time),
    scope: row.scope === null ? null : String(row.scope),
    deviceKey: row.device_key === null ? null : String(row.device_key),
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    rotatedAt: optionalNumber(row.rotated_at),
    replacedBy: row.replaced_by === null ? null : String(row.replaced_by),
    revokedAt: optionalNumber(row.revoked_at),
    amr: typeof row.amr === "string" ? (JSON.parse(row.amr) as string[]) : null,
    identityProvider: typeof row.identity_provider === "string" ? row.identity_provider : null,
  };
}

/** A new token's column values, in COLUMNS order without the rotation and revocation columns. */
function newTokenValues(token: NewRefreshToken, now: number): SqlValue[] {
  return [
    token.tokenHash,
    token.poolId,
    token.clientId,
    token.sub,
    token.familyId,
    token.authTime,
    token.scope ?? null,
    token.deviceKey ?? null,
    now,
    token.expiresAt,
    token.amr ? JSON.stringify(token.amr) : null,
    token.identityProvider ?? null,
  ];
}

/**
 * The refresh-token repository.
 *
 * @example
 * ```ts
 * const tokens = refreshTokenRepository(driver);
 * await tokens.issue({ tokenHash, poolId, clientId, sub, familyId: originJti, authTime: now, expiresAt: now + 30 * DAY }, now);
 * const next = await tokens.rotate(tokenHash, nextHash, Date.now()); // null for the loser of a race, or a reused token
 * ```
 */
export function refreshTokenRepository(driver: SqlDriver) {
  return {
    /** Stores a new token (the first of its family, or one issued without rotation). */
    async issue(token: NewRefreshToken, now: number): Promise<RefreshTokenRecord> {
      const row = await driver.first(
        `INSERT INTO refresh_tokens (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, ?, ?) RETURNING ${COLUMNS}`,
        newTokenValues(token, now),
      );
      return toToken(row!);
    },

    /**
     * Spends an authorization code and stores the first token of its family, in one transaction:
     * the first statement spends the code (`oauth_codes.code_hash`) for `clientId` while it is
     * unspent and unexpired, marking it with this token's hash; the second stores the token only
     * where that mark is there and the code was never replayed. Of any number of concurrent calls,
     * one gets the token and the others `null`, as does a call for a spent, expired, unknown or
     * another client's code. (A replay after this call revokes the token stored here.)
     */
    async issueForCode(
      token: NewRefreshToken,
      code: { hash: string; clientId: string },
      now: number,
    ): Promise<RefreshTokenRecord | null> {
      const [, stored] = await driver.batch([
        sql(
          "UPDATE oauth_codes SET consumed_at = ?, spent_by = ? WHERE code_hash = ? AND client_id = ? AND consumed_at IS NULL AND expires_at > ?",
          now,
          token.tokenHash,
          code.hash,
          code.clientId,
          now,
        ),
        sql(
          `INSERT INTO refresh_tokens (${COLUMNS})
           SELECT ?, ?, ?, ?, ?, CAST(? AS BIGINT), ?, ?, CAST(? AS BIGINT), CAST(? AS BIGINT), NULL, NULL, NULL, ?, ?
           WHERE EXISTS (SELECT 1 FROM oauth_codes WHERE code_hash = ? AND spent_by = ? AND family_id = ? AND replayed_at IS NULL)
           RETURNING ${COLUMNS}`,
          ...newTokenValues(token, now),
          code.hash,
          token.tokenHash,
          token.familyId,
        ),
      ]);
      const row = stored?.rows[0];
      return row === undefined ? null : toToken(row);
    },

    /** The token in any state (rotated, revoked, expired), or `null`. */
    async find(tokenHash: string): Promise<RefreshTokenRecord | null> {
      const row = await driver.first(`SELECT ${COLUMNS} FROM refresh_tokens WHERE token_hash = ?`, [
        tokenHash,
      ]);
      return row === null ? null : toToken(row);
    },

    /**
     * Rotates a live token into `newHash`, exactly once, in one batch: the first statement
     * claims the old token by setting `replaced_by` (only if unrotated, unrevoked, unexpired),
     * the second copies it into the new one only where that claim is this call's. Of two
     * concurrent rotations of one token, one gets the new record and the other `null`. The new
     * token keeps the family, client, user and auth time; it expires at `expiresAt`, or when the
     * old one would have.
     */
    async rotate(
      oldHash: string,
      newHash: string,
      now: number,
      options: { expiresAt?: number } = {},
    ): Promise<RefreshTokenRecord | null> {
      const [, inserted] = await driver.batch([
        sql(
          "UPDATE refresh_tokens SET rotated_at = ?, replaced_by = ? WHERE token_hash = ? AND replaced_by IS NULL AND revoked_at IS NULL AND expires_at > ?",
          now,
          newHash,
          oldHash,
          now,
        ),
        sql(
          `INSERT INTO refresh_tokens (${COLUMNS})
           SELECT ?, pool_id, client_id, sub, family_id, auth_time, scope, device_key, CAST(? AS BIGINT), COALESCE(?, expires_at), NULL, NULL, NULL, amr, identity_provider
           FROM refresh_tokens WHERE token_hash = ? AND replaced_by = ? RETURNING ${COLUMNS}`,
          newHash,
          now,
          options.expiresAt ?? null,
          oldHash,
          newHash,
        ),
      ]);
      const row = inserted!.rows[0];
      return row === undefined ? null : toToken(row);
    },

    /** Revokes every live token of the family (RevokeToken; a rotated token presented again). */
    async revokeFamily(familyId: string, now: number): Promise<number> {
      return (
        await driver.run(
          "UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL",
          [now, familyId],
        )
      ).changes;
    },

    /** Revokes every live token of the user (GlobalSignOut, AdminUserGlobalSignOut, AdminDisableUser). */
    async revokeUser(poolId: string, sub: string, now: number): Promise<number> {
      return (
        await driver.run(
          "UPDATE refresh_tokens SET revoked_at = ? WHERE sub = ? AND pool_id = ? AND revoked_at IS NULL",
          [now, sub, poolId],
        )
      ).changes;
    },

    /** Whether the family was revoked: how GetUser rejects an access token whose `origin_jti` it is. */
    async isFamilyRevoked(familyId: string): Promise<boolean> {
      const row = await driver.first(
        "SELECT 1 AS revoked FROM refresh_tokens WHERE family_id = ? AND revoked_at IS NOT NULL LIMIT 1",
        [familyId],
      );
      return row !== null;
    },

    /**
     * Deletes up to `limit` tokens that expired, and (when revoked) were revoked, at or before
     * `before`; returns how many. A revoked family answers `isFamilyRevoked` and the revocation
     * feed only while a token of it is kept, so pass a time at least the longest access-token
     * validity (1 day) in the past.
     */
    async purgeExpired(before: number, limit: number): Promise<number> {
      return await purgeBatch(
        driver,
        "refresh_tokens",
        "token_hash",
        "expires_at <= ? AND (revoked_at IS NULL OR revoked_at <= ?)",
        [before, before],
        limit,
      );
    },
  };
}

/** The refresh-token repository's type. */
export type RefreshTokenRepository = ReturnType<typeof refreshTokenRepository>;
