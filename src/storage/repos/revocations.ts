/**
 * The revocation feed of a pool: sign-in families whose refresh tokens were revoked (RevokeToken,
 * a replayed rotation) and users whose every earlier token was (GlobalSignOut,
 * AdminUserGlobalSignOut, AdminDisableUser, a password reset), each with when.
 */
import type { SqlDriver } from "../driver.js";

/** Revocations after a time, oldest first. */
export interface RevocationPage {
  /** `origin_jti` of each revoked sign-in, and when (epoch ms). */
  families: { id: string; at: number }[];
  /** Users whose tokens issued before `at` (epoch ms) are revoked. */
  users: { sub: string; at: number }[];
  /** Whether either list was cut at `limit`: ask again from the last time returned. */
  truncated: boolean;
}

/**
 * The revocation repository.
 */
export function revocationRepository(driver: SqlDriver) {
  return {
    /** What was revoked in the pool after `after` (exclusive), at most `limit` of each kind. */
    async since(poolId: string, after: number, limit: number): Promise<RevocationPage> {
      const [families, users] = await Promise.all([
        driver.all<{ id: string; at: number }>(
          "SELECT family_id AS id, MAX(revoked_at) AS at FROM refresh_tokens WHERE pool_id = ? AND revoked_at > ? GROUP BY family_id ORDER BY at LIMIT ?",
          [poolId, after, limit],
        ),
        driver.all<{ sub: string; at: number }>(
          "SELECT sub, signed_out_at AS at FROM users WHERE pool_id = ? AND signed_out_at > ? ORDER BY signed_out_at LIMIT ?",
          [poolId, after, limit],
        ),
      ]);
      return {
        families: families.map((r) => ({ id: String(r.id), at: Number(r.at) })),
        users: users.map((r) => ({ sub: String(r.sub), at: Number(r.at) })),
        truncated: families.length === limit || users.length === limit,
      };
    },
  };
}
