/**
 * The PreTokenGeneration trigger (AWS doc "Pre token generation Lambda trigger"): its event, V1
 * ("1", the ID token only), V2 ("2", both tokens, any JSON value) or V3 ("3", V2 and the
 * client-credentials grant), and its answer read into {@link TokenOverrides}; a response Cognito
 * could not read is InvalidLambdaResponseException.
 */
import type { PoolRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import type { GroupOverride, TokenChanges, TokenOverrides } from "../tokens/overrides.js";
import { triggerEvent } from "./event.js";
import { hasTrigger, preTokenGenerationVersion, runTrigger, unrecognizableOutput } from "./run.js";

/** Where tokens are being minted (the event's `triggerSource`). */
export type TokenGenerationSource =
  | "TokenGeneration_HostedAuth"
  | "TokenGeneration_Authentication"
  | "TokenGeneration_NewPasswordChallenge"
  | "TokenGeneration_AuthenticateDevice"
  | "TokenGeneration_RefreshTokens"
  | "TokenGeneration_ClientCredentials";

/** `request.groupConfiguration`: the groups the tokens would carry. */
export interface GroupConfiguration {
  groupsToOverride: string[];
  iamRolesToOverride: string[];
  preferredRole: string | null;
}

/** What the trigger is told of the tokens to mint. */
export interface TokenGenerationInput {
  source: TokenGenerationSource;
  /** `userName`: the user's (internal) username; the client id for client credentials [?]. */
  userName: string;
  clientId: string;
  headers?: Headers | undefined;
  userAttributes: Record<string, string>;
  groups: GroupConfiguration;
  /** The access token's scopes (V2/V3 `request.scopes`). */
  scopes: readonly string[];
  /** `ClientMetadata`, where the call forwards it to this trigger. */
  clientMetadata?: Record<string, string> | undefined;
}

/**
 * `request.groupConfiguration` of a user's groups (by precedence): their names, their roles, and
 * the first group's role as the preferred one.
 */
export function groupConfiguration(
  groups: readonly { name: string; roleArn?: string | null }[],
): GroupConfiguration {
  const roles = groups.map((g) => g.roleArn ?? "").filter((r) => r !== "");
  return {
    groupsToOverride: groups.map((g) => g.name),
    iamRolesToOverride: [...new Set(roles)],
    preferredRole: roles[0] ?? null,
  };
}

/**
 * Runs the pool's PreTokenGeneration trigger, if it has one and the source is one its version
 * fires for (TokenGeneration_ClientCredentials: V3 only, "Your user pool only sends this event
 * when your event version is V3_0" [doc]), and reads its answer.
 *
 * @returns `undefined` when no trigger ran.
 * @throws {UserLambdaValidationException} / {UnexpectedLambdaException} as runTrigger.
 * @throws {InvalidLambdaResponseException} for an answer Cognito could not read.
 */
export async function runPreTokenGeneration(
  ctx: UserPoolContext,
  pool: PoolRecord,
  input: TokenGenerationInput,
): Promise<TokenOverrides | undefined> {
  if (!hasTrigger(pool, "PreTokenGeneration")) return undefined;
  const version = preTokenGenerationVersion(pool);
  if (input.source === "TokenGeneration_ClientCredentials" && version !== "3") return undefined;
  const answered = await runTrigger(ctx, pool, "PreTokenGeneration", tokenGenerationEvent(ctx, pool, input));
  return answered === undefined ? undefined : readTokenOverrides(version, answered.response);
}

/** The event, as Cognito sends it for `version`. */
export function tokenGenerationEvent(ctx: UserPoolContext, pool: PoolRecord, input: TokenGenerationInput) {
  const version = preTokenGenerationVersion(pool);
  const request: Record<string, unknown> = {
    userAttributes: input.userAttributes,
    groupConfiguration: input.groups,
    ...(version === "1" ? {} : { scopes: [...input.scopes] }),
    ...(input.clientMetadata === undefined ? {} : { clientMetadata: input.clientMetadata }),
  };
  const response =
    version === "1" ? { claimsOverrideDetails: null } : { claimsAndScopeOverrideDetails: null };
  return triggerEvent(
    ctx,
    pool,
    input.source,
    input.userName,
    { clientId: input.clientId, headers: input.headers },
    request,
    response,
    version,
  );
}

/** Cognito's limit on the claims and scopes one answer may add or suppress [?: the quota of 5,000 claims and scopes]. */
export const MAX_OVERRIDES = 5000;
/** The ID token's claims that may hold no object or array: "except phone_number_verified, email_verified, updated_at, and address" [doc]. */
const SCALAR_ID_CLAIMS = new Set(["phone_number_verified", "email_verified", "updated_at", "address"]);

/**
 * How deep a claim's JSON value may nest. The token's JSON.stringify recurses: a value nested
 * hundreds of thousands deep (well under an HTTP answer's 1 MiB) overflows the stack as the token is
 * signed. 32 levels is far beyond any claim an API reads.
 */
export const MAX_CLAIM_DEPTH = 32;

const refuse = (): never => {
  throw unrecognizableOutput();
};
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Reads a PreTokenGeneration answer: V1 `claimsOverrideDetails` (the ID token, string values,
 * and groups), V2/V3 `claimsAndScopeOverrideDetails` (`idTokenGeneration`,
 * `accessTokenGeneration` with scopes, `groupOverrideDetails`). Members not set change nothing;
 * a member of the wrong type refuses the answer.
 *
 * @throws {InvalidLambdaResponseException} for a member of the wrong type or too many changes.
 * @example
 * ```ts
 * readTokenOverrides("2", { claimsAndScopeOverrideDetails: { accessTokenGeneration: { scopesToAdd: ["a/b"] } } });
 * ```
 */
export function readTokenOverrides(
  version: "1" | "2" | "3",
  response: Record<string, unknown>,
): TokenOverrides {
  const none = { add: {}, suppress: [] };
  if (version === "1") {
    const details = optionalObject(response.claimsOverrideDetails);
    const id = details === undefined ? none : tokenChanges(details, true);
    const overrides: TokenOverrides = { id, access: { ...none, scopesToAdd: [], scopesToSuppress: [] } };
    return withGroups(overrides, details);
  }
  const details = optionalObject(response.claimsAndScopeOverrideDetails);
  if (details === undefined) return { id: none, access: { ...none, scopesToAdd: [], scopesToSuppress: [] } };
  const idDetails = optionalObject(details.idTokenGeneration);
  const accessDetails = optionalObject(details.accessTokenGeneration);
  const overrides: TokenOverrides = {
    id: idDetails === undefined ? none : tokenChanges(idDetails, false),
    access: {
      ...(accessDetails === undefined ? none : tokenChanges(accessDetails, false, "access")),
      scopesToAdd: accessDetails === undefined ? [] : scopeList(accessDetails.scopesToAdd),
      scopesToSuppress: accessDetails === undefined ? [] : scopeList(accessDetails.scopesToSuppress),
    },
  };
  const count =
    Object.keys(overrides.id.add).length +
    overrides.id.suppress.length +
    Object.keys(overrides.access.add).length +
    overrides.access.suppress.length +
    overrides.access.scopesToAdd.length +
    overrides.access.scopesToSuppress.length;
  if (count > MAX_OVERRIDES) refuse();
  return withGroups(overrides, details);
}

function optionalObject(value: unknown): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  return isObject(value) ? value : refuse();
}

