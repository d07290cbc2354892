/**
 * The subject and actor tokens of a token exchange: access tokens of the pool whose token
 * endpoint was called, checked as the user-pool API checks access tokens (src/user-pool/access-token.ts):
 * one of the pool's access keys signed it, it has not expired, and it still stands. A user's token
 * stands while the user exists and is enabled, has not signed out since, its sign-in's refresh
 * tokens are not revoked and its app client exists; a client's own token (client credentials:
 * `sub` is the `client_id`, no `username`) while that client exists. Any scope will do.
 */
import { NotAuthorizedException, UserNotFoundException } from "../../protocol/json/index.js";
import type { UserRecord } from "../../storage/index.js";
import { type AccessTokenUser, liveTokenUser, verifiedAccessToken } from "../../user-pool/access-token.js";
import type { UserPoolContext } from "../../user-pool/context.js";
import { MESSAGES } from "../../user-pool/messages.js";

/** A verified token of the pool, and whose it is. */
export type PresentedToken =
  | { kind: "user"; claims: AccessTokenUser["claims"]; user: UserRecord }
  | { kind: "client"; claims: AccessTokenUser["claims"] };

/** Why a token was refused, in the user-pool API's words (never the token itself). */
export interface TokenRefusal {
  refused: string;
}

/** A token whose signature, pool and expiry hold: whether it still stands is asked next. */
export interface SignedToken {
  claims: AccessTokenUser["claims"];
}

/**
 * The first half of the check, which tells nothing of the account: one of the pool's access keys
 * signed it and it has not expired. What the token holder knows already.
 */
export async function signedToken(
  ctx: UserPoolContext,
  poolId: string,
  token: string,
): Promise<SignedToken | TokenRefusal> {
  try {
    return { claims: (await verifiedAccessToken(ctx, token, poolId)).claims };
  } catch (error) {
    if (error instanceof NotAuthorizedException || error instanceof UserNotFoundException)
      return { refused: error.message };
    throw error;
  }
}

/**
 * The second half: the token still stands (its user exists and is enabled, not signed out since,
 * its sign-in not revoked, its app clients exist; a machine's token while its client exists).
 * Asked only of an exchange the policies allow, so that the account's state is told to no one else.
 */
export async function standingToken(
  ctx: UserPoolContext,
  poolId: string,
  { claims }: SignedToken,
): Promise<PresentedToken | TokenRefusal> {
  try {
    if (typeof claims.username === "string")
      return { kind: "user", claims, user: await liveTokenUser(ctx, poolId, claims) };
    // A machine's token names its client twice; anything else without a username is no token of ours.
    if (claims.sub !== claims.client_id) return { refused: MESSAGES.invalidAccessToken };
    const client = await (await ctx.store()).clients.get(poolId, claims.sub!);
    return client === null ? { refused: MESSAGES.accessTokenRevoked } : { kind: "client", claims };
  } catch (error) {
    // The words of the API, which name no token.
    if (error instanceof NotAuthorizedException || error instanceof UserNotFoundException)
      return { refused: error.message };
    throw error;
  }
}
