/**
 * Migration 10: attribute values that wait for verification (the pool's
 * UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate). A user's new email or
 * phone number waits here, one per user and attribute, while the verified old value stays in
 * `users.attributes` and keeps working; the code sent to the new value moves it there.
 */
export const PENDING_ATTRIBUTES_SCHEMA: readonly string[] = [
  `CREATE TABLE pending_attributes (
    sub TEXT NOT NULL REFERENCES users (sub) ON DELETE CASCADE,
    pool_id TEXT NOT NULL,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (sub, name)
  )`,
];
