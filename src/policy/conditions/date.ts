import type { ConditionClause } from "../types.js";
import { comparison, firstMatch, INVALID, type Matcher, type Words } from "./matcher.js";
import { clip } from "./reason.js";

/** An instant, exactly: whole seconds since the epoch and the fraction's digits (no trailing zeros). */
interface Instant {
  readonly seconds: bigint;
  readonly fraction: string;
}

// W3C-DTF: a date, or a date-time with optional seconds, fraction and zone (absent: UTC).
const DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|([+-])(\d{2}):(\d{2}))?)?$/;
const EPOCH = /^\d+$/;

/**
 * Reads a date as IAM does: a W3C ISO 8601 date or date-time (`2024-01-31`, `2024-01-31T12:00Z`,
 * `2024-01-31T12:00:00.250+02:00`), or epoch seconds written as digits (`1706702400`).
 *
 * Deviation from iam-simulate: it reads digit strings as epoch MILLISECONDS (its test equates
 * `1704067200000` with 2024-01-01); AWS's `aws:EpochTime` and `aws:CurrentTime` comparisons use
 * SECONDS, and so do we. It also accepts anything `Date.parse` does, reading zone-less times in the
 * host's zone; we accept W3C forms only, and a zone-less time is UTC on every host.
 */
export function parseDate(text: string): Instant | undefined {
  if (EPOCH.test(text)) return { seconds: BigInt(text), fraction: "" };
  const m = DATE.exec(text);
  if (m === null) return undefined;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = [1, 2, 3, 4, 5, 6].map((i) =>
    Number(m[i] ?? 0),
  );
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offset = 0;
  if (m[9] !== undefined) {
    const [oh, om] = [Number(m[10]), Number(m[11])];
    if (oh > 23 || om > 59) return undefined;
    offset = (m[9] === "-" ? -1 : 1) * (oh * 3600 + om * 60);
  }
  const seconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset;
  return { seconds: BigInt(seconds), fraction: (m[7] ?? "").replace(/0+$/, "") };
}

/** Orders two instants: negative when `a` is earlier, 0 when equal, positive when later. */
export function compareInstant(a: Instant, b: Instant): number {
  if (a.seconds !== b.seconds) return a.seconds < b.seconds ? -1 : 1;
  return a.fraction === b.fraction ? 0 : a.fraction < b.fraction ? -1 : 1;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's algorithm), for any year,
// where Date.UTC would read years 0-99 as 1900-1999.
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

type Check = (order: number) => boolean;

// Negated operators are read in their positive form; the modifiers negate.
const CHECKS: Readonly<Record<string, [Check, Words]>> = {
  DateEquals: [(o) => o === 0, comparison("at")],
  DateNotEquals: [(o) => o === 0, comparison("at")],
  DateLessThan: [(o) => o < 0, comparison("before")],
  DateLessThanEquals: [(o) => o <= 0, comparison("at or before")],
  DateGreaterThan: [(o) => o > 0, comparison("after")],
  DateGreaterThanEquals: [(o) => o >= 0, comparison("at or after")],
};

/**
 * Compiles the Date operators' values; instants are compared, whatever their zones. A request
 * value that is not a date is `INVALID`: it fails positive and negated operators alike, as in
 * iam-simulate.
 */
export function compileDate(clause: ConditionClause): Matcher {
  const entry = CHECKS[clause.base];
  if (entry === undefined) throw new TypeError(`not a Date operator: ${clause.base}`);
  const [check, words] = entry;
  const policy = clause.values.map(parseDate);
  return {
    words,
    test(value) {
      const request = parseDate(value);
      if (request === undefined) return INVALID;
      return firstMatch(policy, (p) => check(compareInstant(request, p)));
    },
    invalid: (value) =>
      parseDate(value) === undefined ? "is not a date" : "has no valid policy value to compare with",
    show: (index) => clip(clause.values[index]!),
  };
}
