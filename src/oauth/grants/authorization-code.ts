/**
 * `grant_type=authorization_code` (RFC 6749 section 4.1.3, RFC 7636 section 4.6): the code is
 * spent once, by the client it was issued to; it must be that client's, for this redirect URI, with the
 * verifier of its challenge (and no verifier without one); a replayed code is refused and the
 * token family issued from it revoked (section 4.1.2).
 */
import { callbackUrls, providerStands } from "../authorize-request.js";
import { honours } from "../browser-session.js";
import { authorizationCodeHash } from "../code-hash.js";
import { tokenError } from "../errors.js";
import type { CodeGrant } from "../grant.js";
import type { Hosted } from "../hosted.js";
import { verifierMatches } from "../pkce.js";
import { grantedNow } from "../scopes.js";
import { newOAuthRefreshToken, oauthTokenOverrides, oauthTokens, type OAuthTokenFacts } from "../tokens.js";
import { type Grant, hasFlow, oauthEnabled, refusedByTrigger, tokenResponse } from "./grant.js";

const CONSUMED = "Authorization code has been consumed already or does not exist";

/** The authorization-code grant. */
export const authorizationCode: Grant = async (c, hosted, client, form) => {
  const { ctx } = hosted;
  const code = form.get("code") ?? "";
  const redirectUri = form.get("redirect_uri") ?? "";
  const verifier = form.get("code_verifier") ?? undefined;
  if (code === "") return tokenError("invalid_request", "code is required");
  if (redirectUri === "") return tokenError("invalid_request", "redirect_uri is required");
  if (!oauthEnabled(client))
    return tokenError("invalid_grant", "The client is not allowed to use OAuth flows");
  if (!hasFlow(client, "code"))
    return tokenError("unauthorized_client", "The client is not allowed the code flow");
  if (code.length > 256) return tokenError("invalid_grant", CONSUMED);

  const store = await ctx.store();
  const now = ctx.now();
  const hash = await authorizationCodeHash(await ctx.masterKey(), hosted.pool.id, code);
  const record = await store.oauthCodes.find(hash);
  // Only this client's code is spent (or, replayed, revokes anything): another client that saw it
  // in a log or a Referer can neither burn it nor end its owner's tokens.
  if (record === null || record.clientId !== client.id || record.poolId !== hosted.pool.id)
    return tokenError("invalid_grant", CONSUMED);
  if (record.consumedAt !== null) return replayed(hosted, hash, client.id);
  if (record.expiresAt <= now) return tokenError("invalid_grant", CONSUMED);

  // A code presented wrongly is spent all the same: whoever holds it gets one try.
  const refused = async (description: string) => {
    await store.oauthCodes.consume(hash, client.id, now);
    return tokenError("invalid_grant", description);
  };
  const grant = record.grant as unknown as CodeGrant;
  if (grant.redirectUri !== redirectUri)
    return refused("redirect_uri does not match the authorization request");
  // The client as it is now: a callback, the pool's own sign-in or every scope taken off it since
  // the authorization leaves nothing to grant; a scope taken off (or whose resource server went)
  // is not granted.
  if (!callbackUrls(client).includes(redirectUri))
    return refused("redirect_uri is no longer one of the client's CallbackURLs"); // [?] words
  const provider = grant.identityProvider ?? "COGNITO";
  if (!(await providerStands(store, hosted.pool.id, client, provider)))
    return refused(`The client no longer supports ${provider} sign-in`); // [?] words
  const scopes = await grantedNow(store, hosted.pool.id, client, grant.scopes);
  if (scopes.length === 0) return refused("None of the authorized scopes is still allowed to the client"); // [?] words
  if (grant.codeChallenge === undefined) {
    if (verifier !== undefined)
      return refused("code_verifier given, but the authorization request had no code_challenge");
  } else if (verifier === undefined) {
    return refused("code_verifier is required");
  } else if (!(await verifierMatches(verifier, grant.codeChallenge))) {
    return refused("code_verifier does not match the code_challenge");
  }

  const user = await store.users.getBySub(hosted.pool.id, record.sub);
  if (user === null || !user.enabled) return refused("User is disabled or does not exist");
  // As for the browser session the code came from: a global sign-out, a password reset or a
  // password change since the sign-in ends what it granted.
  if (!honours(user, grant.authTime))
    return refused("User has signed out or changed the password since the authorization"); // [?] words

  const facts: OAuthTokenFacts = {
    client,
    user,
    scopes,
    authTime: grant.authTime,
    amr: grant.amr,
    familyId: record.familyId,
    nonce: grant.nonce,
    deviceKey: grant.deviceKey,
    eventId: grant.eventId,
    issuer: hosted.issuer,
    ...(grant.identityProvider === undefined ? {} : { identityProvider: grant.identityProvider }),
  };
  // The trigger runs before anything is spent or stored: a refusal leaves no refresh token.
  const hook = await oauthTokenOverrides(ctx, hosted.pool, facts, "TokenGeneration_HostedAuth", {
    headers: c.req.raw.headers,
  });
  if ("refused" in hook) return refusedByTrigger(hook.refused);
  facts.overrides = hook.overrides;
  // The code is spent and the refresh token stored in one transaction; a presentation that lost
  // a race for it is a replay.
  const refreshToken = await newOAuthRefreshToken(ctx, facts, { hash, clientId: client.id });
  if (refreshToken === null) return replayed(hosted, hash, client.id);
  const tokens = await oauthTokens(ctx, facts);
  return tokenResponse({
    ...(tokens.id_token === undefined ? {} : { id_token: tokens.id_token }),
    access_token: tokens.access_token,
    refresh_token: refreshToken,
    expires_in: tokens.expires_in,
    token_type: "Bearer",
  });
};

/** A spent code presented again: marked so, and the token family issued from it revoked. */
async function replayed(hosted: Hosted, hash: string, clientId: string): Promise<Response> {
  const store = await hosted.ctx.store();
  const now = hosted.ctx.now();
  const found = await store.oauthCodes.consume(hash, clientId, now);
  if (found.outcome === "replayed") await store.refreshTokens.revokeFamily(found.code.familyId, now);
  return tokenError("invalid_grant", CONSUMED);
}
