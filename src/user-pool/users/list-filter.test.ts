import { describe, expect, it } from "vitest";
import { InvalidFilterError, parseUserFilter } from "./list-filter.js";

describe("ListUsers filters", () => {
  it.each([
    [
      'email = "alice@example.com"',
      { attribute: "email", prefix: false, value: "alice@example.com", caseSensitive: false },
    ],
    ['email ^= "alice"', { attribute: "email", prefix: true, value: "alice", caseSensitive: false }],
    ['  username="Alice"  ', { attribute: "username", prefix: false, value: "Alice", caseSensitive: true }],
    [
      'family_name = "O\\"Brien"',
      { attribute: "family_name", prefix: false, value: 'O"Brien', caseSensitive: false },
    ],
    [
      'cognito:user_status = "UNCONFIRMED"',
      { attribute: "cognito:user_status", prefix: false, value: "UNCONFIRMED", caseSensitive: false },
    ],
    ['status = "Enabled"', { attribute: "status", prefix: false, value: "Enabled", caseSensitive: true }],
    ['name ^= ""', { attribute: "name", prefix: true, value: "", caseSensitive: false }],
  ])("%s", (filter, expected) => {
    expect(parseUserFilter(filter)).toEqual(expected);
  });

  it("lists everyone for an empty filter", () => {
    expect(parseUserFilter(undefined)).toBeUndefined();
    expect(parseUserFilter("   ")).toBeUndefined();
  });

  it.each([
    "email = alice",
    'email == "a"',
    'email = "a" and name = "b"',
    '"email" = "a"',
    'email = "unterminated',
    'email ~= "a"',
  ])("refuses the malformed %s", (filter) => {
    expect(() => parseUserFilter(filter)).toThrow(new InvalidFilterError("Error while parsing filter."));
  });

  it("refuses attributes that are not searchable, custom ones included", () => {
    expect(() => parseUserFilter('custom:tier = "gold"')).toThrow("Invalid search attribute: custom:tier");
    expect(() => parseUserFilter('address = "x"')).toThrow("Invalid search attribute: address");
  });
});
