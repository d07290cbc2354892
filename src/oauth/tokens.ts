/**
 * The tokens of the OAuth endpoints (the token endpoint, and the implicit flow's redirect): the
 * access token with the granted `scope` and `version: 2`; the ID token only with `openid`, with
 * the request's `nonce`, the access token's `at_hash`, and the user's attributes as the scopes
 * allow; refresh tokens stored with their scope and authentication methods, so a refresh keeps
 * both. The signing and the claims are the API's (src/user-pool/tokens/).
 */
import { digests } from "#crypto";
import { AwsError } from "../protocol/json/index.js";
import type { ClientRecord, PoolRecord, UserRecord } from "../storage/index.js";
import { readable } from "../user-pool/client-attributes.js";
import type { UserPoolContext } from "../user-pool/context.js";
import { poolSigningKeys, validitySeconds } from "../user-pool/sign-in/result.js";
import { accessTokenClaims, idTokenClaims, type SignInFacts } from "../user-pool/tokens/claims.js";
import { newRefreshToken, signJwt, tokenHash } from "../user-pool/tokens/issue.js";
import type { TokenOverrides } from "../user-pool/tokens/overrides.js";
import {
  groupConfiguration,
  runPreTokenGeneration,
  type TokenGenerationSource,
  userAttributesOf,
} from "../user-pool/triggers/index.js";
import { bytesToBase64Url, utf8 } from "../util/encoding.js";
import { claimFilter } from "./scopes.js";

/** What the OAuth tokens of one grant are made from. */
export interface OAuthTokenFacts {
  client: ClientRecord;
  user: UserRecord;
  /** The granted scopes. */
  scopes: readonly string[];
  /** The interactive sign-in's time, epoch ms (`auth_time`). */
  authTime: number;
  /** How the user authenticated (RFC 8176). */
  amr: readonly string[];
  /** `origin_jti`: the refresh-token family. */
  familyId: string;
  nonce?: string;
  deviceKey?: string;
  /** The auth event the tokens' `event_id` names (default: a new id). */
  eventId?: string;
  issuer: string;
  /** The identity provider of the sign-in (absent: COGNITO), which the refresh tokens record. */
  identityProvider?: string;
  /** What the PreTokenGeneration trigger changed ({@link oauthTokenOverrides}). */
  overrides?: TokenOverrides | undefined;
}

/** The trigger's changes, or the token endpoint's refusal when the trigger failed. */
export type OverridesOrRefusal = { overrides: TokenOverrides | undefined } | { refused: AwsError };

/** The Lambda failures a token request answers with an OAuth error (nothing else is caught). */
const LAMBDA_ERRORS = new Set([
  "UserLambdaValidationException",
  "InvalidLambdaResponseException",
  "UnexpectedLambdaException",
]);

/**
 * Runs the pool's PreTokenGeneration trigger for the tokens of an OAuth grant, before anything
 * is stored or spent: `source` TokenGeneration_HostedAuth (a code or the implicit grant: the
 * hosted UI's or a federated sign-in) or TokenGeneration_RefreshTokens. A failed trigger is
 * `refused` (the caller answers it as an OAuth error); any other failure throws.
 */
export async function oauthTokenOverrides(
  ctx: UserPoolContext,
  pool: PoolRecord,
  facts: Pick<OAuthTokenFacts, "client" | "user" | "scopes">,
  source: TokenGenerationSource,
  call: { headers?: Headers; clientMetadata?: Record<string, string> } = {},
): Promise<OverridesOrRefusal> {
  const { client, user } = facts;
  try {
    const groups = await (await ctx.store()).groups.allForUser(user.poolId, user.sub);
    const overrides = await runPreTokenGeneration(ctx, pool, {
      source,
      userName: user.username,
      clientId: client.id,
      headers: call.headers,
      userAttributes: userAttributesOf(pool, user),
      groups: groupConfiguration(groups),
      scopes: facts.scopes,
      clientMetadata: call.clientMetadata,
    });
    return { overrides };
  } catch (error) {
    return { refused: triggerFailure(error) };
  }
}

/**
 * A trigger's failure (UserLambdaValidationException, InvalidLambdaResponseException,
 * UnexpectedLambdaException), for the token endpoint to answer; anything else is rethrown.
 */
export function triggerFailure(error: unknown): AwsError {
  if (error instanceof AwsError && LAMBDA_ERRORS.has(error.type)) return error;
  throw error;
}

