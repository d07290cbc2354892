/**
 * Migration 9: codes are hashed under a key of the master key from now on (issue 11). The codes
 * stored before were unkeyed SHA-256 hashes, which a copy of the database turns back into codes,
 * and which no longer verify: they are discarded, and their users ask for a new code
 * (ExpiredCodeException says so). No data is lost but live codes, which live a day at most.
 */
export const KEYED_CODES_SCHEMA: readonly string[] = [`DELETE FROM codes`];
