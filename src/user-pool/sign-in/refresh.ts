/**
 * REFRESH_TOKEN_AUTH / REFRESH_TOKEN and GetTokensFromRefreshToken, as steps: new ID and access
 * tokens for a live refresh token of the same client, keeping the original sign-in's `auth_time`
 * and `origin_jti`; with the client's rotation on, GetTokensFromRefreshToken also rotates the
 * token. Unknown, expired, foreign-client or revoked tokens, and tokens of a user who is gone or
 * disabled, all fail with NotAuthorizedException.
 */
import { NotAuthorizedException } from "../../protocol/json/index.js";
import { param } from "../auth-params.js";
import { providerStands } from "../federation/provider-stands.js";
import { MESSAGES } from "../messages.js";
import { tokenHash } from "../tokens/issue.js";
import { checkClientSecret, checkSecretHash, requireFlow } from "./client.js";
import type { Step } from "./pipeline.js";
import { userOf } from "./state.js";
import { refuseUnrotatedRefresh, rotateRefreshToken, rotationOf } from "./rotation.js";

/** REFRESH_TOKEN, required (REFRESH_TOKEN_AUTH's AuthParameters). */
export const requireRefreshToken: Step = (_ctx, s) => void param(s.params, "REFRESH_TOKEN");

/** REFRESH_TOKEN_AUTH cannot hand back a new token: a rotating client refreshes with GetTokensFromRefreshToken. */
export const refuseRotatingClient: Step = (_ctx, s) => refuseUnrotatedRefresh(s.client);

/** GetTokensFromRefreshToken: a rotating client refreshes here only, with REFRESH_TOKEN_AUTH off as Cognito asks. */
export const requireRefreshFlowUnlessRotating: Step = (_ctx, s) => {
  if (rotationOf(s.client) === undefined)
    requireFlow(s.client, "ALLOW_REFRESH_TOKEN_AUTH", "REFRESH_TOKEN_AUTH");
};

/** The stored refresh token: live, this client's, and its user's. */
export const findRefreshToken: Step = async (ctx, s) => {
  const store = await ctx.store();
  const record = await store.refreshTokens.find(await tokenHash(s.params.REFRESH_TOKEN!));
  if (
    record === null ||
    record.clientId !== s.client.id ||
    record.poolId !== s.pool.id ||
    record.expiresAt <= ctx.now()
  ) {
    throw new NotAuthorizedException(MESSAGES.invalidRefreshToken);
  }
  if (record.revokedAt !== null) throw new NotAuthorizedException(MESSAGES.refreshTokenRevoked);
  // A token rotated out under a setting since turned off is spent.
  if (record.replacedBy !== null && rotationOf(s.client) === undefined)
    throw new NotAuthorizedException(MESSAGES.invalidRefreshToken);
  const user = await store.users.getBySub(record.poolId, record.sub);
  if (user === null) throw new NotAuthorizedException(MESSAGES.invalidRefreshToken);
  // A hosted UI token of a federated sign-in refreshes here as at /oauth2/token: while the client
  // lists its identity provider and the provider still exists in the pool. [?] words
  const provider = record.identityProvider;
  if (
    provider !== null &&
    provider !== "COGNITO" &&
    !(await providerStands(store, record.poolId, s.client, provider))
  )
    throw new NotAuthorizedException(MESSAGES.invalidRefreshToken);
  s.refresh = record;
  s.user = user;
  s.deviceKey = record.deviceKey ?? undefined;
};

/** REFRESH_TOKEN_AUTH's SECRET_HASH: Cognito takes it over the internal username or the sub here [?]: either. */
export const checkRefreshSecretHash: Step = async (_ctx, s) => {
  const user = userOf(s);
  await checkSecretHash(s.client, s.params.SECRET_HASH, [user.username, user.sub]);
};

/** GetTokensFromRefreshToken's ClientSecret (the secret itself), when the client has one. */
export const checkRefreshClientSecret: Step = (_ctx, s) => checkClientSecret(s.client, s.params.ClientSecret);

/** With the client's rotation on, the presented token is traded for a new one of its family. */
export const rotateIfRotating: Step = async (ctx, s) => {
  if (rotationOf(s.client) !== undefined)
    s.rotatedRefreshToken = await rotateRefreshToken(ctx, s.client, s.refresh!);
};
