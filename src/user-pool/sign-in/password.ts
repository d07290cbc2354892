/**
 * The plaintext-password flows' first factor (USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH): the
 * password checked as `g^x mod N` against the stored SRP verifier, failures counted toward the
 * lockout, and the states a proven password may still not sign in with.
 */
import type { PoolRecord } from "../../storage/index.js";
import { param } from "../auth-params.js";
import type { UserPoolContext } from "../context.js";
import { hidesUsers } from "../prevent-user-existence.js";
import { bigintFromHex, padHex, verifyPassword as verifySrpPassword } from "../srp/index.js";
import { olderForm, passwordMatches, srpPoolName, userVerifier } from "../srp-name.js";
import type { Step } from "./pipeline.js";
import { simulatedUser } from "./simulated.js";
import { userOf } from "./state.js";
import {
  checkEnabled,
  checkSignInStatus,
  failedPassword,
  passedAttempt,
  takeAttempt,
  unknownUser,
} from "./user.js";

/** PASSWORD, required. */
export const requirePassword: Step = (_ctx, s) => void param(s.params, "PASSWORD");

/**
 * A name no user holds: "User does not exist.", or, when the client hides users, the generic
 * failure after the same password check against a simulated verifier: the answer's time tells
 * nothing.
 */
export const refuseUnknownPasswordUser: Step = async (ctx, s) => {
  if (s.user !== null) return;
  const hide = hidesUsers(s.client);
  if (hide) await simulatedPasswordCheck(ctx, s.pool, s.typedName ?? "", s.params.PASSWORD!);
  throw unknownUser(hide);
};

/**
 * The password, its attempt taken before it is compared (a burst of guesses gets no more
 * comparisons than the lockout allows) and given back when right. A wrong one is recorded as a
 * failed sign-in; a disabled user is told so only once the password is proven.
 */
export const verifyPassword: Step = async (ctx, s) => {
  const user = userOf(s);
  const password = s.params.PASSWORD!;
  // At the name's migration attempt's time where one was taken: both locks then run from one instant.
  const taken = await takeAttempt(ctx, user, hidesUsers(s.client), s.migrationAttemptAt);
  const verifier = user.srpVerifier === null ? null : bigintFromHex(user.srpVerifier);
  const ok =
    verifier !== null &&
    user.srpSalt !== null &&
    (await passwordMatches(s.pool, user.username, { salt: user.srpSalt, verifier }, password));
  // A user without a password (a federated one) costs the same check as anyone else.
  if (verifier === null || user.srpSalt === null) {
    await simulatedPasswordCheck(ctx, s.pool, user.username, password);
    // A RESET_REQUIRED user with no password yet (a ForgotPassword migration's) has none to
    // guess: whatever is typed, it is told to reset ("your client app must handle the
    // PasswordResetRequiredException", Migrate user trigger, finalUserStatus), never that the
    // legacy password is wrong. A client that hides users answers it as a wrong password instead,
    // counted toward the lockout: a name nobody holds locks after five failures too, and one
    // that never locked would tell the legacy store's accounts apart.
    if (user.status === "RESET_REQUIRED" && !hidesUsers(s.client)) {
      await passedAttempt(ctx, user, taken);
      checkSignInStatus(user, false, ctx.now());
    }
  }
  if (!ok) throw await failedPassword(ctx, s.pool, user, s);
  await passedAttempt(ctx, user, taken);
  checkEnabled(user);
};

/**
 * Remakes an older-form verifier (srp-name.ts) from the password just proven, only if the user
 * has not changed since it was read (a password changed meanwhile wins).
 */
export const upgradeVerifier: Step = async (ctx, s) => {
  const user = userOf(s);
  if (user.srpSalt === null || !olderForm(s.pool, user.username, user.srpSalt)) return;
  const { salt, verifier } = await userVerifier(s.pool, user.username, s.params.PASSWORD!);
  const updated = await (await ctx.store()).users.update(
    s.pool.id,
    user.username,
    { srpSalt: salt, srpVerifier: padHex(verifier) },
    { now: ctx.now(), ifRevision: user.revision },
  );
  s.user = updated ?? user;
};

/**
 * After a proven password, the states that cannot have tokens yet: UNCONFIRMED and
 * RESET_REQUIRED (the generic failure when the client hides users), an expired temporary password.
 */
export const checkStatus: Step = (ctx, s) => checkSignInStatus(userOf(s), hidesUsers(s.client), ctx.now());

/**
 * The password check of a user that does not exist: the same hashing and exponentiation as a
 * real one, against the simulated verifier of the name (it never matches).
 */
export async function simulatedPasswordCheck(
  ctx: UserPoolContext,
  pool: PoolRecord,
  typedName: string,
  password: string,
): Promise<void> {
  const fake = await simulatedUser(ctx, pool, typedName);
  await verifySrpPassword(fake, srpPoolName(pool.id), fake.userIdForSrp, password);
}
