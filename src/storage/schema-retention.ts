/**
 * Migration 21: the indexes the retention purges (src/user-pool/retention/) delete by. Each purge
 * takes a bounded batch of the oldest rows past their time; without an index on that time, each
 * batch would scan the whole table, and on Node a scan holds the event loop. Partial indexes keep
 * to the rows a purge can take (spent codes, ended browser sessions, unconfirmed devices).
 */
export const RETENTION_SCHEMA: readonly string[] = [
  `CREATE INDEX auth_events_created ON auth_events (created_at)`,
  `CREATE INDEX refresh_tokens_expiry ON refresh_tokens (expires_at)`,
  `CREATE INDEX codes_expiry ON codes (expires_at)`,
  `CREATE INDEX codes_consumed ON codes (consumed_at) WHERE consumed_at IS NOT NULL`,
  `CREATE INDEX devices_unconfirmed ON devices (created_at) WHERE confirmed = 0`,
  `CREATE INDEX browser_sessions_ended ON browser_sessions (ended_at) WHERE ended_at IS NOT NULL`,
];
