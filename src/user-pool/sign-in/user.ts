/**
 * The user a sign-in names (by username or a sign-in alias), the states that stop a sign-in, and
 * the failed-attempt counting that feeds the lockout.
 */
import {
  NotAuthorizedException,
  PasswordResetRequiredException,
  UserNotConfirmedException,
  UserNotFoundException,
} from "../../protocol/json/index.js";
import type { PoolRecord, UserRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { findUser } from "../users/lookup.js";
import { LOCKOUT_SCHEDULE, lockedUntil } from "../rules/lockout.js";
import { MESSAGES } from "../messages.js";
import { recordsAuthEvents } from "../risk/add-on.js";
import { contextData } from "../risk/takeover.js";
import type { SignIn, TakenAttempt } from "./state.js";

const INCORRECT = MESSAGES.incorrectCredentials;

/**
 * The user a sign-in names: by username, or by email / phone / preferred_username when the pool
 * signs in with them (UsernameAttributes or AliasAttributes); `null` when none. The same
 * resolution as every other operation's ({@link findUser}), so a name that signs in as one user
 * never resets or administers another.
 */
export function findSignInUser(
  ctx: UserPoolContext,
  pool: PoolRecord,
  username: string,
): Promise<UserRecord | null> {
  return findUser(ctx, pool, username);
}

/**
 * "User does not exist." (LEGACY) or the generic failure (PreventUserExistenceErrors ENABLED).
 *
 * @example
 * ```ts
 * if (user === null) throw unknownUser(hidesUsers(client));
 * ```
 */
export function unknownUser(hide: boolean): Error {
  return hide ? new NotAuthorizedException(INCORRECT) : new UserNotFoundException(MESSAGES.userNotFound);
}

/**
 * Refuses a disabled or locked-out user before any password is checked. When the client hides
 * users (`hide`), a disabled user is refused only once the password is proven
 * ({@link checkEnabled}): before it, "User is disabled." would tell anyone the name is held.
 *
 * @example
 * ```ts
 * checkCanTry(user, ctx.now()); // NotAuthorizedException "User is disabled." / "Password attempts exceeded"
 * ```
 */
export function checkCanTry(user: UserRecord, now: number, hide = false): void {
  if (!hide) checkEnabled(user);
  const record =
    user.lastFailedSignInAt === null
      ? undefined
      : { failures: user.failedSignIns, lastFailureAt: user.lastFailedSignInAt };
  if (lockedUntil(record, now) !== undefined) throw new NotAuthorizedException(MESSAGES.attemptsExceeded);
}

/**
 * Takes one attempt at the user's password or code before it is compared (see the repository's
 * `takeSignInAttempt`): a burst of parallel guesses gets no more comparisons than the lockout
 * allows. Refuses a disabled user first (unless `hide`, as {@link checkCanTry}), and a locked-out
 * one with "Password attempts exceeded". A right answer gives the attempt back with
 * {@link passedAttempt}; a wrong one goes to {@link failedPassword} or {@link stampFailure}.
 *
 * @example
 * ```ts
 * await takeAttempt(ctx, user, hidesUsers(s.client));
 * if (!ok) throw await failedPassword(ctx, s.pool, user, s);
 * await passedAttempt(ctx, user);
 * ```
 */
export async function takeAttempt(
  ctx: UserPoolContext,
  user: UserRecord,
  hide = false,
  at = ctx.now(),
): Promise<TakenAttempt> {
  if (!hide) checkEnabled(user);
  const store = await ctx.store();
  if (!(await store.users.takeSignInAttempt(user.poolId, user.username, at, LOCKOUT_SCHEDULE)))
    throw new NotAuthorizedException(MESSAGES.attemptsExceeded);
  return { at, previous: user.lastFailedSignInAt };
}

/** Gives back the attempt {@link takeAttempt} took, for a right answer (and any stamp the take made). */
export async function passedAttempt(
  ctx: UserPoolContext,
  user: UserRecord,
  taken: TakenAttempt,
): Promise<void> {
  await (await ctx.store()).users.returnSignInAttempt(user.poolId, user.username, taken.at, taken.previous);
}

/** Stamps a wrong answer (its attempt already counted by {@link takeAttempt}): the lockout runs from now. */
export async function stampFailure(ctx: UserPoolContext, user: UserRecord): Promise<void> {
  await (await ctx.store()).users.stampSignInFailure(user.poolId, user.username, ctx.now());
}

/**
 * Refuses a disabled user: "User is disabled.".
 *
 * @example
 * ```ts
 * if (!ok) throw await failedPassword(ctx, pool, user, step);
 * checkEnabled(user); // only who knows the password learns the user is disabled
 * ```
 */
export function checkEnabled(user: UserRecord): void {
  if (!user.enabled) throw new NotAuthorizedException(MESSAGES.userDisabled);
}

/**
 * Stamps a failed password (its attempt taken by {@link takeAttempt}) and, where the pool keeps
 * auth events, records it as a failed SignIn event; returns the error to throw ("Incorrect
 * username or password.").
 */
export async function failedPassword(
  ctx: UserPoolContext,
  pool: PoolRecord,
  user: UserRecord,
  step?: Pick<SignIn, "client" | "seen" | "sourceIp" | "migrationAttemptAt">,
): Promise<Error> {
  const store = await ctx.store();
  const now = ctx.now();
  // Stamped when the name's migration attempt was taken, where one was (a pool with UserMigration):
  // the user's lock then ends when the name's does, not a password hash later, which a request
  // landing between the two would tell from a name nobody holds.
  await store.users.stampSignInFailure(user.poolId, user.username, step?.migrationAttemptAt ?? now);
  if (!recordsAuthEvents(pool)) return new NotAuthorizedException(INCORRECT);
  const data =
    step === undefined
      ? {}
      : { clientId: step.client.id, ...(await contextData(step.seen, undefined, step.sourceIp)) };
  await store.authEvents.record({
    id: crypto.randomUUID(),
    poolId: user.poolId,
    sub: user.sub,
    eventType: "SignIn",
    eventResponse: "Fail",
    data: data as never,
    createdAt: now,
  });
  return new NotAuthorizedException(INCORRECT);
}

/**
 * Refuses, after a correct password, the states that cannot have tokens yet: UNCONFIRMED and
 * RESET_REQUIRED (NotAuthorized when the client hides users), and an expired temporary password.
 *
 * @example
 * ```ts
 * checkSignInStatus(user, hidesUsers(client), ctx.now()); // UserNotConfirmedException "User is not confirmed."
 * ```
 */
export function checkSignInStatus(user: UserRecord, hide: boolean, now: number): void {
  if (user.status === "UNCONFIRMED")
    throw hide
      ? new NotAuthorizedException(INCORRECT)
      : new UserNotConfirmedException(MESSAGES.userNotConfirmed);
  if (user.status === "RESET_REQUIRED")
    throw hide
      ? new NotAuthorizedException(INCORRECT)
      : new PasswordResetRequiredException(MESSAGES.passwordResetRequired);
  if (
    user.status === "FORCE_CHANGE_PASSWORD" &&
    user.passwordExpiresAt !== null &&
    user.passwordExpiresAt <= now
  ) {
    throw new NotAuthorizedException(MESSAGES.temporaryPasswordExpired);
  }
}
