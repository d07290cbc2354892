/**
 * Migration 11: devices are stored only once confirmed. Before it, every sign-in in a pool that
 * tracks devices stored an unconfirmed device, so a client that never calls ConfirmDevice (a
 * server-side app, say) added a row per sign-in without bound. Those older than a day are
 * dropped; a younger one (a sign-in in flight when the server was upgraded) can still be
 * confirmed in place. From now on a sign-in writes nothing for a new device
 * (user-pool/device-keys.ts).
 */
export const UNCONFIRMED_DEVICES_SCHEMA: readonly string[] = [
  // created_at is in milliseconds; SQLite and D1 both have strftime.
  `DELETE FROM devices
   WHERE confirmed = 0 AND created_at < (CAST(strftime('%s', 'now') AS INTEGER) - 86400) * 1000`,
];
