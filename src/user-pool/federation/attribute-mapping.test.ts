import { describe, expect, it } from "vitest";
import { attributeMapping } from "./attribute-mapping.js";

const SCHEMA = [
  { Name: "tenant", AttributeDataType: "String" as const },
  { Name: "fixed", AttributeDataType: "String" as const, Mutable: false },
];

describe("attributeMapping", () => {
  it("adds the type's username source", () => {
    expect(attributeMapping("Google", { email: "email" }, [])).toEqual({ email: "email", username: "sub" });
    expect(attributeMapping("Facebook", {}, undefined)).toEqual({ username: "id" });
    expect(attributeMapping("LoginWithAmazon", { username: "user_id" }, [])).toEqual({ username: "user_id" });
  });

  it("takes standard attributes and the pool's custom ones", () => {
    expect(attributeMapping("OIDC", { "custom:tenant": "tid", given_name: "given_name" }, SCHEMA)).toEqual({
      "custom:tenant": "tid",
      given_name: "given_name",
      username: "sub",
    });
  });

  it("refuses unknown keys, sub, immutable custom attributes and another username source", () => {
    expect(() => attributeMapping("OIDC", { "custom:zen_groups": "groups", shoe_size: "s" }, SCHEMA)).toThrow(
      "AttributeMapping contains invalid mapping: [custom:zen_groups, shoe_size]",
    );
    expect(() => attributeMapping("OIDC", { sub: "sub" }, [])).toThrow("[sub]");
    expect(() => attributeMapping("OIDC", { "custom:fixed": "x" }, SCHEMA)).toThrow("mutable");
    expect(() => attributeMapping("Google", { username: "email" }, [])).toThrow("sub");
  });
});
