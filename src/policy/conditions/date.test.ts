import { describe, expect, it } from "vitest";
import { normalizeContext } from "../context.js";
import type { ConditionClause } from "../types.js";
import { evaluateCondition } from "./index.js";
import { parseDate } from "./date.js";

const clause = (base: string, values: readonly string[]): ConditionClause => ({
  operator: base,
  base,
  family: "Date",
  negated: base.includes("Not"),
  ifExists: false,
  set: undefined,
  key: "aws:CurrentTime",
  keyLower: "aws:currenttime",
  values,
});

const check = (base: string, values: readonly string[], request: string) =>
  evaluateCondition(clause(base, values), normalizeContext({ "aws:CurrentTime": request }), true).matched;

const NEW_YEAR = "2024-01-01T00:00:00Z";

describe("Date operators", () => {
  it.each([
    ["DateEquals", [NEW_YEAR], "2024-01-01T00:00:00Z", true],
    ["DateEquals", [NEW_YEAR], "2024-01-01T01:00:00+01:00", true],
    ["DateEquals", [NEW_YEAR], "2023-12-31T19:00:00-05:00", true],
    ["DateEquals", [NEW_YEAR], "2024-01-01", true],
    ["DateEquals", [NEW_YEAR], "2024-01-01T00:00Z", true],
    ["DateEquals", [NEW_YEAR], "2024-01-01T00:00:00.000Z", true],
    ["DateEquals", [NEW_YEAR], "2024-01-01T00:00:00.001Z", false],
    // A zone-less date-time is UTC, whatever the host's zone.
    ["DateEquals", [NEW_YEAR], "2024-01-01T00:00:00", true],
    // Epoch seconds (iam-simulate reads digits as milliseconds: the two rows below are reversed there).
    ["DateEquals", [NEW_YEAR], "1704067200", true],
    ["DateEquals", [NEW_YEAR], "1704067200000", false],
    ["DateEquals", ["1704067200"], "2024-01-01", true],
    ["DateNotEquals", ["2024-01-01"], "2024-01-02", true],
    ["DateNotEquals", ["2024-01-01"], NEW_YEAR, false],
    ["DateNotEquals", ["2024-01-01", "2024-01-02"], "2024-01-02T00:00:00Z", false],
    ["DateLessThan", ["2024-06-01T00:00:00Z"], "2024-05-31T23:59:59.999Z", true],
    ["DateLessThan", ["2024-06-01T00:00:00Z"], "2024-06-01T00:00:00Z", false],
    ["DateLessThan", ["2024-06-01T00:00:00Z"], "2024-06-01T02:00:00+02:00", false],
    ["DateLessThan", ["2024-06-01T00:00:00Z"], "2024-06-01T01:59:59+02:00", true],
    ["DateLessThan", ["2024-06-01T00:00:00.5Z"], "2024-06-01T00:00:00.499999999Z", true],
    ["DateLessThan", ["1000-01-01"], "0050-01-01", true],
    ["DateLessThan", ["1970-01-01T00:00:01Z"], "0", true],
    // Digits are always epoch seconds, even four of them (W3C's year-only form is not read).
    ["DateEquals", ["1970-01-01T00:33:44Z"], "2024", true],
    ["DateLessThanEquals", ["2024-06-01T00:00:00Z"], "2024-06-01T00:00:00.000Z", true],
    ["DateLessThanEquals", ["2024-06-01T00:00:00Z"], "2024-06-01T00:00:01Z", false],
    ["DateGreaterThan", ["2024-01-01"], "2024-01-01T00:00:00.5Z", true],
    ["DateGreaterThan", ["2024-01-01"], "2023-12-31T23:59:59Z", false],
    ["DateGreaterThan", ["2024-01-01", "2030-01-01"], "2025-01-01", true],
    ["DateGreaterThanEquals", ["1704067200"], NEW_YEAR, true],
    ["DateGreaterThanEquals", ["1704067201"], NEW_YEAR, false],
  ])("%s %j vs %j -> %s", (base, values, request, expected) => {
    expect(check(base, values, request)).toBe(expected);
  });

  // Not a date: fails positive and negated operators alike (iam-simulate).
  it.each([
    "yesterday",
    "",
    "2024-02-30",
    "2023-02-29",
    "1900-02-29",
    "2024-13-01",
    "2024-00-10",
    "2024-1-1",
    "2024-01-01T24:00:00Z",
    "2024-01-01T12:60Z",
    "2024-01-01T12:00:60Z",
    "2024-01-01 12:00:00Z",
    "2024-01-01T12Z",
    "2024-01-01T12:00:00+0100",
    "2024-01-01T12:00:00+24:00",
    "01/02/2024",
    "Mon, 01 Jan 2024 00:00:00 GMT",
    "-1704067200",
    "1704067200.5",
  ])("%j is not a date", (request) => {
    expect(check("DateLessThan", ["9999-12-31"], request)).toBe(false);
    expect(check("DateNotEquals", ["2024-01-01"], request)).toBe(false);
  });

  it("accepts leap days and any four-digit year", () => {
    expect(parseDate("2024-02-29")).toBeDefined();
    expect(parseDate("2000-02-29")).toBeDefined();
    expect(parseDate("0000-01-01T00:00:00Z")?.seconds).toBe(-62167219200n);
    expect(parseDate("9999-12-31T23:59:59Z")?.seconds).toBe(253402300799n);
  });
});
