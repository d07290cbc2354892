/**
 * The identity service's OpenID-token signing keys (migration 20): one set for the service, not
 * per pool. A public JWK in clear (the JWKS serves it) and the private JWK sealed under the
 * master key; sealing and opening are the identity-pool layer's business, this repository
 * stores text.
 */
import type { SqlDriver, SqlRow } from "../driver.js";
import { parseObject, type JsonObject } from "./rows.js";

/** A stored OpenID-token signing key. */
export interface IdentitySigningKeyRecord {
  /** The RFC 7638 thumbprint of the public key. */
  kid: string;
  publicJwk: JsonObject;
  /** The private JWK, sealed (never stored in clear). */
  sealedPrivateJwk: string;
  createdAt: number;
}

const COLUMNS = "kid, public_jwk, sealed_private_jwk, created_at";

function toKey(row: SqlRow): IdentitySigningKeyRecord {
  return {
    kid: String(row.kid),
    publicJwk: parseObject(row.public_jwk),
    sealedPrivateJwk: String(row.sealed_private_jwk),
    createdAt: Number(row.created_at),
  };
}

/**
 * The identity signing-key repository.
 *
 * @example
 * ```ts
 * const keys = identitySigningKeyRepository(driver);
 * if ((await keys.list()).length === 0) await keys.add({ kid, publicJwk, sealedPrivateJwk, createdAt: now });
 * const jwks = { keys: (await keys.list()).map((k) => k.publicJwk) };
 * ```
 */
export function identitySigningKeyRepository(driver: SqlDriver) {
  return {
    /** Every key, oldest first. */
    async list(): Promise<IdentitySigningKeyRecord[]> {
      const rows = await driver.all(`SELECT ${COLUMNS} FROM identity_signing_keys ORDER BY created_at, kid`);
      return rows.map(toKey);
    },

    /**
     * Stores a key in one statement; `false` when one of that kid exists (two isolates making
     * the first key at once: the loser reads the winner's with `list`).
     */
    async add(record: IdentitySigningKeyRecord): Promise<boolean> {
      const rows = await driver.all(
        `INSERT INTO identity_signing_keys (${COLUMNS}) VALUES (?, ?, ?, ?) ON CONFLICT (kid) DO NOTHING RETURNING kid`,
        [record.kid, JSON.stringify(record.publicJwk), record.sealedPrivateJwk, record.createdAt],
      );
      return rows.length > 0;
    },
  };
}

/** The identity signing-key repository's type. */
export type IdentitySigningKeyRepository = ReturnType<typeof identitySigningKeyRepository>;
