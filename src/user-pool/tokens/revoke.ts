/**
 * Revoking a refresh token, as RevokeToken and the OAuth revocation endpoint both do: the token's
 * whole family ends, and with it every access and ID token issued from it (their `origin_jti`).
 */
import type { ClientRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { tokenHash } from "./issue.js";

/**
 * What came of a revocation: `"revoked"` also for a token that is unknown, expired, already
 * revoked or another client's (RFC 7009 section 2.2: the client learns nothing of other tokens);
 * `"disabled"` when the client has EnableTokenRevocation off; `"unsupported-token-type"` for
 * anything but a refresh token (an access or ID token: Cognito revokes only refresh tokens).
 */
export type RevocationOutcome = "revoked" | "disabled" | "unsupported-token-type";

/**
 * Revokes a refresh token the (already authenticated) client holds.
 *
 * @example
 * ```ts
 * const outcome = await revokeRefreshToken(ctx, client, token);
 * if (outcome === "unsupported-token-type") throw new UnsupportedTokenTypeException(...);
 * ```
 */
export async function revokeRefreshToken(
  ctx: UserPoolContext,
  client: ClientRecord,
  token: string,
): Promise<RevocationOutcome> {
  if (client.config.EnableTokenRevocation === false) return "disabled";
  // Access and ID tokens are JWTs (three parts); refresh tokens are five-part JWEs.
  if (token.split(".").length !== 5) return "unsupported-token-type";
  const store = await ctx.store();
  const record = await store.refreshTokens.find(await tokenHash(token));
  if (record !== null && record.clientId === client.id)
    await store.refreshTokens.revokeFamily(record.familyId, ctx.now());
  return "revoked";
}
