import { describe, expect, it } from "vitest";
import type { PoolRecord } from "../../storage/index.js";
import { passwordProblem } from "../rules/password-policy.js";
import { updatedAttributes } from "./attribute-changes.js";
import { aliasesFor } from "./aliases.js";
import { newIdentity } from "./identity.js";
import { temporaryPassword } from "./passwords.js";

const pool = (config: Record<string, unknown>): PoolRecord =>
  ({
    id: "us-east-1_Test12345",
    name: "p",
    config,
    revision: "r",
    createdAt: 0,
    updatedAt: 0,
  }) as unknown as PoolRecord;

describe("temporary passwords", () => {
  it("always satisfy the pool's policy, however strict", () => {
    const strict = {
      MinimumLength: 20,
      RequireUppercase: true,
      RequireLowercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
    };
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const password = temporaryPassword(pool({ Policies: { PasswordPolicy: strict } }));
      expect(passwordProblem(password, strict)).toBeUndefined();
      expect(password).toMatch(/^\S{20}$/);
      seen.add(password);
    }
    expect(seen.size).toBe(500);
    expect(temporaryPassword(pool({}))).toHaveLength(12);
  });
});

describe("usernames and aliases", () => {
  it("makes the sub the internal username when users sign in with an email or phone number", () => {
    expect(newIdentity(pool({}), "Alice", {}, "sub-1")).toEqual({ username: "Alice", attributes: {} });
    expect(newIdentity(pool({ UsernameAttributes: ["email"] }), "a@example.com", {}, "sub-1")).toEqual({
      username: "sub-1",
      attributes: { email: "a@example.com" },
    });
    expect(newIdentity(pool({ UsernameAttributes: ["phone_number"] }), "+15555550100", {}, "s")).toEqual({
      username: "s",
      attributes: { phone_number: "+15555550100" },
    });
    expect(() => newIdentity(pool({ UsernameAttributes: ["email"] }), "alice", {}, "s")).toThrow(
      "Username should be an email.",
    );
    expect(() => newIdentity(pool({ UsernameAttributes: ["phone_number"] }), "alice", {}, "s")).toThrow(
      "Username should be a phone number.",
    );
    expect(() =>
      newIdentity(pool({ UsernameAttributes: ["email", "phone_number"] }), "alice", {}, "s"),
    ).toThrow("Username should be either an email or a phone number.");
  });

  it("gives aliases for login attributes always, and for alias attributes once verified", () => {
    expect(aliasesFor(pool({ UsernameAttributes: ["email"] }), { email: "a@x.io" })).toEqual({
      email: "a@x.io",
    });
    const aliasPool = pool({ AliasAttributes: ["email", "preferred_username"] });
    expect(aliasesFor(aliasPool, { email: "a@x.io", preferred_username: "al" })).toEqual({
      preferred_username: "al",
    });
    expect(
      aliasesFor(aliasPool, {
        email: "a@x.io",
        email_verified: "true",
        phone_number: "+15555550100",
        phone_number_verified: "true",
      }),
    ).toEqual({ email: "a@x.io" });
    expect(aliasesFor(pool({}), { email: "a@x.io", email_verified: "true" })).toEqual({});
  });

  it("unverifies a changed email or phone number unless the update verifies it", () => {
    const before = { email: "a@x.io", email_verified: "true" };
    expect(updatedAttributes(before, { email: "b@x.io" })).toEqual({
      email: "b@x.io",
      email_verified: "false",
    });
    expect(updatedAttributes(before, { email: "b@x.io", email_verified: "true" })).toEqual({
      email: "b@x.io",
      email_verified: "true",
    });
    expect(updatedAttributes(before, { email: "a@x.io" })).toEqual(before);
  });
});
