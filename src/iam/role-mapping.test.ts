import { describe, expect, it } from "vitest";
import {
  type MappingRule,
  type RoleMapping,
  type RoleSelectionInput,
  selectRole,
  userPoolMappingKey,
} from "./role-mapping.js";

const AUTH = "arn:aws:iam::123456789012:role/Auth";
const UNAUTH = "arn:aws:iam::123456789012:role/Unauth";
const ADMIN = "arn:aws:iam::123456789012:role/Admin";
const SALES = "arn:aws:iam::123456789012:role/Sales";
const OTHER = "arn:aws:iam::123456789012:role/Other";
const KEY = userPoolMappingKey("us-east-1_AbC123", "client1");
const roles = { authenticated: AUTH, unauthenticated: UNAUTH };

const signedIn = (
  claims: Record<string, unknown>,
  mapping?: RoleMapping,
  extra: Partial<RoleSelectionInput> = {},
): RoleSelectionInput => ({
  roles,
  roleMappings: mapping === undefined ? undefined : { [KEY]: mapping },
  authenticated: { providerKey: KEY, claims },
  ...extra,
});

describe("userPoolMappingKey", () => {
  it("is the user pool's provider name and the app client id", () => {
    expect(KEY).toBe("cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123:client1");
  });
});

describe("selectRole without a mapping", () => {
  it("gives an unauthenticated identity the unauthenticated role", () => {
    expect(selectRole({ roles })).toEqual({ roleArn: UNAUTH, by: "unauthenticated" });
  });

  it("refuses an unauthenticated identity when the pool has no unauthenticated role", () => {
    expect(selectRole({ roles: { authenticated: AUTH } })).toEqual({ refused: "no-unauthenticated-role" });
    expect(selectRole({ roles: { authenticated: AUTH, unauthenticated: "" } })).toEqual({
      refused: "no-unauthenticated-role",
    });
  });

  it("gives an authenticated identity the authenticated role, also when mappings exist for other providers", () => {
    expect(selectRole(signedIn({}))).toEqual({ roleArn: AUTH, by: "authenticated" });
    const elsewhere: RoleSelectionInput = {
      roles,
      roleMappings: { "accounts.google.com": { Type: "Token", AmbiguousRoleResolution: "Deny" } },
      authenticated: { providerKey: KEY, claims: {} },
    };
    expect(selectRole(elsewhere)).toEqual({ roleArn: AUTH, by: "authenticated" });
  });

  it("refuses an authenticated identity when the pool has no authenticated role", () => {
    expect(selectRole({ ...signedIn({}), roles: { unauthenticated: UNAUTH } })).toEqual({
      refused: "no-authenticated-role",
    });
  });

  it("accepts a CustomRoleArn that is the role the identity gets, and refuses any other", () => {
    expect(selectRole(signedIn({}, undefined, { customRoleArn: AUTH }))).toEqual({
      roleArn: AUTH,
      by: "authenticated",
    });
    expect(selectRole(signedIn({}, undefined, { customRoleArn: ADMIN }))).toEqual({
      refused: "custom-role-not-allowed",
    });
    expect(selectRole({ roles, customRoleArn: UNAUTH })).toEqual({ roleArn: UNAUTH, by: "unauthenticated" });
    expect(selectRole({ roles, customRoleArn: AUTH })).toEqual({ refused: "custom-role-not-allowed" });
  });
});

