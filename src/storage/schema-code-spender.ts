/**
 * Migration 13: an authorization code records which exchange spent it. The token endpoint spends
 * a code and stores the refresh token of its family in one transaction (repos/refresh-tokens.ts,
 * `issueForCode`); the token is stored only where the spending is that call's, and a time is no
 * proof of that: a refused presentation that spent the code in the same millisecond looked like
 * the exchange's own spending. `spent_by` holds the hash of the refresh token the exchange stores.
 */
export const CODE_SPENDER_SCHEMA: readonly string[] = [`ALTER TABLE oauth_codes ADD COLUMN spent_by TEXT`];
