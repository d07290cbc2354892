/**
 * MFA_SETUP with an authenticator on the hosted UI: what AssociateSoftwareToken and
 * VerifySoftwareToken do with a Session, for a hosted Session only (the API's own operations
 * serve API Sessions). Each step uses the Session up and answers with the next one, as the
 * operations do; a mistyped code gives the same Session back for another try (five in all).
 */
import { NotAuthorizedException } from "../../protocol/json/index.js";
import type { PoolRecord, UserRecord } from "../../storage/index.js";
import { type AuthSession, consumeSession, retryLater, startSession } from "../auth-session.js";
import type { UserPoolContext } from "../context.js";
import { MESSAGES } from "../messages.js";
import { poolFactors } from "../mfa/pool-mfa.js";
import { newTotpSecret, openTotpSecret, totpStep } from "../mfa/totp.js";

/** An authenticator being set up: its secret (base32), the user's name, and the Session to go on with. */
export interface TotpSetUp {
  secretCode: string;
  username: string;
  session: string;
}

async function enrolling(ctx: UserPoolContext, pool: PoolRecord, clientId: string, sessionId: string) {
  const started = await consumeSession(ctx, sessionId, "MFA_SETUP", clientId);
  const user =
    started.sub === null || started.poolId !== pool.id || started.data.hosted !== true
      ? null
      : await (await ctx.store()).users.getBySub(pool.id, started.sub);
  if (user === null || !user.enabled) throw new NotAuthorizedException(MESSAGES.invalidSession);
  if (
    !poolFactors(pool).includes("SOFTWARE_TOKEN_MFA") ||
    !(started.data.choices ?? []).includes("SOFTWARE_TOKEN_MFA")
  )
    throw new NotAuthorizedException(MESSAGES.invalidSession); // [?] TOTP is not offered here
  return { started, user };
}

const next = (ctx: UserPoolContext, started: AuthSession, user: UserRecord, data: Record<string, boolean>) =>
  startSession(ctx, {
    poolId: started.poolId,
    clientId: started.clientId,
    username: user.username,
    sub: user.sub,
    challenge: "MFA_SETUP",
    data: { ...started.data, ...data, attempts: 0 },
    minutes: Math.max(1, Math.round((started.expiresAt - started.createdAt) / 60_000)),
  });

/**
 * A new secret for the Session's user (pending until verified), and the Session to verify it with.
 *
 * @throws {NotAuthorizedException} for a Session that is not a hosted MFA_SETUP one of the
 *   client, or used, or expired.
 */
export async function associateHostedTotp(
  ctx: UserPoolContext,
  pool: PoolRecord,
  clientId: string,
  sessionId: string,
): Promise<TotpSetUp> {
  const { started, user } = await enrolling(ctx, pool, clientId, sessionId);
  const { secretCode, sealed } = await newTotpSecret(await ctx.masterKey(), pool.id, user.sub);
  await (await ctx.store()).mfa.associateTotp(pool.id, user.sub, sealed, ctx.now());
  return {
    secretCode,
    username: user.username,
    session: await next(ctx, started, user, { associated: true }),
  };
}

/** What a verification came to: the Session that answers MFA_SETUP, or a wrong code. */
export type TotpVerified =
  | { verified: true; session: string }
  /** `again`: the same Session and secret, for another try; absent once the tries are spent. */
  | { verified: false; message: string; again?: TotpSetUp };

/**
 * Verifies the code of the pending secret. Right: the authenticator is the user's, and the new
 * Session answers MFA_SETUP. Wrong: the same Session stays good (up to five tries), and the
 * pending secret is given again to show.
 *
 * @throws {NotAuthorizedException} for a Session that is not good for it.
 */
export async function verifyHostedTotp(
  ctx: UserPoolContext,
  pool: PoolRecord,
  clientId: string,
  sessionId: string,
  code: string,
): Promise<TotpVerified> {
  const { started, user } = await enrolling(ctx, pool, clientId, sessionId);
  const store = await ctx.store();
  const master = await ctx.masterKey();
  const pending = (await store.mfa.get(user.sub))?.totpPendingSealed ?? null;
  if (started.data.associated !== true || pending === null)
    throw new NotAuthorizedException(MESSAGES.invalidSession);
  const step = await totpStep(master, pool.id, user.sub, pending, code.trim(), ctx.now());
  if (step !== null && (await store.mfa.verifyTotp(user.sub, pending, step, null, ctx.now())))
    return { verified: true, session: await next(ctx, started, user, { verified: true }) };
  const message = MESSAGES.softwareTokenCodeMismatch;
  if (!(await retryLater(ctx, started, started.data))) return { verified: false, message };
  const secretCode = await openTotpSecret(master, pool.id, user.sub, pending);
  return { verified: false, message, again: { secretCode, username: user.username, session: sessionId } };
}