describe("selectRole with a Token mapping", () => {
  const token = (resolution: "AuthenticatedRole" | "Deny" = "Deny"): RoleMapping => ({
    Type: "Token",
    AmbiguousRoleResolution: resolution,
  });

  it("uses cognito:preferred_role", () => {
    const claims = { "cognito:roles": [ADMIN, SALES], "cognito:preferred_role": ADMIN };
    expect(selectRole(signedIn(claims, token()))).toEqual({ roleArn: ADMIN, by: "token" });
  });

  it("uses a CustomRoleArn found in cognito:roles over the preferred role", () => {
    const claims = { "cognito:roles": [ADMIN, SALES], "cognito:preferred_role": ADMIN };
    expect(selectRole(signedIn(claims, token(), { customRoleArn: SALES }))).toEqual({
      roleArn: SALES,
      by: "token",
    });
  });

  it("denies a CustomRoleArn not in cognito:roles, whatever the resolution", () => {
    const claims = { "cognito:roles": [ADMIN, SALES], "cognito:preferred_role": ADMIN };
    for (const resolution of ["AuthenticatedRole", "Deny"] as const) {
      expect(selectRole(signedIn(claims, token(resolution), { customRoleArn: OTHER }))).toEqual({
        refused: "custom-role-not-allowed",
      });
      expect(selectRole(signedIn(claims, token(resolution), { customRoleArn: AUTH }))).toEqual({
        refused: "custom-role-not-allowed",
      });
    }
  });

  it("reads cognito:roles written as a comma-separated string", () => {
    const claims = { "cognito:roles": `${ADMIN}, ${SALES}` };
    expect(selectRole(signedIn(claims, token(), { customRoleArn: SALES }))).toEqual({
      roleArn: SALES,
      by: "token",
    });
    expect(selectRole(signedIn(claims, token()))).toEqual({ refused: "ambiguous-deny" });
  });

  it("uses a single role without cognito:preferred_role: nothing is ambiguous", () => {
    expect(selectRole(signedIn({ "cognito:roles": [SALES] }, token()))).toEqual({
      roleArn: SALES,
      by: "token",
    });
  });

  it("resolves several roles without a preferred one by AmbiguousRoleResolution", () => {
    const claims = { "cognito:roles": [ADMIN, SALES] };
    expect(selectRole(signedIn(claims, token("Deny")))).toEqual({ refused: "ambiguous-deny" });
    expect(selectRole(signedIn(claims, token("AuthenticatedRole")))).toEqual({
      roleArn: AUTH,
      by: "authenticated",
    });
  });

  it("resolves a token without roles (a user in no group) by AmbiguousRoleResolution", () => {
    expect(selectRole(signedIn({ "cognito:groups": [] }, token("Deny")))).toEqual({
      refused: "ambiguous-deny",
    });
    expect(selectRole(signedIn({}, token("AuthenticatedRole")))).toEqual({
      roleArn: AUTH,
      by: "authenticated",
    });
    expect(selectRole(signedIn({}, token("AuthenticatedRole"), { customRoleArn: AUTH }))).toEqual({
      roleArn: AUTH,
      by: "authenticated",
    });
    expect(selectRole(signedIn({}, token("AuthenticatedRole"), { customRoleArn: ADMIN }))).toEqual({
      refused: "custom-role-not-allowed",
    });
  });

  it("reads an absent AmbiguousRoleResolution as Deny", () => {
    expect(selectRole(signedIn({ "cognito:roles": [ADMIN, SALES] }, { Type: "Token" }))).toEqual({
      refused: "ambiguous-deny",
    });
  });

  it("falls back to a missing authenticated role as a configuration fault", () => {
    const input = { ...signedIn({}, token("AuthenticatedRole")), roles: { unauthenticated: UNAUTH } };
    expect(selectRole(input)).toEqual({ refused: "no-authenticated-role" });
  });

  it("ignores claims that are not role lists", () => {
    const claims = { "cognito:roles": [42, "", ADMIN], "cognito:preferred_role": 7 };
    expect(selectRole(signedIn(claims, token()))).toEqual({ roleArn: ADMIN, by: "token" });
  });
});

