/**
 * Migration 6: users' tracked devices. A device is stored when a sign-in hands out its
 * NewDeviceMetadata; ConfirmDevice adds the SRP salt and verifier the client computed, and the
 * remembered status decides whether the device may stand in for MFA. (Unconfirmed devices
 * expire: see migration 11.)
 */
export const DEVICES_SCHEMA: readonly string[] = [
  `CREATE TABLE devices (
    device_key TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL,
    sub TEXT NOT NULL REFERENCES users (sub) ON DELETE CASCADE,
    group_key TEXT NOT NULL,
    name TEXT,
    remembered_status TEXT NOT NULL DEFAULT 'not_remembered',
    confirmed INTEGER NOT NULL DEFAULT 0,
    srp_salt TEXT,
    srp_verifier TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    last_authenticated_at BIGINT
  )`,
  `CREATE INDEX devices_user ON devices (sub, device_key)`,
];
