/**
 * REFRESH_TOKEN_AUTH / REFRESH_TOKEN and GetTokensFromRefreshToken: new ID and access tokens for a
 * live refresh token of the same client, keeping the original sign-in's `auth_time` and
 * `origin_jti`; with the client's rotation on, GetTokensFromRefreshToken also rotates the token.
 */
import { NotAuthorizedException } from "../../protocol/json/index.js";
import type { UserPoolContext } from "../context.js";
import { tokenHash } from "../tokens/issue.js";
import { checkClientSecret, checkSecretHash } from "./client.js";
import type { SignInStep } from "./password.js";
import { signInResult } from "./result.js";
import { refuseUnrotatedRefresh, rotateRefreshToken, rotationOf } from "./rotation.js";

/**
 * The refresh. Unknown, expired, foreign-client or revoked tokens, and tokens of a user who is
 * gone or disabled, all fail with NotAuthorizedException. `proof.clientSecret` marks
 * GetTokensFromRefreshToken, the only way to refresh (and rotate) for a rotating client.
 *
 * @example
 * ```ts
 * return refreshSignIn(ctx, step, params.REFRESH_TOKEN, { secretHash: params.SECRET_HASH });
 * ```
 */
export async function refreshSignIn(
  ctx: UserPoolContext,
  step: SignInStep,
  refreshToken: string,
  proof:
    | { secretHash?: string; clientSecret?: never }
    | { clientSecret: string | undefined; secretHash?: never },
): Promise<Record<string, unknown>> {
  const rotating = rotationOf(step.client) !== undefined;
  if (!("clientSecret" in proof)) refuseUnrotatedRefresh(step.client);
  const store = await ctx.store();
  const now = ctx.now();
  const record = await store.refreshTokens.find(await tokenHash(refreshToken));
  if (
    record === null ||
    record.clientId !== step.client.id ||
    record.poolId !== step.pool.id ||
    record.expiresAt <= now
  ) {
    throw new NotAuthorizedException("Invalid Refresh Token");
  }
  if (record.revokedAt !== null) throw new NotAuthorizedException("Refresh Token has been revoked");
  // A token rotated out under a setting since turned off is spent.
  if (record.replacedBy !== null && !rotating) throw new NotAuthorizedException("Invalid Refresh Token");
  const user = await store.users.getBySub(record.poolId, record.sub);
  if (user === null) throw new NotAuthorizedException("Invalid Refresh Token");
  if ("clientSecret" in proof) checkClientSecret(step.client, proof.clientSecret);
  // Cognito takes the hash over the internal username or the sub here [?]: accept either.
  else await checkSecretHash(step.client, proof.secretHash, [user.username, user.sub]);
  if (!user.enabled) throw new NotAuthorizedException("User is disabled.");
  const RefreshToken = rotating ? await rotateRefreshToken(ctx, step.client, record) : undefined;
  const result = await signInResult(ctx, {
    client: step.client,
    user,
    requestUrl: step.requestUrl,
    refreshOf: { authTime: record.authTime, originJti: record.familyId, amr: record.amr },
    deviceKey: record.deviceKey ?? undefined,
  });
  return { ChallengeParameters: {}, AuthenticationResult: { ...result, RefreshToken } };
}
