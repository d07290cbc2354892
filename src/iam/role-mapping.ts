/**
 * Which role an identity's credentials are for: Cognito Identity's role selection in
 * GetCredentialsForIdentity, from the identity pool's `Roles` and `RoleMappings`
 * (identity-sync-iam.md §1.5; "Role-based access control", Amazon Cognito Developer Guide).
 */

/** A rule of a `Rules` role mapping, as SetIdentityPoolRoles takes it. */
export interface MappingRule {
  /** The claim's name in the token, e.g. `custom:dept` (custom attributes keep their prefix). */
  Claim: string;
  MatchType: "Equals" | "Contains" | "StartsWith" | "NotEqual";
  Value: string;
  RoleARN: string;
}

/** One provider's role mapping, as SetIdentityPoolRoles takes it. */
export interface RoleMapping {
  Type: "Token" | "Rules";
  /** Required by AWS for both types; read as `Deny` when absent. */
  AmbiguousRoleResolution?: "AuthenticatedRole" | "Deny";
  RulesConfiguration?: { Rules: readonly MappingRule[] };
}

/** What the pool's configuration and the sign-in say. */
export interface RoleSelectionInput {
  /** The pool's `Roles`: `authenticated` and `unauthenticated` role ARNs. */
  roles: Readonly<Partial<Record<string, string>>>;
  /** The pool's `RoleMappings`, by provider key. */
  roleMappings?: Readonly<Record<string, RoleMapping>>;
  /**
   * The sign-in, for an authenticated identity; absent for an unauthenticated one. `providerKey`
   * is the RoleMappings key of the provider the token came from ({@link userPoolMappingKey} for a
   * user pool, the provider name otherwise); `claims` the token's payload.
   */
  authenticated?: { providerKey: string; claims: Readonly<Record<string, unknown>> };
  /** GetCredentialsForIdentity's `CustomRoleArn`. */
  customRoleArn?: string;
}

/**
 * Why no role could be chosen. The caller maps each to an error:
 * - `no-unauthenticated-role`, `no-authenticated-role`: the pool lacks the role the identity
 *   needs → InvalidIdentityPoolConfigurationException (a configuration fault, not the caller's);
 * - `ambiguous-deny`: a Token or Rules mapping found no one role and its AmbiguousRoleResolution
 *   is `Deny` → NotAuthorizedException;
 * - `custom-role-not-allowed`: `CustomRoleArn` names a role the mapping does not give this
 *   identity → NotAuthorizedException ("If this parameter doesn't match a role in cognito:roles,
 *   deny access").
 */
export type RoleRefusal =
  | "no-unauthenticated-role"
  | "no-authenticated-role"
  | "ambiguous-deny"
  | "custom-role-not-allowed";

/** The chosen role, and how it was chosen; or why none was. */
export type RoleSelection =
  | {
      readonly roleArn: string;
      /**
       * `unauthenticated` / `authenticated`: the pool's default role (no mapping for the provider,
       * or an ambiguous one resolved with `AuthenticatedRole`); `token` / `rules`: the mapping's.
       */
      readonly by: "unauthenticated" | "authenticated" | "token" | "rules";
      readonly refused?: undefined;
    }
  | { readonly refused: RoleRefusal; readonly roleArn?: undefined };

/** The RoleMappings key of a user pool app client: `cognito-idp.{region}.amazonaws.com/{poolId}:{clientId}`. */
export function userPoolMappingKey(userPoolId: string, clientId: string): string {
  const region = userPoolId.slice(0, userPoolId.indexOf("_"));
  return `cognito-idp.${region}.amazonaws.com/${userPoolId}:${clientId}`;
}

