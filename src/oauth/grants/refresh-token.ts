/**
 * `grant_type=refresh_token` (RFC 6749 section 6): new tokens for a live refresh token of this
 * client, with the scope, `auth_time`, `amr` and `origin_jti` of the original grant; with the
 * client's RefreshTokenRotation on, the token is traded for a new one of its family, and a
 * rotated token presented after its grace period revokes the family (as the API does).
 */
import { RefreshTokenReuseException } from "../../protocol/json/index.js";
import { rotateRefreshToken, rotationOf } from "../../user-pool/sign-in/rotation.js";
import { tokenHash } from "../../user-pool/tokens/issue.js";
import { providerStands } from "../authorize-request.js";
import { tokenError } from "../errors.js";
import { grantedNow } from "../scopes.js";
import { oauthTokenOverrides, oauthTokens } from "../tokens.js";
import { type Grant, oauthEnabled, refusedByTrigger, tokenResponse } from "./grant.js";

const INVALID = "Invalid Refresh Token"; // [?] words
const REVOKED = "Refresh token has been revoked";

/** The refresh-token grant. */
export const refreshToken: Grant = async (c, hosted, client, form) => {
  const { ctx } = hosted;
  const presented = form.get("refresh_token") ?? "";
  if (presented === "") return tokenError("invalid_request", "refresh_token is required");
  if (!oauthEnabled(client))
    return tokenError("invalid_grant", "The client is not allowed to use OAuth flows");
  if (presented.length > 4096) return tokenError("invalid_grant", INVALID);

  const store = await ctx.store();
  const now = ctx.now();
  const record = await store.refreshTokens.find(await tokenHash(presented));
  if (
    record === null ||
    record.clientId !== client.id ||
    record.poolId !== hosted.pool.id ||
    record.expiresAt <= now
  )
    return tokenError("invalid_grant", INVALID);
  if (record.revokedAt !== null) return tokenError("invalid_grant", REVOKED);
  const rotating = rotationOf(client) !== undefined;
  if (record.replacedBy !== null && !rotating) return tokenError("invalid_grant", INVALID);
  const user = await store.users.getBySub(record.poolId, record.sub);
  if (user === null || !user.enabled) return tokenError("invalid_grant", INVALID);
  // A token of the API's (InitiateAuth) has no scope: it refreshes as the API would, ID token
  // included. One of the hosted UI's refreshes while the client, as it is now, still takes the
  // identity provider of the sign-in (the pool's own: COGNITO), which still exists, and allows one of its scopes
  // (checked before a rotation spends it).
  const scopes =
    record.scope === null
      ? ["openid", "aws.cognito.signin.user.admin"]
      : await grantedNow(
          store,
          record.poolId,
          client,
          record.scope.split(" ").filter((s) => s !== ""),
        );
  if (
    record.scope !== null &&
    (scopes.length === 0 || !(await providerStands(store, record.poolId, client, record.identityProvider)))
  )
    return tokenError("invalid_grant", "The client no longer allows what this refresh token was granted"); // [?] words

  // Each refresh runs the trigger again (its answer is not kept), before a rotation spends the token.
  const hook = await oauthTokenOverrides(
    ctx,
    hosted.pool,
    { client, user, scopes },
    "TokenGeneration_RefreshTokens",
    {
      headers: c.req.raw.headers,
    },
  );
  if ("refused" in hook) return refusedByTrigger(hook.refused);
  let rotated: string | undefined;
  if (rotating) {
    try {
      rotated = await rotateRefreshToken(ctx, client, record);
    } catch (error) {
      if (error instanceof RefreshTokenReuseException) return tokenError("invalid_grant", REVOKED);
      throw error;
    }
  }
  // As the API's refreshes: a new event_id, and no stored event (Cognito lists none for a refresh).
  const eventId = crypto.randomUUID();
  const tokens = await oauthTokens(ctx, {
    client,
    user,
    scopes,
    authTime: record.authTime,
    amr: record.amr ?? ["pwd"],
    familyId: record.familyId,
    deviceKey: record.deviceKey ?? undefined,
    eventId,
    issuer: hosted.issuer,
    overrides: hook.overrides,
  });
  return tokenResponse({
    ...(tokens.id_token === undefined ? {} : { id_token: tokens.id_token }),
    access_token: tokens.access_token,
    ...(rotated === undefined ? {} : { refresh_token: rotated }),
    expires_in: tokens.expires_in,
    token_type: "Bearer",
  });
};
