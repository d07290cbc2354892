/**
 * The end of an authorization request: once the user has signed in (or a browser session stands
 * for them), the code flow gets a code bound to everything the token endpoint must check, and
 * the implicit flow gets its tokens in the redirect URI's fragment (no refresh token).
 */
import type { Context } from "hono";
import type { AuthorizationRequest } from "./authorize-request.js";
import { authorizationCodeHash, newAuthorizationCode } from "./code-hash.js";
import { errorRedirect, redirect, withParams } from "./errors.js";
import type { Hosted } from "./hosted.js";
import { oauthTokenOverrides, oauthTokens } from "./tokens.js";

/** Who signed in, and how: what a code or the implicit tokens carry. */
export interface Authentication {
  sub: string;
  username: string;
  /** Epoch ms of the interactive sign-in. */
  authTime: number;
  /** RFC 8176, e.g. ["pwd"], ["pwd","mfa","otp"]. */
  amr: string[];
  deviceKey?: string;
  /** The auth event the sign-in recorded, which the tokens' `event_id` names (default: a new id). */
  eventId?: string;
  /** The identity provider the user signed in through (its name); absent: the pool's own, COGNITO. */
  identityProvider?: string;
}

/** An authorization code's lifetime: 5 minutes, as Cognito's. */
export const CODE_TTL_MS = 5 * 60 * 1000;

/** What a stored code stands for (the `grant_data` of `oauth_codes`). */
export interface CodeGrant {
  redirectUri: string;
  scopes: string[];
  codeChallenge?: string;
  nonce?: string;
  username: string;
  authTime: number;
  amr: string[];
  deviceKey?: string;
  eventId?: string;
  /**
   * The identity provider of the sign-in (absent: COGNITO): the exchange checks it against the
   * client's SupportedIdentityProviders as the client is then.
   */
  identityProvider?: string;
}

/**
 * Completes the authorization request: 302 (303 after a POST) to the redirect URI with
 * `?code=&state=`, or for `response_type=token` with `#id_token=&access_token=&token_type=Bearer&expires_in=&state=`.
 *
 * @example
 * ```ts
 * return grantAuthorization(c, hosted, request, { sub, username, authTime: Date.now(), amr: ["pwd"] });
 * ```
 */
export async function grantAuthorization(
  c: Context,
  hosted: Hosted,
  request: AuthorizationRequest,
  who: Authentication,
): Promise<Response> {
  const status = c.req.method === "POST" ? 303 : 302;
  const { ctx } = hosted;
  const store = await ctx.store();
  const familyId = crypto.randomUUID();

  if (request.responseType === "code") {
    const code = newAuthorizationCode();
    const grant: CodeGrant = {
      redirectUri: request.redirectUri,
      scopes: request.scopes,
      ...(request.codeChallenge === undefined ? {} : { codeChallenge: request.codeChallenge }),
      ...(request.nonce === undefined ? {} : { nonce: request.nonce }),
      username: who.username,
      authTime: who.authTime,
      amr: who.amr,
      ...(who.deviceKey === undefined ? {} : { deviceKey: who.deviceKey }),
      ...(who.eventId === undefined ? {} : { eventId: who.eventId }),
      ...(who.identityProvider === undefined ? {} : { identityProvider: who.identityProvider }),
    };
    const now = ctx.now();
    await store.oauthCodes.issue(
      {
        codeHash: await authorizationCodeHash(await ctx.masterKey(), hosted.pool.id, code),
        poolId: hosted.pool.id,
        clientId: request.client.id,
        sub: who.sub,
        grant: grant as never,
        familyId,
        expiresAt: now + CODE_TTL_MS,
      },
      now,
    );
    return redirect(withParams(request.redirectUri, { code, state: request.state }), status);
  }

  const user = await store.users.getBySub(hosted.pool.id, who.sub);
  if (user === null || !user.enabled)
    return errorRedirect(request, "access_denied", "User is disabled or does not exist"); // [?] words
  const hook = await oauthTokenOverrides(
    ctx,
    hosted.pool,
    { client: request.client, user, scopes: request.scopes },
    "TokenGeneration_HostedAuth",
    { headers: c.req.raw.headers },
  );
  if ("refused" in hook) return errorRedirect(request, "access_denied", hook.refused.message); // [?] words
  const tokens = await oauthTokens(ctx, {
    overrides: hook.overrides,
    client: request.client,
    user,
    scopes: request.scopes,
    authTime: who.authTime,
    amr: who.amr,
    familyId,
    nonce: request.nonce,
    deviceKey: who.deviceKey,
    eventId: who.eventId,
    issuer: hosted.issuer,
  });
  return redirect(
    withParams(
      request.redirectUri,
      {
        id_token: tokens.id_token,
        access_token: tokens.access_token,
        token_type: "Bearer",
        expires_in: String(tokens.expires_in),
        state: request.state,
      },
      "fragment",
    ),
    status,
  );
}
