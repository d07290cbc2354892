/**
 * Migration 16: users' external identities (federation.md §1.6, §4.4). One row per identity a
 * provider vouches for, held by one user of the pool: the federated user it created (`is_primary`
 * 1), or the user it was linked to (AdminLinkProviderForUser, `is_primary` 0).
 *
 * An identity is known by `attribute_name` and `value`: `Cognito_Subject` and the provider's
 * subject (Google `sub`, Facebook `id`, LWA `user_id`, SAML NameID) once it has signed in or was
 * linked by its subject; or, for a SAML/OIDC link made by a mapped pool attribute before the
 * identity's first use, that attribute's name and value (the first sign-in that maps that value
 * turns the row into its subject form). The primary key makes an identity one user's only, so of
 * two first sign-ins of one subject, or a link and a sign-up racing, exactly one wins.
 */
export const FEDERATED_IDENTITIES_SCHEMA: readonly string[] = [
  `CREATE TABLE federated_identities (
    pool_id TEXT NOT NULL,
    provider_name TEXT NOT NULL,
    attribute_name TEXT NOT NULL,
    value TEXT NOT NULL,
    sub TEXT NOT NULL REFERENCES users (sub) ON DELETE CASCADE,
    provider_type TEXT NOT NULL,
    issuer TEXT,
    is_primary INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (pool_id, provider_name, attribute_name, value)
  )`,
  `CREATE INDEX federated_identities_sub ON federated_identities (sub)`,
];
