import { describe, expect, it } from "vitest";
import type { IdentityProviderRecord, PoolRecord } from "../../storage/index.js";
import { applyMapped, attributeValue, mapClaims, missingRequired } from "./mapped-attributes.js";

const pool = (config: Record<string, unknown> = {}): PoolRecord =>
  ({
    id: "us-east-1_Map123456",
    name: "p",
    config,
    revision: "r",
    createdAt: 0,
    updatedAt: 0,
  }) as unknown as PoolRecord;
const provider = (attributeMapping: Record<string, string>, type = "Google"): IdentityProviderRecord => ({
  poolId: "us-east-1_Map123456",
  name: type,
  type,
  details: {},
  attributeMapping: { username: "sub", ...attributeMapping },
  identifiers: [],
  createdAt: 0,
  updatedAt: 0,
});

describe("attributeValue", () => {
  it("writes each claim type as Cognito stores attributes", () => {
    expect(attributeValue("name", "Ann")).toBe("Ann");
    expect(attributeValue("custom:n", 42)).toBe("42");
    expect(attributeValue("custom:b", false)).toBe("false");
    expect(attributeValue("custom:names", [{ displayName: "Ann" }])).toBe('[{"displayName":"Ann"}]');
    expect(attributeValue("custom:o", { a: 1 })).toBe('{"a":1}');
    expect(attributeValue("email", ["one@example.com"])).toBe("one@example.com");
    expect(attributeValue("custom:groups", ["a", "b c", "d&e", "x.y*_-z"])).toBe("[a, b+c, d%26e, x.y*_-z]");
    for (const none of [undefined, null, []]) expect(attributeValue("name", none)).toBeUndefined();
  });

  it("reads the verification flags as booleans, Apple's string included", () => {
    for (const yes of [true, "true", "TRUE", ["true"]])
      expect(attributeValue("email_verified", yes)).toBe("true");
    for (const no of [false, "false", "yes", 1, ["false"]])
      expect(attributeValue("phone_number_verified", no)).toBe("false");
  });
});

describe("mapClaims", () => {
  it("takes only mapped claims that were sent, never username, sub or identities", () => {
    const mapped = mapClaims(
      pool(),
      provider({ email: "mail", name: "name", identities: "x", sub: "sub", "cognito:groups": "g" }),
      { sub: "123", mail: "a@example.com", x: "[]", g: "admins", other: "ignored" },
    );
    expect(mapped).toEqual({ attributes: { email: "a@example.com" } });
  });

  it("refuses values the pool cannot take", () => {
    const schema = {
      Schema: [
        {
          Name: "short",
          AttributeDataType: "String",
          Mutable: true,
          StringAttributeConstraints: { MaxLength: "3" },
        },
        { Name: "count", AttributeDataType: "Number", Mutable: true },
      ],
    };
    const refused = (claims: Record<string, unknown>) =>
      mapClaims(
        pool(schema),
        provider({ "custom:short": "s", "custom:count": "n", name: "name", phone_number: "p" }),
        claims,
      );
    expect(refused({ s: "abcd" })).toEqual({
      invalid: "Invalid user attributes: custom:short: Attribute value is longer than 3 characters",
    });
    expect(refused({ n: "ten" })).toEqual({
      invalid: "Invalid user attributes: custom:count: Attribute value must be a number",
    });
    expect(refused({ name: "🙂" })).toEqual({
      invalid: "Invalid user attributes: name: Attribute value has unsupported characters",
    });
    expect(refused({ p: "555-1234" })).toEqual({
      invalid: "Invalid user attributes: phone_number: Invalid phone number format",
    });
    expect(refused({ s: "abc", n: 3, name: "Ann", p: "+15555550100" })).toEqual({
      attributes: { "custom:short": "abc", "custom:count": "3", name: "Ann", phone_number: "+15555550100" },
    });
  });
});

describe("applyMapped and missingRequired", () => {
  it("unverifies a new or changed email unless the flag was sent; keeps immutable attributes after creation", () => {
    const p = pool({ Schema: [{ Name: "tenant", AttributeDataType: "String", Mutable: false }] });
    expect(applyMapped(p, {}, { email: "a@x.io", "custom:tenant": "t1" }, true)).toEqual({
      email: "a@x.io",
      email_verified: "false",
      "custom:tenant": "t1",
    });
    const before = { email: "a@x.io", email_verified: "true", "custom:tenant": "t1" };
    expect(applyMapped(p, before, { email: "a@x.io", "custom:tenant": "t2" }, false)).toEqual(before);
    expect(applyMapped(p, before, { email: "b@x.io" }, false)).toMatchObject({
      email: "b@x.io",
      email_verified: "false",
    });
    expect(applyMapped(p, before, { email: "b@x.io", email_verified: "true" }, false)).toMatchObject({
      email: "b@x.io",
      email_verified: "true",
    });
  });

  it("names the required attributes a first sign-in lacks", () => {
    const p = pool({
      Schema: [
        { Name: "email", AttributeDataType: "String", Required: true, Mutable: true },
        { Name: "family_name", AttributeDataType: "String", Required: true, Mutable: true },
      ],
    });
    // In the schema's order; an empty value is no value.
    expect(missingRequired(p, { email: "" })).toEqual(["family_name", "email"]);
    expect(missingRequired(p, { email: "a@x.io", family_name: "A" })).toEqual([]);
  });
});
