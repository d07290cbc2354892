/**
 * AssociateSoftwareToken and VerifySoftwareToken: a TOTP authenticator for the signed-in user
 * (AccessToken), or for a user enrolling during sign-in (the Session of an MFA_SETUP challenge,
 * answered with a new Session each time).
 */
import {
  defineOperation,
  EnableSoftwareTokenMFAException,
  InvalidParameterException,
  NotAuthorizedException,
  SoftwareTokenMFANotFoundException,
  string,
  structure,
} from "../../../protocol/json/index.js";
import type { PoolRecord, UserRecord } from "../../../storage/index.js";
import type { UserPoolContext } from "../../context.js";
import { poolFactors } from "../../mfa/pool-mfa.js";
import { newTotpSecret, totpStep } from "../../mfa/totp.js";
import { accessTokenUser } from "../../access-token.js";
import { session } from "../../auth-params.js";
import { consumeSession, retryLater, startSession } from "../../auth-session.js";
import { MESSAGES } from "../../messages.js";

const tokenMember = () => string({ pattern: "[A-Za-z0-9-_=.]+", sensitive: true });

/** Who is enrolling: from an AccessToken, or from an MFA_SETUP Session (then a new Session follows). */
async function enrollee(ctx: UserPoolContext, token: string | undefined, sessionId: string | undefined) {
  // Without either, the caller is not signed in; with both, the AccessToken speaks for them.
  if (token === undefined && sessionId === undefined)
    throw new NotAuthorizedException("An AccessToken or a Session is required."); // [?] words
  const store = await ctx.store();
  let user: UserRecord | null;
  let next: ((data: Record<string, string | boolean>) => Promise<string>) | undefined;
  let retry: (() => Promise<void>) | undefined;
  if (token !== undefined) {
    user = (await accessTokenUser(ctx, token)).user;
  } else {
    const started = await consumeSession(ctx, sessionId, "MFA_SETUP", undefined);
    user = started.sub === null ? null : await store.users.getBySub(started.poolId, started.sub);
    next = (data) =>
      startSession(ctx, {
        poolId: started.poolId,
        clientId: started.clientId,
        username: started.username,
        sub: started.sub,
        challenge: "MFA_SETUP",
        data: { ...started.data, ...data },
      });
    // A mistyped code gives the Session back, as a wrong MFA code does, up to five times.
    retry = async () => void (await retryLater(ctx, started, started.data));
  }
  if (user === null) throw new NotAuthorizedException(MESSAGES.invalidSession);
  const pool = await store.pools.get(user.poolId);
  if (pool === null) throw new NotAuthorizedException(MESSAGES.invalidSession);
  return { user, pool, next, retry };
}

function requireTotp(pool: PoolRecord): void {
  if (!poolFactors(pool).includes("SOFTWARE_TOKEN_MFA"))
    throw new SoftwareTokenMFANotFoundException("Software Token MFA has not been enabled by the userPool");
}

/**
 * AssociateSoftwareToken: a new secret (`SecretCode`, unpadded base32) for the user's authenticator.
 */
export function associateSoftwareToken(ctx: UserPoolContext) {
  return defineOperation(structure({ AccessToken: tokenMember(), Session: session() }), async ({ input }) => {
    const { user, pool, next } = await enrollee(ctx, input.AccessToken, input.Session);
    requireTotp(pool);
    const { secretCode, sealed } = await newTotpSecret(await ctx.masterKey(), pool.id, user.sub);
    await (await ctx.store()).mfa.associateTotp(pool.id, user.sub, sealed, ctx.now());
    return {
      SecretCode: secretCode,
      Session: next === undefined ? undefined : await next({ associated: true }),
    };
  });
}

/**
 * VerifySoftwareToken: a code of the associated secret makes it the user's authenticator. A code
 * is accepted once; a wrong one gives EnableSoftwareTokenMFAException.
 */
export function verifySoftwareToken(ctx: UserPoolContext) {
  return defineOperation(
    structure({
      AccessToken: tokenMember(),
      Session: session(),
      UserCode: string({ required: true, min: 6, max: 6, pattern: "[0-9]+", sensitive: true }),
      FriendlyDeviceName: string({ max: 131072 }),
    }),
    async ({ input }) => {
      const { user, pool, next, retry } = await enrollee(ctx, input.AccessToken, input.Session);
      requireTotp(pool);
      const store = await ctx.store();
      const mfa = await store.mfa.get(user.sub);
      const pending = mfa?.totpPendingSealed ?? null;
      if (pending === null) throw new InvalidParameterException("User has not associated a software token."); // [?] words
      const step = await totpStep(
        await ctx.masterKey(),
        pool.id,
        user.sub,
        pending,
        input.UserCode,
        ctx.now(),
      );
      if (step === null) {
        await retry?.();
        throw new EnableSoftwareTokenMFAException(MESSAGES.softwareTokenCodeMismatch);
      }
      // Single use: of two verifications of one secret, one wins; the other finds nothing pending.
      if (
        !(await store.mfa.verifyTotp(user.sub, pending, step, input.FriendlyDeviceName ?? null, ctx.now()))
      ) {
        throw new EnableSoftwareTokenMFAException(MESSAGES.softwareTokenCodeMismatch);
      }
      return { Status: "SUCCESS", Session: next === undefined ? undefined : await next({ verified: true }) };
    },
  );
}
