/**
 * Migration 7: an index for threat protection's reading of a user's sign-ins by outcome (the
 * trusted ones, the recent failures), so that token refreshes and other events, however many,
 * are never read on the way.
 */
export const SIGN_IN_HISTORY_SCHEMA: readonly string[] = [
  `CREATE INDEX auth_events_sign_ins ON auth_events (sub, event_type, event_response, created_at)`,
];