describe("selectRole with a Rules mapping", () => {
  const rules = (
    list: readonly MappingRule[],
    resolution: "AuthenticatedRole" | "Deny" = "Deny",
  ): RoleMapping => ({
    Type: "Rules",
    AmbiguousRoleResolution: resolution,
    RulesConfiguration: { Rules: list },
  });

  const byDept = rules([
    { Claim: "custom:dept", MatchType: "Equals", Value: "Sales", RoleARN: SALES },
    { Claim: "email", MatchType: "Contains", Value: "@admin.", RoleARN: ADMIN },
    { Claim: "email", MatchType: "StartsWith", Value: "ops", RoleARN: OTHER },
  ]);

  it("uses the first rule that matches, in order", () => {
    expect(selectRole(signedIn({ "custom:dept": "Sales", email: "a@admin.example" }, byDept))).toEqual({
      roleArn: SALES,
      by: "rules",
    });
    expect(selectRole(signedIn({ "custom:dept": "Eng", email: "a@admin.example" }, byDept))).toEqual({
      roleArn: ADMIN,
      by: "rules",
    });
    expect(selectRole(signedIn({ email: "ops@example.com" }, byDept))).toEqual({
      roleArn: OTHER,
      by: "rules",
    });
  });

  it("compares exactly: Equals is case-sensitive, StartsWith anchors at the start", () => {
    expect(selectRole(signedIn({ "custom:dept": "sales" }, byDept))).toEqual({ refused: "ambiguous-deny" });
    expect(selectRole(signedIn({ email: "devops@example.com" }, byDept))).toEqual({
      refused: "ambiguous-deny",
    });
  });

  it("lets CustomRoleArn pick among the matching rules, and refuses one no matching rule gives", () => {
    const claims = { "custom:dept": "Sales", email: "a@admin.example" };
    expect(selectRole(signedIn(claims, byDept, { customRoleArn: ADMIN }))).toEqual({
      roleArn: ADMIN,
      by: "rules",
    });
    expect(selectRole(signedIn(claims, byDept, { customRoleArn: OTHER }))).toEqual({
      refused: "custom-role-not-allowed",
    });
  });

  it("resolves no match by AmbiguousRoleResolution", () => {
    const claims = { "custom:dept": "Eng" };
    expect(selectRole(signedIn(claims, byDept))).toEqual({ refused: "ambiguous-deny" });
    const fallback = rules(byDept.RulesConfiguration!.Rules, "AuthenticatedRole");
    expect(selectRole(signedIn(claims, fallback))).toEqual({ roleArn: AUTH, by: "authenticated" });
    expect(selectRole(signedIn(claims, fallback, { customRoleArn: SALES }))).toEqual({
      refused: "custom-role-not-allowed",
    });
  });

  it("skips a NotEqual rule whose claim is missing, and applies it when the claim differs", () => {
    const notEqual = rules(
      [
        { Claim: "custom:admin", MatchType: "NotEqual", Value: "yes", RoleARN: SALES },
        { Claim: "email_verified", MatchType: "Equals", Value: "true", RoleARN: OTHER },
      ],
      "AuthenticatedRole",
    );
    expect(selectRole(signedIn({}, notEqual))).toEqual({ roleArn: AUTH, by: "authenticated" });
    expect(selectRole(signedIn({ email_verified: true }, notEqual))).toEqual({ roleArn: OTHER, by: "rules" });
    expect(selectRole(signedIn({ "custom:admin": "no" }, notEqual))).toEqual({ roleArn: SALES, by: "rules" });
    expect(selectRole(signedIn({ "custom:admin": "yes" }, notEqual))).toEqual({
      roleArn: AUTH,
      by: "authenticated",
    });
  });

  it("matches an array claim when any value does, and NotEqual when none equals", () => {
    const groups = rules([
      { Claim: "cognito:groups", MatchType: "Equals", Value: "admins", RoleARN: ADMIN },
      { Claim: "cognito:groups", MatchType: "NotEqual", Value: "banned", RoleARN: SALES },
    ]);
    expect(selectRole(signedIn({ "cognito:groups": ["users", "admins"] }, groups))).toEqual({
      roleArn: ADMIN,
      by: "rules",
    });
    expect(selectRole(signedIn({ "cognito:groups": ["users"] }, groups))).toEqual({
      roleArn: SALES,
      by: "rules",
    });
    expect(selectRole(signedIn({ "cognito:groups": ["users", "banned"] }, groups))).toEqual({
      refused: "ambiguous-deny",
    });
  });

  it("finds no value in a claim that is an object or null", () => {
    const onObject = rules(
      [{ Claim: "address", MatchType: "NotEqual", Value: "x", RoleARN: SALES }],
      "AuthenticatedRole",
    );
    expect(selectRole(signedIn({ address: { formatted: "x" } }, onObject))).toEqual({
      roleArn: AUTH,
      by: "authenticated",
    });
    expect(selectRole(signedIn({ address: null }, onObject))).toEqual({ roleArn: AUTH, by: "authenticated" });
  });

  it("reads a Rules mapping without rules as no match", () => {
    expect(selectRole(signedIn({}, { Type: "Rules", AmbiguousRoleResolution: "AuthenticatedRole" }))).toEqual(
      {
        roleArn: AUTH,
        by: "authenticated",
      },
    );
  });
});
