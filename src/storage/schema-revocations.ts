/**
 * Migration 3: the revocation feed's indexes. Authorizers poll each pool for what was revoked
 * since their last poll; both lookups are range scans on (pool, time).
 */
export const REVOCATIONS_SCHEMA: readonly string[] = [
  `CREATE INDEX users_signed_out ON users (pool_id, signed_out_at)`,
  `CREATE INDEX refresh_tokens_revoked ON refresh_tokens (pool_id, revoked_at)`,
];
