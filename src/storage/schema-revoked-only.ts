/**
 * Migration 14: the revocation feed's index on refresh tokens holds revoked tokens only. The feed
 * asks for tokens revoked after a time (`revoked_at > ?`, which SQLite knows to imply
 * `revoked_at IS NOT NULL`), and most tokens are never revoked: the full index (migration 3) took
 * an entry, a page written, for every token issued, on the path of every sign-in and code exchange.
 */
export const REVOKED_ONLY_SCHEMA: readonly string[] = [
  `DROP INDEX refresh_tokens_revoked`,
  `CREATE INDEX refresh_tokens_revoked ON refresh_tokens (pool_id, revoked_at) WHERE revoked_at IS NOT NULL`,
];
