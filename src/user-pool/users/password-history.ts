/**
 * The pool's PasswordHistorySize: a new password may not be the current one or any of the
 * size-1 before it. Earlier passwords are kept as SRP salts and verifiers, and only while the
 * pool asks for a history; a candidate is checked by recomputing each verifier.
 */
import { PasswordHistoryPolicyViolationException } from "../../protocol/json/index.js";
import { MAX_PASSWORD_HISTORY, type PoolRecord, type UserRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { passwordPolicyOf } from "../pool-view.js";
import { bigintFromHex } from "../srp/index.js";
import { passwordMatches } from "../srp-name.js";

const historySize = (pool: PoolRecord): number =>
  Math.min(
    MAX_PASSWORD_HISTORY,
    Number((passwordPolicyOf(pool.config) as { PasswordHistorySize?: number }).PasswordHistorySize ?? 0),
  );

/**
 * Refuses `password` when it is among the user's last PasswordHistorySize passwords.
 *
 * @throws {PasswordHistoryPolicyViolationException}
 */
export async function checkPasswordHistory(
  ctx: UserPoolContext,
  pool: PoolRecord,
  user: UserRecord,
  password: string,
): Promise<void> {
  const size = historySize(pool);
  if (size === 0) return;
  const current =
    user.srpSalt !== null && user.srpVerifier !== null
      ? [{ salt: user.srpSalt, verifier: user.srpVerifier }]
      : [];
  const earlier = await (await ctx.store()).passwordHistory.recent(user.sub, size - current.length);
  for (const entry of [...current, ...earlier]) {
    const verifier = bigintFromHex(entry.verifier);
    if (
      verifier !== null &&
      (await passwordMatches(pool, user.username, { salt: entry.salt, verifier }, password))
    ) {
      throw new PasswordHistoryPolicyViolationException(
        "The password has been used recently; choose a different one.",
      ); // [?] words
    }
  }
}

/**
 * Keeps the password `user` had before a change (call once the change is written).
 *
 * @example
 * ```ts
 * await rememberPassword(ctx, pool, user); // `user` as read before the change
 * ```
 */
export async function rememberPassword(
  ctx: UserPoolContext,
  pool: PoolRecord,
  user: UserRecord,
): Promise<void> {
  if (historySize(pool) === 0 || user.srpSalt === null || user.srpVerifier === null) return;
  await (await ctx.store()).passwordHistory.add(
    pool.id,
    user.sub,
    { salt: user.srpSalt, verifier: user.srpVerifier },
    ctx.now(),
  );
}
