/**
 * Migration 19: the OIDC and social round trip to an identity provider. The `state` sent to the
 * IdP is sealed and carries everything else, so only its spending is stored: `federation_states`
 * holds the keyed hash of each state that came back, until it would have expired anyway, so a
 * second return with the same state (another code, a replayed redirect) is refused. Refresh
 * tokens record the identity provider of the sign-in their family began with (NULL: the pool's
 * own, COGNITO), so a refresh checks it against the client's SupportedIdentityProviders.
 */
export const FEDERATION_STATE_SCHEMA: readonly string[] = [
  `CREATE TABLE federation_states (
    state_hash TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL,
    expires_at BIGINT NOT NULL
  )`,
  `CREATE INDEX federation_states_expiry ON federation_states (expires_at)`,
  `ALTER TABLE refresh_tokens ADD COLUMN identity_provider TEXT`,
];
