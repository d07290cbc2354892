/**
 * The pools' token signing keys (migration 2): a public JWK in clear and a sealed private JWK per
 * key, tagged with what it signs (`id` or `access` tokens). Sealing and opening are the
 * user-pool layer's business; this repository stores text.
 */
import { sql, type SqlDriver, type SqlRow, type SqlStatement } from "../driver.js";
import { parseObject } from "./rows.js";

/** A stored signing key. */
export interface SigningKeyRecord {
  poolId: string;
  kid: string;
  /** Which tokens it signs: `id` or `access`. */
  purpose: string;
  publicJwk: object;
  /** The private JWK, sealed (never stored in clear). */
  sealedPrivateJwk: string;
  createdAt: number;
}

const COLUMNS = "pool_id, kid, purpose, public_jwk, sealed_private_jwk, created_at";

/**
 * The signing-key repository.
 *
 * @example
 * ```ts
 * const keys = signingKeyRepository(driver);
 * await keys.add([{ poolId, kid, purpose: "id", publicJwk, sealedPrivateJwk, createdAt: now }]);
 * const jwks = { keys: (await keys.list(poolId)).map((k) => k.publicJwk) };
 * ```
 */
export function signingKeyRepository(driver: SqlDriver) {
  const toKey = (row: SqlRow): SigningKeyRecord => ({
    poolId: String(row.pool_id),
    kid: String(row.kid),
    purpose: String(row.purpose),
    publicJwk: parseObject(row.public_jwk),
    sealedPrivateJwk: String(row.sealed_private_jwk),
    createdAt: Number(row.created_at),
  });

  return {
    /** The INSERT of one key, for a caller's own batch. */
    insert(key: SigningKeyRecord): SqlStatement {
      return sql(
        `INSERT INTO pool_signing_keys (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`,
        key.poolId,
        key.kid,
        key.purpose,
        JSON.stringify(key.publicJwk),
        key.sealedPrivateJwk,
        key.createdAt,
      );
    },

    /** Stores keys, all or none (one transaction). Fails if the pool does not exist. */
    async add(keys: readonly SigningKeyRecord[]): Promise<void> {
      await driver.batch(keys.map((key) => this.insert(key)));
    },

    /** A pool's keys, oldest first (empty when the pool has none or does not exist). */
    async list(poolId: string): Promise<SigningKeyRecord[]> {
      const rows = await driver.all(
        `SELECT ${COLUMNS} FROM pool_signing_keys WHERE pool_id = ? ORDER BY created_at, kid`,
        [poolId],
      );
      return rows.map(toKey);
    },
  };
}

/** The signing-key repository's type. */
export type SigningKeyRepository = ReturnType<typeof signingKeyRepository>;