function tokenChanges(
  details: Record<string, unknown>,
  stringsOnly: boolean,
  token: "id" | "access" = "id",
): TokenChanges {
  const add: Record<string, unknown> = {};
  const claims = optionalObject(details.claimsToAddOrOverride) ?? {};
  const names = Object.keys(claims);
  if (names.length > MAX_OVERRIDES) refuse();
  for (const name of names) {
    const value = claims[name];
    if (value === undefined || value === null) continue;
    if (name === "") refuse();
    if (stringsOnly && typeof value !== "string") refuse();
    if (token === "id" && SCALAR_ID_CLAIMS.has(name) && typeof value === "object") refuse();
    if (!withinDepth(value)) refuse();
    add[name] = value;
  }
  return { add, suppress: stringList(details.claimsToSuppress) };
}

// Iterative, so that the check itself cannot overflow the stack it protects.
function withinDepth(value: unknown): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [node, depth] = next;
    if (typeof node !== "object" || node === null) continue;
    if (depth > MAX_CLAIM_DEPTH) return false;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return true;
}

function stringList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > MAX_OVERRIDES || !value.every((v) => typeof v === "string"))
    refuse();
  return value as string[];
}

// "scopesToAdd values can't contain spaces" [doc]: a scope is one token of the `scope` claim.
function scopeList(value: unknown): string[] {
  const scopes = stringList(value);
  if (scopes.some((s) => s === "" || /\s/.test(s))) refuse();
  return scopes;
}

/**
 * `groupOverrideDetails`: "The groupOverrideDetails object is replaced with the one you provide.
 * If you provide an empty or null object in the response, then the groups are suppressed" [doc];
 * a response that does not name it leaves the groups as they are.
 */
function withGroups(overrides: TokenOverrides, details: Record<string, unknown> | undefined): TokenOverrides {
  if (details === undefined || !("groupOverrideDetails" in details)) return overrides;
  const value = details.groupOverrideDetails;
  if (value === undefined) return overrides;
  const group = value === null ? {} : isObject(value) ? value : refuse();
  const preferred = group.preferredRole;
  if (preferred !== undefined && preferred !== null && typeof preferred !== "string") refuse();
  const groups: GroupOverride = {
    groups: stringList(group.groupsToOverride),
    roles: stringList(group.iamRolesToOverride),
    preferredRole: typeof preferred === "string" && preferred !== "" ? preferred : null,
  };
  return { ...overrides, groups };
}
