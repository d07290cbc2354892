/**
 * SAML certificates (migration 17): the pool's signing key pair and each SAML identity provider's
 * encryption key pair, as a self-signed certificate (base64 DER) and a sealed private key.
 * Sealing and making them are the user-pool layer's business; this repository stores text, and
 * makes each one exactly once.
 */
import { SqlConstraintError, type SqlDriver, type SqlRow } from "../driver.js";

/** What a SAML key pair is for. */
export type SamlKeyPurpose = "signing" | "encryption";

/** A stored SAML key pair. */
export interface SamlCertificateRecord {
  poolId: string;
  purpose: SamlKeyPurpose;
  /** The identity provider of an encryption key; `""` for the pool's signing key. */
  providerName: string;
  /** The X.509 certificate, base64 DER (no PEM armour). */
  certificate: string;
  /** The PKCS#8 private key, sealed (never stored in clear). */
  sealedPrivateKey: string;
  notAfter: number;
  createdAt: number;
}

const COLUMNS = "pool_id, purpose, provider_name, certificate, sealed_private_key, not_after, created_at";

const toRecord = (row: SqlRow): SamlCertificateRecord => ({
  poolId: String(row.pool_id),
  purpose: String(row.purpose) as SamlKeyPurpose,
  providerName: String(row.provider_name),
  certificate: String(row.certificate),
  sealedPrivateKey: String(row.sealed_private_key),
  notAfter: Number(row.not_after),
  createdAt: Number(row.created_at),
});

/**
 * The SAML certificate repository.
 *
 * @example
 * ```ts
 * const certs = samlCertificateRepository(driver);
 * const stored = (await certs.get(poolId, "signing", "")) ?? (await certs.createOnce(made));
 * ```
 */
export function samlCertificateRepository(driver: SqlDriver) {
  async function get(
    poolId: string,
    purpose: SamlKeyPurpose,
    providerName: string,
  ): Promise<SamlCertificateRecord | null> {
    const row = await driver.first(
      `SELECT ${COLUMNS} FROM saml_certificates WHERE pool_id = ? AND purpose = ? AND provider_name = ?`,
      [poolId, purpose, providerName],
    );
    return row === null ? null : toRecord(row);
  }

  return {
    get,

    /**
     * Stores `record` unless its pool, purpose and provider already have one (one statement, so
     * of two racing first uses exactly one is kept), and returns the stored one: `record`, or the
     * one made first. `null` when the pool does not exist.
     */
    async createOnce(record: SamlCertificateRecord): Promise<SamlCertificateRecord | null> {
      try {
        await driver.run(
          `INSERT INTO saml_certificates (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (pool_id, purpose, provider_name) DO NOTHING`,
          [
            record.poolId,
            record.purpose,
            record.providerName,
            record.certificate,
            record.sealedPrivateKey,
            record.notAfter,
            record.createdAt,
          ],
        );
      } catch (error) {
        if (error instanceof SqlConstraintError && error.kind === "foreign_key") return null;
        throw error;
      }
      return get(record.poolId, record.purpose, record.providerName);
    },

    /** Forgets an identity provider's encryption key (its provider was deleted). */
    async deleteProvider(poolId: string, providerName: string): Promise<void> {
      await driver.run(
        "DELETE FROM saml_certificates WHERE pool_id = ? AND purpose = 'encryption' AND provider_name = ?",
        [poolId, providerName],
      );
    },
  };
}

/** The SAML certificate repository's type. */
export type SamlCertificateRepository = ReturnType<typeof samlCertificateRepository>;
