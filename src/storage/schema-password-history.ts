/**
 * Migration 4: the passwords a user had before (PasswordHistorySize), as what the users table
 * keeps of the current one: an SRP salt and verifier, never the password.
 */
export const PASSWORD_HISTORY_SCHEMA: readonly string[] = [
  `CREATE TABLE password_history (
    sub TEXT NOT NULL REFERENCES users (sub) ON DELETE CASCADE,
    pool_id TEXT NOT NULL,
    srp_salt TEXT NOT NULL,
    srp_verifier TEXT NOT NULL,
    created_at BIGINT NOT NULL
  )`,
  `CREATE INDEX password_history_user ON password_history (sub, created_at)`,
];
