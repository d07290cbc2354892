/**
 * Migration 15: a pool's identity providers (social, OIDC, SAML) and their identifiers. A
 * provider's `details` is its ProviderDetails as a JSON object, the secrets in it
 * (`client_secret`, Apple's `private_key`) sealed under the master key; `attribute_mapping` is
 * its AttributeMapping, `acr_mapping` its AcrMapping (OIDC; NULL when none). An identifier (IdpIdentifiers, often an e-mail domain) names one provider
 * of the pool, and goes with it.
 */
export const FEDERATION_SCHEMA: readonly string[] = [
  `CREATE TABLE identity_providers (
    pool_id TEXT NOT NULL REFERENCES user_pools (id) ON DELETE CASCADE,
    provider_name TEXT NOT NULL,
    provider_type TEXT NOT NULL,
    details TEXT NOT NULL,
    attribute_mapping TEXT NOT NULL,
    acr_mapping TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (pool_id, provider_name)
  )`,

  `CREATE TABLE idp_identifiers (
    pool_id TEXT NOT NULL,
    identifier TEXT NOT NULL,
    provider_name TEXT NOT NULL,
    PRIMARY KEY (pool_id, identifier),
    FOREIGN KEY (pool_id, provider_name) REFERENCES identity_providers (pool_id, provider_name) ON DELETE CASCADE
  )`,

  `CREATE INDEX idp_identifiers_by_provider ON idp_identifiers (pool_id, provider_name)`,
];