/**
 * Chooses the role of GetCredentialsForIdentity.
 *
 * - Unauthenticated: `Roles.unauthenticated`.
 * - Authenticated, no mapping for the provider: `Roles.authenticated`.
 * - `Token` ("Using tokens to assign roles to users"): "Use the ... CustomRoleArn parameter if it
 *   is set and it matches a role in the cognito:roles claim. If this parameter doesn't match a
 *   role in cognito:roles, deny access. If the cognito:preferred_role claim is set, use it. If the
 *   cognito:preferred_role claim is not set, the cognito:roles claim is set, and CustomRoleArn is
 *   not specified ..., then the ... AmbiguousRoleResolution field ... is used". `cognito:roles` is
 *   read as a JSON array (what user pools write) or a comma-separated string (the guide's words);
 *   a single role without `cognito:preferred_role` is not ambiguous and is used; no role at all is.
 * - `Rules` ("Using rule-based mapping"): "Rules are evaluated in order, and the IAM role for the
 *   first matching rule is used, unless CustomRoleArn is specified to override the order ... If
 *   the match type is NotEqual and the claim doesn't exist, the rule is not evaluated. If no rules
 *   match, the Role resolution setting is applied". `CustomRoleArn` picks among the matching rules.
 * - Ambiguous: `AuthenticatedRole` falls back to `Roles.authenticated`, `Deny` refuses.
 *
 * Where the guide says nothing [?], cognate refuses a `CustomRoleArn` that is not the role the
 * identity would get (or, for a mapping, one of the roles it allows): it never hands out a role
 * other than the one asked for.
 *
 * A claim that is an array (`cognito:groups`) matches a rule when any of its values does
 * (`NotEqual`: when none equals the value); numbers and booleans are compared as written in JSON.
 */
export function selectRole(input: RoleSelectionInput): RoleSelection {
  const custom = input.customRoleArn;
  if (input.authenticated === undefined)
    return fallback(input.roles.unauthenticated, "unauthenticated", custom);
  const { providerKey, claims } = input.authenticated;
  const mapping = input.roleMappings?.[providerKey];
  if (mapping === undefined) return fallback(input.roles.authenticated, "authenticated", custom);

  const allowed = mapping.Type === "Token" ? tokenRoles(claims) : matchingRules(mapping, claims);
  const by = mapping.Type === "Token" ? "token" : "rules";
  if (custom !== undefined && allowed.includes(custom)) return { roleArn: custom, by };
  if (custom !== undefined && allowed.length > 0) return { refused: "custom-role-not-allowed" };
  if (custom === undefined) {
    if (mapping.Type === "Token") {
      const preferred = claims["cognito:preferred_role"];
      if (typeof preferred === "string" && preferred !== "") return { roleArn: preferred, by };
      if (allowed.length === 1) return { roleArn: allowed[0]!, by };
    } else if (allowed.length > 0) return { roleArn: allowed[0]!, by };
  }
  if (mapping.AmbiguousRoleResolution !== "AuthenticatedRole") return { refused: "ambiguous-deny" };
  return fallback(input.roles.authenticated, "authenticated", custom);
}

function fallback(
  roleArn: string | undefined,
  by: "unauthenticated" | "authenticated",
  custom: string | undefined,
): RoleSelection {
  if (roleArn === undefined || roleArn === "")
    return { refused: by === "unauthenticated" ? "no-unauthenticated-role" : "no-authenticated-role" };
  if (custom !== undefined && custom !== roleArn) return { refused: "custom-role-not-allowed" };
  return { roleArn, by };
}

/** `cognito:roles`: a JSON array (user pools' ID tokens) or a comma-separated string. */
function tokenRoles(claims: Readonly<Record<string, unknown>>): string[] {
  const roles = claims["cognito:roles"];
  const list = typeof roles === "string" ? roles.split(",") : Array.isArray(roles) ? roles : [];
  return [...new Set(list.filter((r): r is string => typeof r === "string").map((r) => r.trim()))].filter(
    (r) => r !== "",
  );
}

/** The RoleARNs of the rules that match, in order. */
function matchingRules(mapping: RoleMapping, claims: Readonly<Record<string, unknown>>): string[] {
  const roles: string[] = [];
  for (const rule of mapping.RulesConfiguration?.Rules ?? []) {
    if (ruleMatches(rule, claimValues(claims[rule.Claim]))) roles.push(rule.RoleARN);
  }
  return roles;
}

/** A claim's values as strings; `undefined` when absent (or not a JSON scalar or array of them). */
function claimValues(value: unknown): string[] | undefined {
  const scalar = (v: unknown) => typeof v === "string" || typeof v === "number" || typeof v === "boolean";
  if (scalar(value)) return [String(value)];
  if (Array.isArray(value)) return value.filter(scalar).map(String);
  return undefined;
}

function ruleMatches(rule: MappingRule, values: string[] | undefined): boolean {
  if (values === undefined) return false; // NotEqual too: "the rule is not evaluated"
  switch (rule.MatchType) {
    case "Equals":
      return values.includes(rule.Value);
    case "Contains":
      return values.some((v) => v.includes(rule.Value));
    case "StartsWith":
      return values.some((v) => v.startsWith(rule.Value));
    case "NotEqual":
      return !values.includes(rule.Value);
    default:
      return false;
  }
}
