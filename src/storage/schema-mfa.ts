/**
 * Migration 5: each user's MFA factors (which are enabled, which is preferred, the TOTP secret
 * sealed under the master key, the last TOTP time step accepted), and the authentication methods
 * (`amr`) of the sign-in a refresh token continues.
 */
export const MFA_SCHEMA: readonly string[] = [
  `CREATE TABLE user_mfa (
    sub TEXT PRIMARY KEY REFERENCES users (sub) ON DELETE CASCADE,
    pool_id TEXT NOT NULL,
    sms_enabled INTEGER NOT NULL DEFAULT 0,
    totp_enabled INTEGER NOT NULL DEFAULT 0,
    email_enabled INTEGER NOT NULL DEFAULT 0,
    preferred TEXT,
    totp_secret_sealed TEXT,
    totp_pending_sealed TEXT,
    totp_verified INTEGER NOT NULL DEFAULT 0,
    totp_friendly_name TEXT,
    totp_last_step BIGINT,
    updated_at BIGINT NOT NULL
  )`,
  `ALTER TABLE refresh_tokens ADD COLUMN amr TEXT`,
];
