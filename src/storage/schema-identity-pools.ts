/**
 * Migration 20: identity pools (Cognito Identity), their identities, the logins that name each
 * identity, and the identity service's OpenID-token signing keys.
 *
 * A pool keeps its settings as columns, the list- and map-valued ones as JSON text, as
 * DescribeIdentityPool and GetIdentityPoolRoles give them back. An identity is held by logins:
 * `(pool_id, provider, subject)` is the primary key of `identity_logins`, so one login names one
 * identity of the pool, and of two sign-ins (or two links) racing for one login exactly one wins.
 * `provider` is the canonical provider name (`cognito-idp.{region}.amazonaws.com/{userPoolId}`,
 * `accounts.google.com`, an OIDC host, a SAML provider ARN, or the pool's developer provider
 * name), `subject` the provider's user id (the token's `sub`, or the developer user identifier).
 *
 * A merged identity keeps its row, with `merged_into` naming the identity its logins moved to:
 * it is "disabled" (ListIdentities' HideDisabled), and holds no login. It is no foreign key: a
 * merged identity stays disabled when the one it was merged into is deleted.
 */
export const IDENTITY_POOLS_SCHEMA: readonly string[] = [
  `CREATE TABLE identity_pools (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    allow_unauthenticated INTEGER NOT NULL,
    allow_classic_flow INTEGER NOT NULL,
    developer_provider_name TEXT,
    supported_login_providers TEXT NOT NULL,
    open_id_connect_provider_arns TEXT NOT NULL,
    cognito_identity_providers TEXT NOT NULL,
    saml_provider_arns TEXT NOT NULL,
    tags TEXT NOT NULL,
    roles TEXT NOT NULL,
    role_mappings TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
  )`,
  `CREATE TABLE identity_principal_tags (
    pool_id TEXT NOT NULL REFERENCES identity_pools (id) ON DELETE CASCADE,
    provider_name TEXT NOT NULL,
    use_defaults INTEGER NOT NULL,
    tags TEXT NOT NULL,
    PRIMARY KEY (pool_id, provider_name)
  )`,
  `CREATE TABLE identities (
    id TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL REFERENCES identity_pools (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    last_modified_at BIGINT NOT NULL,
    merged_into TEXT,
    signed_in INTEGER NOT NULL DEFAULT 0
  )`,
  `CREATE INDEX identities_pool ON identities (pool_id, id)`,
  // A merge points the identities merged into the child at the parent (one hop to the live one).
  `CREATE INDEX identities_merged ON identities (merged_into) WHERE merged_into IS NOT NULL`,
  `CREATE TABLE identity_logins (
    pool_id TEXT NOT NULL,
    provider TEXT NOT NULL,
    subject TEXT NOT NULL,
    identity_id TEXT NOT NULL REFERENCES identities (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (pool_id, provider, subject)
  )`,
  `CREATE INDEX identity_logins_identity ON identity_logins (identity_id, provider)`,
  `CREATE TABLE identity_signing_keys (
    kid TEXT PRIMARY KEY,
    public_jwk TEXT NOT NULL,
    sealed_private_jwk TEXT NOT NULL,
    created_at BIGINT NOT NULL
  )`,
];
