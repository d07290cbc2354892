import { describe, expect, it } from "vitest";
import { randomBelow, seededRandom } from "./random.testing.js";
import { formatTimestamp, isTimestampFresh, parseTimestamp, TIMESTAMP_SKEW_MS } from "./timestamp.js";

describe("formatTimestamp", () => {
  it.each([
    ["2025-11-06T07:05:09Z", "Thu Nov 6 07:05:09 UTC 2025"],
    ["2025-12-15T23:59:59Z", "Mon Dec 15 23:59:59 UTC 2025"],
    ["2024-02-29T00:00:00Z", "Thu Feb 29 00:00:00 UTC 2024"],
    ["2025-01-01T12:00:00.999Z", "Wed Jan 1 12:00:00 UTC 2025"],
  ])("%s → %s", (iso, expected) => {
    expect(formatTimestamp(new Date(iso))).toBe(expected);
  });
});

describe("parseTimestamp", () => {
  it("parses what formatTimestamp writes, to the second (seeded)", () => {
    const random = seededRandom(2025);
    for (let i = 0; i < 500; i++) {
      const seconds = Number(randomBelow(random, 4_102_444_800n)); // 1970..2100
      const date = new Date(seconds * 1000);
      expect(parseTimestamp(formatTimestamp(date))).toBe(seconds * 1000);
    }
  });

  it("accepts a zero-padded day, as Java's `d` does", () => {
    expect(parseTimestamp("Thu Nov 06 07:05:09 UTC 2025")).toBe(Date.UTC(2025, 10, 6, 7, 5, 9));
  });

  it.each([
    "",
    "Thu Nov 6 07:05:09 UTC 2025 ",
    " Thu Nov 6 07:05:09 UTC 2025",
    "Thu Nov  6 07:05:09 UTC 2025",
    "Thu Nov 6 7:05:09 UTC 2025",
    "Thu Nov 6 07:05:09 GMT 2025",
    "Thu Nov 6 07:05:09 2025",
    "thu nov 6 07:05:09 UTC 2025",
    "Thursday Nov 6 07:05:09 UTC 2025",
    "Fri Nov 6 07:05:09 UTC 2025",
    "Thu Foo 6 07:05:09 UTC 2025",
    "Sun Feb 30 07:05:09 UTC 2025",
    "Sat Nov 0 07:05:09 UTC 2025",
    "Thu Nov 6 24:00:00 UTC 2025",
    "Thu Nov 6 23:60:00 UTC 2025",
    "Thu Nov 6 23:59:60 UTC 2025",
    "Thu Nov 6 07:05:09 UTC 25",
    "Thu Nov 6 07:05:09 UTC 0025",
    "2025-11-06T07:05:09Z",
  ])("rejects %j", (timestamp) => {
    expect(parseTimestamp(timestamp)).toBeNull();
  });
});

describe("isTimestampFresh", () => {
  const now = Date.UTC(2025, 10, 6, 7, 5, 9);

  it("accepts up to five minutes either side", () => {
    expect(TIMESTAMP_SKEW_MS).toBe(300_000);
    expect(isTimestampFresh("Thu Nov 6 07:05:09 UTC 2025", now)).toBe(true);
    expect(isTimestampFresh("Thu Nov 6 07:10:09 UTC 2025", now)).toBe(true);
    expect(isTimestampFresh("Thu Nov 6 07:00:09 UTC 2025", new Date(now))).toBe(true);
  });

  it("rejects older, newer or unparseable timestamps", () => {
    expect(isTimestampFresh("Thu Nov 6 07:10:10 UTC 2025", now)).toBe(false);
    expect(isTimestampFresh("Thu Nov 6 07:00:08 UTC 2025", now)).toBe(false);
    expect(isTimestampFresh("Wed Nov 6 07:05:09 UTC 2024", now)).toBe(false);
    expect(isTimestampFresh("now", now)).toBe(false);
  });

  it("takes another skew", () => {
    expect(isTimestampFresh("Thu Nov 6 07:05:19 UTC 2025", now, 5_000)).toBe(false);
    expect(isTimestampFresh("Thu Nov 6 07:05:14 UTC 2025", now, 5_000)).toBe(true);
  });
});
