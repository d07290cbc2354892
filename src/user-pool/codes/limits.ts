/**
 * The limits on codes as the operations apply them (the numbers are in rules/codes.ts): a send
 * or an attempt refused with Cognito's LimitExceededException, and the same counting for a
 * name that belongs to no user when the client hides user existence, so that the limits answer
 * an unknown name as they answer a real user. And a user's lockout (rules/lockout.ts) for a
 * name no user holds yet, whose password a UserMigration function checks.
 */
import {
  CodeMismatchException,
  LimitExceededException,
  NotAuthorizedException,
} from "../../protocol/json/index.js";
import type { CodeLimits } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { CODE_LIMITS } from "../rules/codes.js";
import { LOCKOUT_SCHEDULE } from "../rules/lockout.js";
import { MESSAGES } from "../messages.js";

/** How long a name's limit state is kept untouched: until every window and lock it can hold has ended. */
export const CODE_LIMITS_KEPT_MS = Math.max(
  CODE_LIMITS.attemptWindowMs + CODE_LIMITS.lockMs,
  CODE_LIMITS.sendWindowMs,
);
// One request in this many purges a batch of stale rows, which bounds what a stream of made-up
// names leaves behind even where no retention sweep runs (a Worker without its Cron Trigger).
const PURGE_ONE_IN = 64;
const PURGED_PER_REQUEST = 100;

/**
 * Counts one code sent to `name` for `purpose`, or throws LimitExceededException when the
 * window's sends are used up.
 */
export async function countSend(
  ctx: UserPoolContext,
  poolId: string,
  name: string,
  purpose: string,
  limits: CodeLimits = CODE_LIMITS,
): Promise<void> {
  const store = await ctx.store();
  if (!(await store.codeLimits.countSend(poolId, name, purpose, ctx.now(), limits)))
    throw new LimitExceededException(MESSAGES.attemptLimit);
}

/**
 * What a send to an unknown name does behind PreventUserExistenceErrors: it is counted, and
 * refused, exactly as a real user's; no code exists.
 */
export async function simulatedSend(
  ctx: UserPoolContext,
  poolId: string,
  name: string,
  purpose: string,
): Promise<void> {
  await purgeSometimes(ctx);
  await countSend(ctx, poolId, name, purpose);
}

/**
 * What a code typed for an unknown (or disabled) name does behind PreventUserExistenceErrors:
 * the attempt is counted as a real user's, so it ends in CodeMismatchException until the
 * limits lock the name, and LimitExceededException while they do.
 */
export async function simulatedAttempt(
  ctx: UserPoolContext,
  poolId: string,
  name: string,
  purpose: string,
): Promise<never> {
  await purgeSometimes(ctx);
  const store = await ctx.store();
  if (!(await store.codeLimits.countAttempt(poolId, name, purpose, ctx.now(), CODE_LIMITS)))
    throw new LimitExceededException(MESSAGES.attemptLimit);
  throw new CodeMismatchException(MESSAGES.verificationCodeMismatch);
}

/**
 * Takes an attempt at a secret checked for a name no user holds (a legacy password sent to the
 * UserMigration function), before it is checked, under a user's lockout: 5 failures in a row,
 * then locked 1 s, 2 s, 4 s, ... up to 15 minutes, the count starting over after 15 minutes
 * without one. The attempt counts as a failure until it is given back ({@link returnNameAttempt},
 * with the time returned). A locked name is
 * refused as a locked-out user is, with "Password attempts exceeded".
 *
 * @example
 * ```ts
 * const takenAt = await takeNameAttempt(ctx, pool.id, typedName, USER_MIGRATION);
 * if (await migrated()) await returnNameAttempt(ctx, pool.id, typedName, USER_MIGRATION, takenAt);
 * ```
 */
export async function takeNameAttempt(
  ctx: UserPoolContext,
  poolId: string,
  name: string,
  purpose: string,
): Promise<number> {
  await purgeSometimes(ctx);
  const store = await ctx.store();
  const at = ctx.now();
  if (!(await store.codeLimits.takeLockoutAttempt(poolId, name, purpose, at, LOCKOUT_SCHEDULE)))
    throw new NotAuthorizedException(MESSAGES.attemptsExceeded);
  return at;
}

/** Gives back the attempt {@link takeNameAttempt} took at `takenAt` (its secret was right). */
export async function returnNameAttempt(
  ctx: UserPoolContext,
  poolId: string,
  name: string,
  purpose: string,
  takenAt: number,
): Promise<void> {
  await (await ctx.store()).codeLimits.returnLockoutAttempt(poolId, name, purpose, takenAt);
}

async function purgeSometimes(ctx: UserPoolContext): Promise<void> {
  if (Math.random() * PURGE_ONE_IN >= 1) return;
  await (await ctx.store()).codeLimits.purgeStale(ctx.now() - CODE_LIMITS_KEPT_MS, PURGED_PER_REQUEST);
}
