/**
 * Migration 1: the user-pool schema. Portable SQL (SQLite, D1, PostgreSQL): TEXT, INTEGER and
 * BIGINT only; times are epoch milliseconds, booleans 0/1, JSON is TEXT; every key is chosen by
 * the application (no auto-increment). Rows that belong to a user hang off `users` with
 * ON DELETE CASCADE, and users off their pool, so deleting either cleans up after itself.
 */
export const INITIAL_SCHEMA: readonly string[] = [
  `CREATE TABLE user_pools (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    config TEXT NOT NULL,
    revision TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
  )`,

  `CREATE TABLE user_pool_clients (
    id TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    secret TEXT,
    config TEXT NOT NULL,
    revision TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
  )`,
  `CREATE INDEX user_pool_clients_pool ON user_pool_clients (pool_id, id)`,

  // username_lower is what makes usernames case-insensitive: one per pool, claimed by one INSERT.
  // failed_sign_ins / last_failed_sign_in_at drive the lockout; signed_out_at revokes every
  // token issued before it (GlobalSignOut); revision changes on every write (compare-and-set).
  `CREATE TABLE users (
    sub TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    username TEXT NOT NULL,
    username_lower TEXT NOT NULL,
    status TEXT NOT NULL,
    enabled INTEGER NOT NULL DEFAULT 1,
    attributes TEXT NOT NULL,
    srp_salt TEXT,
    srp_verifier TEXT,
    password_expires_at BIGINT,
    password_updated_at BIGINT,
    failed_sign_ins INTEGER NOT NULL DEFAULT 0,
    last_failed_sign_in_at BIGINT,
    signed_out_at BIGINT,
    revision TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (pool_id, username_lower)
  )`,
  `CREATE INDEX users_pool_username ON users (pool_id, username)`,
  `CREATE INDEX users_pool_status ON users (pool_id, status, username_lower)`,
  `CREATE INDEX users_pool_enabled ON users (pool_id, enabled, username_lower)`,

  // Sign-in aliases (email, phone_number, preferred_username): the primary key makes each value
  // belong to at most one user of a pool. Only verified (or otherwise claimed) values are here.
  `CREATE TABLE user_aliases (
    pool_id TEXT NOT NULL,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    sub TEXT NOT NULL REFERENCES users (sub) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (pool_id, name, value)
  )`,
  `CREATE INDEX user_aliases_sub ON user_aliases (sub)`,

  // ListUsers' searchable attributes, lower-cased, so `email ^= "ali"` is an index range scan.
  `CREATE TABLE user_search (
    pool_id TEXT NOT NULL,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    sub TEXT NOT NULL REFERENCES users (sub) ON DELETE CASCADE,
    PRIMARY KEY (pool_id, name, value, sub)
  )`,
  `CREATE INDEX user_search_sub ON user_search (sub)`,

  `CREATE TABLE user_groups (
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT,
    role_arn TEXT,
    precedence INTEGER,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (pool_id, name)
  )`,

  `CREATE TABLE group_members (
    pool_id TEXT NOT NULL,
    group_name TEXT NOT NULL,
    sub TEXT NOT NULL REFERENCES users (sub) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (pool_id, group_name, sub),
    FOREIGN KEY (pool_id, group_name) REFERENCES user_groups (pool_id, name) ON DELETE CASCADE
  )`,
  `CREATE INDEX group_members_sub ON group_members (sub)`,

  // One live code per user and purpose; a new one replaces the old. Only a hash is stored.
  `CREATE TABLE codes (
    pool_id TEXT NOT NULL,
    username_lower TEXT NOT NULL,
    purpose TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    consumed_at BIGINT,
    PRIMARY KEY (pool_id, username_lower, purpose),
    FOREIGN KEY (pool_id, username_lower) REFERENCES users (pool_id, username_lower) ON DELETE CASCADE
  )`,

  // Auth-flow sessions (the opaque Session of a challenge): single use, minutes long, hashed.
  // sub is null for the simulated session of a user who does not exist.
  `CREATE TABLE auth_sessions (
    id_hash TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    client_id TEXT NOT NULL,
    username TEXT NOT NULL,
    sub TEXT REFERENCES users (sub) ON DELETE CASCADE,
    challenge TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    consumed_at BIGINT
  )`,
  `CREATE INDEX auth_sessions_pool ON auth_sessions (pool_id)`,
  `CREATE INDEX auth_sessions_sub ON auth_sessions (sub)`,
  `CREATE INDEX auth_sessions_expiry ON auth_sessions (expires_at)`,

  // Refresh tokens, hashed. A family is one sign-in and every token rotated from it (its
  // origin_jti, which access tokens carry too); replaced_by links a rotated token to its
  // successor, and setting it is how a rotation claims the token.
  `CREATE TABLE refresh_tokens (
    token_hash TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL,
    client_id TEXT NOT NULL REFERENCES user_pool_clients (id) ON DELETE CASCADE,
    sub TEXT NOT NULL REFERENCES users (sub) ON DELETE CASCADE,
    family_id TEXT NOT NULL,
    auth_time BIGINT NOT NULL,
    scope TEXT,
    device_key TEXT,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    rotated_at BIGINT,
    replaced_by TEXT,
    revoked_at BIGINT
  )`,
  `CREATE INDEX refresh_tokens_sub ON refresh_tokens (sub)`,
  `CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id)`,
  `CREATE INDEX refresh_tokens_client ON refresh_tokens (client_id)`,

  `CREATE TABLE auth_events (
    id TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL,
    sub TEXT NOT NULL REFERENCES users (sub) ON DELETE CASCADE,
    event_type TEXT NOT NULL,
    event_response TEXT NOT NULL,
    data TEXT NOT NULL,
    feedback TEXT,
    created_at BIGINT NOT NULL
  )`,
  `CREATE INDEX auth_events_user ON auth_events (sub, created_at, id)`,
];
