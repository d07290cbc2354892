/**
 * Migration 17: SAML key pairs and their self-signed X.509 certificates. `purpose` is `signing`
 * (the pool's key for AuthnRequests and LogoutRequests, GetSigningCertificate; `provider_name`
 * is '') or `encryption` (one per SAML identity provider with EncryptedResponses, its
 * ActiveEncryptionCertificate). The certificate is base64 DER, public; the private key only sealed
 * under the master key (src/runtime/sealed.ts). The primary key makes each one made once:
 * two first uses race to one INSERT, the loser reads the winner's row.
 */
export const SAML_SCHEMA: readonly string[] = [
  `CREATE TABLE saml_certificates (
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    provider_name TEXT NOT NULL,
    certificate TEXT NOT NULL,
    sealed_private_key TEXT NOT NULL,
    not_after BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (pool_id, purpose, provider_name)
  )`,
];