/** The token endpoint's success body (RFC 6749 section 5.1), and the implicit flow's fragment. */
export interface OAuthTokenResponse {
  id_token?: string;
  access_token: string;
  refresh_token?: string;
  expires_in: number;
  token_type: "Bearer";
}

/**
 * `at_hash` (OIDC Core 3.1.3.6): the left half of the access token's SHA-256, base64url.
 *
 * @example
 * ```ts
 * await accessTokenHash(accessToken); // "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo" halved
 * ```
 */
export async function accessTokenHash(accessToken: string): Promise<string> {
  return bytesToBase64Url((await digests.sha256(utf8(accessToken))).slice(0, 16));
}

/**
 * Signs the access token and, with `openid`, the ID token beside it (with `at_hash`).
 *
 * @example
 * ```ts
 * const tokens = await oauthTokens(ctx, { client, user, scopes: ["openid"], authTime, amr: ["pwd"], familyId, issuer });
 * // { id_token, access_token, expires_in: 3600, token_type: "Bearer" }
 * ```
 */
export async function oauthTokens(ctx: UserPoolContext, facts: OAuthTokenFacts): Promise<OAuthTokenResponse> {
  const { client, user } = facts;
  const store = await ctx.store();
  const keys = await poolSigningKeys(ctx, user.poolId);
  const groups = await store.groups.allForUser(user.poolId, user.sub);
  const filter = claimFilter(facts.scopes);
  const attributes = Object.fromEntries(
    Object.entries(readable(client, user.attributes)).filter(
      ([name]) => name === "sub" || filter === undefined || filter(name),
    ),
  );
  const ttl = validitySeconds(client, "AccessToken");
  const base: SignInFacts = {
    issuer: facts.issuer,
    clientId: client.id,
    username: user.username,
    sub: user.sub,
    attributes,
    // [obs] Cognito's ID token carries `identities` whatever the scopes (an `openid email` token of a
    // SAML user has it beside `email` alone), as the API's tokens do whatever ReadAttributes say.
    identities: user.attributes.identities,
    groups: groups.map((g) => g.name),
    roles: groups.map((g) => g.roleArn ?? ""),
    authTime: Math.floor(facts.authTime / 1000),
    originJti: facts.familyId,
    eventId: facts.eventId ?? crypto.randomUUID(),
    amr: facts.amr,
    deviceKey: facts.deviceKey,
    scope: facts.scopes.join(" "),
    oauth: true,
    now: Math.floor(ctx.now() / 1000),
    ttlSeconds: ttl,
    idTtlSeconds: validitySeconds(client, "IdToken"),
    ...(facts.overrides === undefined ? {} : { overrides: facts.overrides }),
  };
  const accessToken = await signJwt(accessTokenClaims(base), keys.access);
  const idToken = facts.scopes.includes("openid")
    ? await signJwt(
        idTokenClaims({ ...base, nonce: facts.nonce, atHash: await accessTokenHash(accessToken) }),
        keys.id,
      )
    : undefined;
  return {
    ...(idToken === undefined ? {} : { id_token: idToken }),
    access_token: accessToken,
    expires_in: ttl,
    token_type: "Bearer",
  };
}

/**
 * Issues and stores (by hash) the first refresh token of a family, with its scope and methods.
 * With `fromCode` (the authorization code's stored hash and its client), it also spends that code,
 * in the same transaction: `null` when this call did not spend it (spent, expired or unknown).
 */
export async function newOAuthRefreshToken(
  ctx: UserPoolContext,
  facts: OAuthTokenFacts,
  fromCode?: { hash: string; clientId: string },
): Promise<string | null> {
  const token = newRefreshToken();
  const now = ctx.now();
  const record = {
    tokenHash: await tokenHash(token),
    poolId: facts.user.poolId,
    clientId: facts.client.id,
    sub: facts.user.sub,
    familyId: facts.familyId,
    authTime: facts.authTime,
    scope: facts.scopes.join(" "),
    amr: [...facts.amr],
    deviceKey: facts.deviceKey,
    identityProvider: facts.identityProvider ?? null,
    expiresAt: now + validitySeconds(facts.client, "RefreshToken") * 1000,
  };
  const { refreshTokens } = await ctx.store();
  if (fromCode === undefined) await refreshTokens.issue(record, now);
  else if ((await refreshTokens.issueForCode(record, fromCode, now)) === null) return null;
  return token;
}
