/**
 * Migration 8: the limits on one-time codes, per pool, name and purpose, kept apart from the
 * codes themselves so that neither a reissued nor a revoked code starts them over: the attempts
 * in the current window and the lock they led to, and the codes sent in the current window.
 * Keyed by the name as the pool keys usernames and not tied to a user, because a client that
 * hides user existence counts the attempts and sends made for an unknown name the same way.
 */
export const CODE_LIMITS_SCHEMA: readonly string[] = [
  `CREATE TABLE code_limits (
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    name_key TEXT NOT NULL,
    purpose TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    attempt_window_at BIGINT NOT NULL DEFAULT 0,
    locked_until BIGINT NOT NULL DEFAULT 0,
    sends INTEGER NOT NULL DEFAULT 0,
    send_window_at BIGINT NOT NULL DEFAULT 0,
    touched_at BIGINT NOT NULL,
    PRIMARY KEY (pool_id, name_key, purpose)
  )`,
  `CREATE INDEX code_limits_touched ON code_limits (touched_at)`,
];
