/**
 * Migration 18: the SAML replay cache. Each accepted assertion's ID is kept, per pool and identity
 * provider, until the assertion could no longer be accepted anyway (`expires_at`: its
 * NotOnOrAfter plus the clock skew), so a captured response posted again is refused. The primary
 * key makes acceptance one statement that a second presentation cannot also win.
 */
export const SAML_REPLAY_SCHEMA: readonly string[] = [
  `CREATE TABLE saml_assertions (
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    provider_name TEXT NOT NULL,
    assertion_id TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (pool_id, provider_name, assertion_id)
  )`,

  `CREATE INDEX saml_assertions_by_expiry ON saml_assertions (expires_at)`,
];
