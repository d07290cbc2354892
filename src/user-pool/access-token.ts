/**
 * The access tokens cognate accepts as credentials: signed by one of cognate's pools, unexpired,
 * carrying the scope the caller requires, and not revoked. GetUser, GlobalSignOut and the other
 * token-bearing operations require the admin scope; the OAuth userInfo endpoint requires `openid`.
 */
import { decodeJwt, decodeProtectedHeader, errors, importJWK, jwtVerify, type JWTPayload } from "jose";
import { NotAuthorizedException, string, UserNotFoundException } from "../protocol/json/index.js";
import type { UserRecord } from "../storage/index.js";
import type { UserPoolContext } from "./context.js";
import { USER_POOL_ID } from "./ids.js";
import { MESSAGES } from "./messages.js";

/** The AccessToken member, e.g. `structure({ AccessToken: accessToken() })`. */
export const accessToken = () => string({ required: true, pattern: "[A-Za-z0-9-_=.]+", sensitive: true });

/** What a valid access token names. */
export interface AccessTokenUser {
  user: UserRecord;
  claims: JWTPayload & { client_id?: string; origin_jti?: string; username?: string };
}

/** What a caller requires of a token beyond a valid signature, expiry and revocation. */
export interface AccessTokenRequirement {
  /** The scope the token must carry. Default: `aws.cognito.signin.user.admin` (the user-pool API). */
  scope?: string;
  /** The pool that must have issued it (an endpoint of one pool refuses another's tokens). Default: any. */
  poolId?: string;
}

const INVALID = MESSAGES.invalidAccessToken;
const ADMIN_SCOPE = "aws.cognito.signin.user.admin";

/**
 * Verifies an access token's signature (one of its pool's access keys), expiry and shape
 * (`token_use: access`, a `sub`): what every access token of cognate is, a user's or a client's.
 * Nothing about revocation or the scope is checked here.
 *
 * @example
 * ```ts
 * const { poolId, claims } = await verifiedAccessToken(ctx, token, pool.id);
 * ```
 *
 * @throws {NotAuthorizedException} "Invalid Access Token" (also: another pool's than `poolId`),
 *   "Access Token has expired".
 */
export async function verifiedAccessToken(
  ctx: UserPoolContext,
  token: string,
  poolId?: string,
): Promise<{ poolId: string; claims: AccessTokenUser["claims"] }> {
  let unverified: JWTPayload, kid: string | undefined;
  try {
    unverified = decodeJwt(token);
    kid = decodeProtectedHeader(token).kid;
  } catch {
    throw new NotAuthorizedException(INVALID);
  }
  const issuerPool =
    typeof unverified.iss === "string" ? unverified.iss.slice(unverified.iss.lastIndexOf("/") + 1) : "";
  if (!USER_POOL_ID.test(issuerPool) || kid === undefined || (poolId !== undefined && issuerPool !== poolId))
    throw new NotAuthorizedException(INVALID);
  const store = await ctx.store();
  const jwk = (await store.signingKeys.list(issuerPool)).find((k) => k.kid === kid && k.purpose === "access");
  if (jwk === undefined) throw new NotAuthorizedException(INVALID);
  let claims: AccessTokenUser["claims"];
  try {
    const key = await importJWK(jwk.publicJwk as Parameters<typeof importJWK>[0], "RS256");
    ({ payload: claims } = await jwtVerify(token, key, {
      algorithms: ["RS256"],
      currentDate: new Date(ctx.now()),
    }));
  } catch (error) {
    throw new NotAuthorizedException(
      error instanceof errors.JWTExpired ? MESSAGES.accessTokenExpired : INVALID,
    );
  }
  if (claims.token_use !== "access" || typeof claims.sub !== "string")
    throw new NotAuthorizedException(INVALID);
  return { poolId: issuerPool, claims };
}

/**
 * The user a verified access token ({@link verifiedAccessToken}) names, while the token still
 * stands: the user exists, has not signed out since it was issued, its sign-in's refresh-token
 * family is not revoked, its app client still exists, and the user is enabled.
 *
 * @throws {NotAuthorizedException} "Access Token has been revoked", "User is disabled.";
 *   {UserNotFoundException} when the user is gone.
 */
export async function liveTokenUser(
  ctx: UserPoolContext,
  poolId: string,
  claims: AccessTokenUser["claims"],
): Promise<UserRecord> {
  const store = await ctx.store();
  const user = await store.users.getBySub(poolId, claims.sub!);
  if (user === null) throw new UserNotFoundException(MESSAGES.userNotFound);
  // iat is in seconds: a token issued in the second of a sign-out survives it, never the reverse.
  const signedOut = user.signedOutAt !== null && (claims.iat ?? 0) < Math.floor(user.signedOutAt / 1000);
  if (
    signedOut ||
    (typeof claims.origin_jti === "string" && (await store.refreshTokens.isFamilyRevoked(claims.origin_jti)))
  ) {
    throw new NotAuthorizedException(MESSAGES.accessTokenRevoked);
  }
  // A deleted app client's tokens die with it: its read and write limits can no longer be applied,
  // and a client that is gone must not become one without limits.
  if (typeof claims.client_id !== "string" || (await store.clients.get(poolId, claims.client_id)) === null) {
    throw new NotAuthorizedException(MESSAGES.accessTokenRevoked);
  }
  // A token exchanged from another (RFC 8693) dies with the client the user signed in with too.
  const origin = (claims as { origin_client_id?: unknown }).origin_client_id;
  if (
    origin !== undefined &&
    (typeof origin !== "string" || (await store.clients.get(poolId, origin)) === null)
  ) {
    throw new NotAuthorizedException(MESSAGES.accessTokenRevoked);
  }
  if (!user.enabled) throw new NotAuthorizedException(MESSAGES.userDisabled);
  return user;
}

/**
 * Verifies an access token and returns its user.
 *
 * @example
 * ```ts
 * const { user, claims } = await accessTokenUser(ctx, token, { scope: "openid", poolId: pool.id });
 * ```
 *
 * @throws {NotAuthorizedException} "Invalid Access Token" (also: another pool's, or without the
 *   required scope), "Access Token has expired", "Access Token has been revoked", "User is
 *   disabled."; {UserNotFoundException} when the user is gone.
 */
export async function accessTokenUser(
  ctx: UserPoolContext,
  token: string,
  required: AccessTokenRequirement = {},
): Promise<AccessTokenUser> {
  const { poolId, claims } = await verifiedAccessToken(ctx, token, required.poolId);
  const scopes = typeof claims.scope === "string" ? claims.scope.split(" ") : [];
  if (!scopes.includes(required.scope ?? ADMIN_SCOPE)) throw new NotAuthorizedException(INVALID);
  return { user: await liveTokenUser(ctx, poolId, claims), claims };
}
