/**
 * What follows a proven password, and the plaintext-password flows (USER_PASSWORD_AUTH,
 * ADMIN_USER_PASSWORD_AUTH), which check the password against the stored SRP verifier.
 */
import type { ClientRecord, PoolRecord, UserRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import type { EventRisk } from "../risk/events.js";
import type { Seen } from "../risk/observe.js";
import { screenSignIn } from "../risk/sign-in.js";
import { bigintFromHex, padHex, verifyPassword } from "../srp/index.js";
import { olderForm, passwordMatches, userVerifier } from "../srp-name.js";
import { hidesUsers } from "./client.js";
import { rememberedDeviceChallenge } from "./device-srp.js";
import { carried, mfaChallenge, riskMfaPossible } from "./mfa-challenge.js";
import { newPasswordChallenge } from "./new-password.js";
import { signInResult } from "./result.js";
import { simulatedUser } from "./simulated.js";
import { challenged, judge, notice, refuse, type Judgement } from "./adaptive.js";
import {
  checkEnabled,
  checkSignInStatus,
  failedPassword,
  passedAttempt,
  takeAttempt,
  unknownUser,
} from "./user.js";

/** A judgement made before NEW_PASSWORD_REQUIRED, carried to the steps after it. */
export type Prior = Omit<Judgement, "step">;

/** One sign-in's pool, client and request. */
export interface SignInStep {
  pool: PoolRecord;
  client: ClientRecord;
  requestUrl: string;
  /** The caller's address (threat protection's ranges; the auth event's IpAddress). */
  sourceIp?: string;
  /** What threat protection saw so far, for the sign-in's auth event. */
  risk?: EventRisk;
  /** The DEVICE_KEY the client sent, if any. */
  deviceKey?: string;
  /** What the request showed of the user (address, User-Agent, place), for threat protection. */
  seen?: Seen;
  /** The id of the sign-in's auth event, once threat protection has judged it. */
  eventId?: string;
}

/**
 * After the password: NEW_PASSWORD_REQUIRED for a temporary password, else MFA or tokens. A
 * temporary password's sign-in is judged before the challenge, so that a refused one changes
 * nothing; the judgement rides the challenge's Session to the steps after the new password.
 *
 * @example
 * ```ts
 * return afterPassword(ctx, step, user);
 * ```
 */
export async function afterPassword(
  ctx: UserPoolContext,
  step: SignInStep,
  user: UserRecord,
): Promise<Record<string, unknown>> {
  checkSignInStatus(user, hidesUsers(step.client), ctx.now());
  if (user.status !== "FORCE_CHANGE_PASSWORD") return afterFirstFactor(ctx, step, user);
  const { step: judged, ...judgement } = await judge(ctx, step, user);
  if (judgement.riskMfa === "MFA_REQUIRED" && !(await riskMfaPossible(ctx, step.pool, user)))
    throw await refuse(ctx, judged, user, judgement.assessed!);
  return newPasswordChallenge(ctx, step.pool, step.client, user, { ...carried(judged), judgement });
}

/**
 * Once the password is settled: threat protection's judgement (which may block, or ask for MFA;
 * made already when `prior` is given), then DEVICE_SRP_AUTH for a remembered device, the MFA challenge the pool and user call for,
 * else tokens.
 *
 * @example
 * ```ts
 * return afterFirstFactor(ctx, step, updatedUser);
 * ```
 */
export async function afterFirstFactor(
  ctx: UserPoolContext,
  given: SignInStep,
  user: UserRecord,
  prior?: Prior,
): Promise<Record<string, unknown>> {
  const { step, assessed, riskMfa } =
    prior === undefined ? await judge(ctx, given, user) : { step: given, ...prior };
  const device = riskMfa === undefined ? await rememberedDeviceChallenge(ctx, step, user) : undefined;
  if (device !== undefined) {
    await challenged(ctx, step, user, assessed, false);
    return device;
  }
  const mfa = await mfaChallenge(ctx, step.pool, step.client, user, { ...carried(step), riskMfa });
  if (mfa === undefined && riskMfa === "MFA_REQUIRED") throw await refuse(ctx, step, user, assessed!);
  if (mfa !== undefined) {
    await challenged(ctx, step, user, assessed, riskMfa !== undefined);
    return mfa;
  }
  const result = {
    ChallengeParameters: {},
    AuthenticationResult: await signInResult(ctx, { ...endOf(step), user }),
  };
  if (assessed?.notify === true) await notice(ctx, step, user, "NO_ACTION");
  return result;
}

/** What signInResult needs of a step. */
const endOf = (step: SignInStep) => ({
  client: step.client,
  requestUrl: step.requestUrl,
  sourceIp: step.sourceIp,
  risk: step.risk,
  deviceKey: step.deviceKey,
  seen: step.seen,
  eventId: step.eventId,
});

/**
 * USER_PASSWORD_AUTH / ADMIN_USER_PASSWORD_AUTH: the password checked as `g^x mod N` against the
 * stored verifier, failures counted toward the lockout. An unknown name, when the client hides
 * users, costs the same check against a simulated verifier: the answer's time tells nothing.
 *
 * @example
 * ```ts
 * return passwordSignIn(ctx, step, await findSignInUser(ctx, pool, params.USERNAME), params.PASSWORD);
 * ```
 */
export async function passwordSignIn(
  ctx: UserPoolContext,
  step: SignInStep,
  user: UserRecord | null,
  password: string,
  typedName = "",
): Promise<Record<string, unknown>> {
  if (user === null) {
    const hide = hidesUsers(step.client);
    if (hide) await simulatedPasswordCheck(ctx, step.pool, typedName, password);
    throw unknownUser(hide);
  }
  const taken = await takeAttempt(ctx, user, hidesUsers(step.client));
  const verifier = user.srpVerifier === null ? null : bigintFromHex(user.srpVerifier);
  const ok =
    verifier !== null &&
    user.srpSalt !== null &&
    (await passwordMatches(step.pool, user.username, { salt: user.srpSalt, verifier }, password, ctx.modPow));
  // A user without a password (a federated one) costs the same check as anyone else.
  if (verifier === null || user.srpSalt === null)
    await simulatedPasswordCheck(ctx, step.pool, user.username, password);
  if (!ok) throw await failedPassword(ctx, user, step);
  await passedAttempt(ctx, user, taken);
  checkEnabled(user);
  const risk = await screenSignIn(ctx, step.pool, step.client.id, user, password, step.sourceIp, step.risk);
  return afterPassword(ctx, { ...step, risk }, await upgradeVerifier(ctx, step.pool, user, password));
}

/**
 * The password check of a user that does not exist: the same hashing and exponentiation as a
 * real one, against the simulated verifier of the name (it never matches).
 *
 * @example
 * ```ts
 * await simulatedPasswordCheck(ctx, pool, "nobody", password);
 * ```
 */
export async function simulatedPasswordCheck(
  ctx: UserPoolContext,
  pool: PoolRecord,
  typedName: string,
  password: string,
): Promise<void> {
  const fake = await simulatedUser(ctx, pool, typedName);
  await verifyPassword(
    fake,
    pool.id.slice(pool.id.indexOf("_") + 1),
    fake.userIdForSrp,
    password,
    ctx.modPow,
  );
}

/**
 * Remakes an older-form verifier (srp-name.ts) from the password just proven, only if the user
 * has not changed since it was read (a password changed meanwhile wins). Returns the user as it
 * now is.
 */
async function upgradeVerifier(
  ctx: UserPoolContext,
  pool: PoolRecord,
  user: UserRecord,
  password: string,
): Promise<UserRecord> {
  if (user.srpSalt === null || !olderForm(pool, user.username, user.srpSalt)) return user;
  const { salt, verifier } = await userVerifier(pool, user.username, password, ctx.modPow);
  const store = await ctx.store();
  const updated = await store.users.update(
    pool.id,
    user.username,
    { srpSalt: salt, srpVerifier: padHex(verifier) },
    { now: ctx.now(), ifRevision: user.revision },
  );
  return updated ?? user;
}
