/**
 * Migration 11: unconfirmed devices do not pile up. Before it, every sign-in in a pool that
 * tracks devices stored a device that stayed until forgotten, so a client that never calls
 * ConfirmDevice (a server-side app, say) added a row per sign-in without bound. Now a sign-in
 * keeps a user's newest ten unconfirmed devices for a day (repos/devices.ts, `create`); this
 * drops the ones earlier versions left that are more than a day old. Confirmed devices stay.
 */
export const UNCONFIRMED_DEVICES_SCHEMA: readonly string[] = [
  // created_at is in milliseconds; SQLite and D1 both have strftime.
  `DELETE FROM devices
   WHERE confirmed = 0 AND created_at < (CAST(strftime('%s', 'now') AS INTEGER) - 86400) * 1000`,
];
