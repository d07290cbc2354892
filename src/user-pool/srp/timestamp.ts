/**
 * The TIMESTAMP a client signs into PASSWORD_CLAIM_SIGNATURE: `ddd MMM D HH:mm:ss UTC YYYY`, in
 * UTC with English names, the day not zero-padded (`Thu Nov 6 07:05:09 UTC 2025`).
 *
 * The server never re-formats a client's timestamp (the signature covers the string as sent); it
 * only parses it to check that it is recent.
 */

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;
// The day is \d{1,2}: Java's `d` pattern reads "06" as 6 too, and some third-party clients send it.
const FORMAT = /^([A-Z][a-z]{2}) ([A-Z][a-z]{2}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) UTC (\d{4})$/;

/** How far a TIMESTAMP may be from the server clock: docs §2 (the exact Cognito value is unknown). */
export const TIMESTAMP_SKEW_MS = 5 * 60 * 1000;

const two = (n: number) => String(n).padStart(2, "0");

/**
 * Formats `date` as Cognito clients do (amazon-cognito-identity-js `DateHelper.getNowString`).
 *
 * @example
 * ```ts
 * formatTimestamp(new Date("2025-11-06T07:05:09Z")); // "Thu Nov 6 07:05:09 UTC 2025"
 * ```
 */
export function formatTimestamp(date: Date): string {
  return (
    `${DAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()} ` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} UTC ${date.getUTCFullYear()}`
  );
}

/**
 * Parses a client TIMESTAMP to epoch milliseconds; null unless it is exactly in the format,
 * names a real date and time, and its weekday is that date's.
 *
 * @example
 * ```ts
 * parseTimestamp("Thu Nov 6 07:05:09 UTC 2025"); // Date.UTC(2025, 10, 6, 7, 5, 9)
 * parseTimestamp("Fri Nov 6 07:05:09 UTC 2025"); // null: Nov 6 2025 is a Thursday
 * parseTimestamp("2025-11-06T07:05:09Z"); // null
 * ```
 */
export function parseTimestamp(timestamp: string): number | null {
  const match = FORMAT.exec(timestamp);
  if (!match) return null;
  const weekday = DAYS.indexOf(match[1] as (typeof DAYS)[number]);
  const month = MONTHS.indexOf(match[2] as (typeof MONTHS)[number]);
  const [day, hours, minutes, seconds, year] = match.slice(3).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (weekday < 0 || month < 0 || hours > 23 || minutes > 59 || seconds > 59) return null;
  const date = new Date(Date.UTC(year, month, day, hours, minutes, seconds));
  // Date.UTC rolls Feb 30 over into March (and reads years 0..99 as 19xx): not what the client meant.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month || date.getUTCDate() !== day)
    return null;
  if (date.getUTCDay() !== weekday) return null;
  return date.getTime();
}

/**
 * Whether a client TIMESTAMP parses and lies within `skewMs` of `now`, either side.
 *
 * @example
 * ```ts
 * const now = Date.UTC(2025, 10, 6, 7, 5, 9);
 * isTimestampFresh("Thu Nov 6 07:09:09 UTC 2025", now); // true: 4 minutes ahead
 * isTimestampFresh("Thu Nov 6 06:59:09 UTC 2025", now); // false: 6 minutes old
 * ```
 */
export function isTimestampFresh(
  timestamp: string,
  now: number | Date = Date.now(),
  skewMs = TIMESTAMP_SKEW_MS,
): boolean {
  const at = parseTimestamp(timestamp);
  return at !== null && Math.abs(at - Number(now)) <= skewMs;
}
