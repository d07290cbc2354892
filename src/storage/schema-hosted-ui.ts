/**
 * Migration 12: the hosted UI and the OAuth 2.0 authorization server. A pool's domains (a prefix
 * and a custom one at most), its resource servers and their scopes, the classic UI's CSS and logo
 * per client (or `ALL`), managed-login styles (one per client), the extra app-client secrets of a
 * rotation, authorization codes (stored by keyed hash, consumed once), and browser sessions (the
 * `cognito` cookie's server side, stored by keyed hash, so sign-out and disabling a user end them),
 * and the devices the hosted UI remembers: a device row bound to a browser by the keyed hash of
 * its long-lived cookie (`browser_key_hash`; NULL for devices an API client confirmed).
 */
export const HOSTED_UI_SCHEMA: readonly string[] = [
  `CREATE TABLE user_pool_domains (
    domain TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    config TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (pool_id, kind)
  )`,

  `CREATE TABLE resource_servers (
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    identifier TEXT NOT NULL,
    name TEXT NOT NULL,
    scopes TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (pool_id, identifier)
  )`,

  `CREATE TABLE ui_customizations (
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    client_id TEXT NOT NULL,
    css TEXT,
    image TEXT,
    image_type TEXT,
    css_version TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (pool_id, client_id)
  )`,

  `CREATE TABLE managed_login_brandings (
    id TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    client_id TEXT NOT NULL REFERENCES user_pool_clients (id) ON DELETE CASCADE,
    use_cognito_provided_values INTEGER NOT NULL DEFAULT 0,
    settings TEXT,
    assets TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (pool_id, client_id)
  )`,

  `CREATE TABLE client_secrets (
    id TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL,
    client_id TEXT NOT NULL REFERENCES user_pool_clients (id) ON DELETE CASCADE,
    secret TEXT NOT NULL,
    created_at BIGINT NOT NULL
  )`,
  `CREATE INDEX client_secrets_client ON client_secrets (client_id, created_at)`,

  `CREATE TABLE oauth_codes (
    code_hash TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL,
    client_id TEXT NOT NULL REFERENCES user_pool_clients (id) ON DELETE CASCADE,
    sub TEXT NOT NULL REFERENCES users (sub) ON DELETE CASCADE,
    grant_data TEXT NOT NULL,
    family_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    consumed_at BIGINT,
    replayed_at BIGINT
  )`,
  `CREATE INDEX oauth_codes_expiry ON oauth_codes (expires_at)`,

  `CREATE TABLE browser_sessions (
    id_hash TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL,
    sub TEXT NOT NULL REFERENCES users (sub) ON DELETE CASCADE,
    data TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    ended_at BIGINT
  )`,
  `CREATE INDEX browser_sessions_user ON browser_sessions (sub)`,
  `CREATE INDEX browser_sessions_expiry ON browser_sessions (expires_at)`,

  `ALTER TABLE devices ADD COLUMN browser_key_hash TEXT`,
  `CREATE UNIQUE INDEX devices_browser ON devices (browser_key_hash)`,
];
