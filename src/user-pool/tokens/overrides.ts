/**
 * What a PreTokenGeneration trigger may change in the tokens (read from its answer in
 * triggers/token-generation.ts), and how the claims take it: claims added or overridden, claims
 * suppressed, scopes added and suppressed (access token), and the groups replaced. The protected
 * claims are ignored whether added or suppressed.
 */

/** The changes to one token. */
export interface TokenChanges {
  /** Claims to add or override: strings in V1, any JSON value in V2/V3. */
  add: Readonly<Record<string, unknown>>;
  /** Claims to remove; a claim both added and suppressed is suppressed. */
  suppress: readonly string[];
}

/** A trigger's `groupOverrideDetails`: replaces `cognito:groups`, `cognito:roles`, `cognito:preferred_role`. */
export interface GroupOverride {
  groups: readonly string[];
  roles: readonly string[];
  preferredRole: string | null;
}

/** Everything a PreTokenGeneration answer changes. */
export interface TokenOverrides {
  id: TokenChanges;
  access: TokenChanges & { scopesToAdd: readonly string[]; scopesToSuppress: readonly string[] };
  /** `undefined`: the user's own groups stand. */
  groups?: GroupOverride;
}

// "You can not modify the following claims: acr, amr, aud, at_hash, auth_time, azp,
// cognito:username, exp, iat, identities, iss, jti, nbf, nonce, origin_jti, sub, token_use"
// [doc: Pre token generation Lambda trigger]. cognate also keeps the claims that say whose token
// it is and what it grants: client_id, device_key, event_id, version (and in the access token
// username and scope, which change only through scopesToAdd / scopesToSuppress) [?: AWS's V2
// page lists them among the excluded claims; not observed].
const PROTECTED: ReadonlySet<string> = new Set([
  "acr",
  "amr",
  "aud",
  "at_hash",
  "auth_time",
  "azp",
  "cognito:username",
  "exp",
  "iat",
  "identities",
  "iss",
  "jti",
  "nbf",
  "nonce",
  "origin_jti",
  "sub",
  "token_use",
  "client_id",
  "device_key",
  "event_id",
  "version",
]);
const ACCESS_ONLY: ReadonlySet<string> = new Set(["username", "scope"]);
/** The `cognito:` claims a response may touch (the rest of the prefix is Cognito's). */
const GROUP_CLAIMS: ReadonlySet<string> = new Set([
  "cognito:groups",
  "cognito:roles",
  "cognito:preferred_role",
]);

/**
 * Whether a trigger may add, override or suppress `name` in the `token` token.
 *
 * @example
 * ```ts
 * mayChange("tenant", "access"); // true
 * mayChange("sub", "id");        // false
 * ```
 */
export function mayChange(name: string, token: "id" | "access"): boolean {
  if (name.toLowerCase().startsWith("cognito:")) return GROUP_CLAIMS.has(name);
  if (PROTECTED.has(name)) return false;
  return token === "id" || !ACCESS_ONLY.has(name);
}

/**
 * Applies one token's changes to its claims, in place: additions, then suppressions (a claim
 * both added and suppressed is suppressed: "If a value is both suppressed and replaced, then it
 * will be suppressed" [doc]); protected claims are left as they are.
 */
export function applyChanges(
  claims: Record<string, unknown>,
  changes: TokenChanges | undefined,
  token: "id" | "access",
): Record<string, unknown> {
  if (changes === undefined) return claims;
  for (const [name, value] of Object.entries(changes.add))
    if (mayChange(name, token) && value !== undefined) claims[name] = value;
  for (const name of changes.suppress) if (mayChange(name, token)) delete claims[name];
  return claims;
}

/**
 * The access token's scopes after scopesToSuppress and scopesToAdd (a scope both added and
 * suppressed is suppressed, as a claim is [?]), in the granted order, additions after.
 *
 * @example
 * ```ts
 * overriddenScopes("openid orders/read", { scopesToAdd: ["orders/write"], scopesToSuppress: ["openid"] });
 * // "orders/read orders/write"
 * ```
 */
export function overriddenScopes(
  scope: string,
  changes: { scopesToAdd: readonly string[]; scopesToSuppress: readonly string[] } | undefined,
): string {
  if (changes === undefined) return scope;
  const suppressed = new Set(changes.scopesToSuppress);
  const scopes = scope.split(" ").filter((s) => s !== "" && !suppressed.has(s));
  for (const added of changes.scopesToAdd)
    if (!suppressed.has(added) && !scopes.includes(added)) scopes.push(added);
  return scopes.join(" ");
}
