/**
 * Refresh-token rotation (the client's `RefreshTokenRotation`): GetTokensFromRefreshToken trades
 * the presented token for a new one of the same family. The old token keeps working for
 * `RetryGracePeriodSeconds` (0-60) so a client can retry a lost response; presented after that,
 * it is a replay, and the whole family is revoked (OAuth 2.0 Security BCP, RFC 9700 4.14.2).
 */
import { InvalidParameterException, RefreshTokenReuseException } from "../../protocol/json/index.js";
import type { ClientRecord, RefreshTokenRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { newRefreshToken, tokenHash } from "../tokens/issue.js";
import { validitySeconds } from "./result.js";

/** The client's rotation setting: `undefined` when rotation is off. */
export function rotationOf(client: ClientRecord): { graceMs: number } | undefined {
  const rotation = client.config.RefreshTokenRotation as
    | { Feature?: string; RetryGracePeriodSeconds?: number }
    | undefined;
  return rotation?.Feature === "ENABLED"
    ? { graceMs: (rotation.RetryGracePeriodSeconds ?? 0) * 1000 }
    : undefined;
}

/**
 * Refuses REFRESH_TOKEN_AUTH for a rotating client: that flow cannot hand back a new token, so
 * Cognito takes rotation only through GetTokensFromRefreshToken.
 */
export function refuseUnrotatedRefresh(client: ClientRecord): void {
  if (rotationOf(client) !== undefined) {
    throw new InvalidParameterException(
      "Refresh token rotation is enabled for this client: use GetTokensFromRefreshToken",
    ); // [?] words
  }
}

/**
 * Rotates `record` (already checked live and the caller's) and returns the new token. A token
 * already rotated is answered with another member of its family inside the grace period, and with
 * the family's revocation after it.
 *
 * @throws {RefreshTokenReuseException} for a rotated token presented after its grace period.
 */
export async function rotateRefreshToken(
  ctx: UserPoolContext,
  client: ClientRecord,
  record: RefreshTokenRecord,
): Promise<string> {
  const { graceMs } = rotationOf(client)!;
  const store = await ctx.store();
  const now = ctx.now();
  const token = newRefreshToken();
  const hash = await tokenHash(token);
  const expiresAt = now + validitySeconds(client, "RefreshToken") * 1000;
  if (
    record.replacedBy === null &&
    (await store.refreshTokens.rotate(record.tokenHash, hash, now, { expiresAt })) !== null
  )
    return token;

  // Rotated before, or just now by a concurrent call: read when, and decide on the stored time.
  const rotatedAt = record.rotatedAt ?? (await store.refreshTokens.find(record.tokenHash))?.rotatedAt ?? now;
  if (now - rotatedAt < graceMs) {
    await store.refreshTokens.issue(
      {
        tokenHash: hash,
        poolId: record.poolId,
        clientId: record.clientId,
        sub: record.sub,
        familyId: record.familyId,
        authTime: record.authTime,
        scope: record.scope,
        deviceKey: record.deviceKey,
        amr: record.amr,
        expiresAt,
      },
      now,
    );
    return token;
  }
  await store.refreshTokens.revokeFamily(record.familyId, now);
  throw new RefreshTokenReuseException("The refresh token has been used already."); // [?] words
}
