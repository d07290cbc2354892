/**
 * Migration 2: the pools' token signing keys. The public JWK is kept in clear (the JWKS serves
 * it); the private JWK only sealed under the master key (src/runtime/sealed.ts). `purpose`
 * is `id` or `access`: Cognito signs the two token kinds with different keys.
 */
export const SIGNING_KEYS_SCHEMA: readonly string[] = [
  `CREATE TABLE pool_signing_keys (
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    kid TEXT NOT NULL,
    purpose TEXT NOT NULL,
    public_jwk TEXT NOT NULL,
    sealed_private_jwk TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (pool_id, kid)
  )`,
  `CREATE INDEX pool_signing_keys_purpose ON pool_signing_keys (pool_id, purpose, created_at)`,
];
