/**
 * Answers to the MFA challenges, as steps: SOFTWARE_TOKEN_MFA, SMS_MFA and EMAIL_OTP codes,
 * SELECT_MFA_TYPE's choice, and MFA_SETUP once an authenticator was verified with the challenge's
 * Session. A wrong code gives CodeMismatchException and the same Session stays good for a few
 * more tries (clients retry with it); tokens after MFA carry `amr` with `mfa` (RFC 8176).
 */
import {
  CodeMismatchException,
  ExpiredCodeException,
  InvalidParameterException,
} from "../../protocol/json/index.js";
import type { MfaFactor, UserRecord } from "../../storage/index.js";
import { timingSafeEqual, utf8 } from "../../util/encoding.js";
import { type AuthSession, retryLater, type SessionData } from "../auth-session.js";
import type { UserPoolContext } from "../context.js";
import { MESSAGES } from "../messages.js";
import { totpStep } from "../mfa/totp.js";
import { codeHash } from "../codes/delivery.js";
import { factorChallenge, messageCall } from "./mfa-challenge.js";
import type { Step } from "./pipeline.js";
import { keptInSession, type SignIn, userOf } from "./state.js";
import { failedChallenge } from "./threat.js";
import { passedAttempt, stampFailure, takeAttempt } from "./user.js";

const AMR: Record<MfaFactor, string[]> = {
  SOFTWARE_TOKEN_MFA: ["pwd", "mfa", "otp"],
  SMS_MFA: ["pwd", "mfa", "sms"],
  EMAIL_OTP: ["pwd", "mfa", "otp"],
};
const CODE_MEMBER: Record<MfaFactor, string> = {
  SOFTWARE_TOKEN_MFA: "SOFTWARE_TOKEN_MFA_CODE",
  SMS_MFA: "SMS_MFA_CODE",
  EMAIL_OTP: "EMAIL_OTP_CODE",
};

/** SELECT_MFA_TYPE: the factor chosen among those offered, and its challenge. */
export const selectFactor: Step = (ctx, s) => {
  const data = s.session!.data;
  const answer = s.params.ANSWER === "EMAIL_MFA" ? "EMAIL_OTP" : s.params.ANSWER;
  if (answer === undefined || !(data.choices ?? []).includes(answer))
    throw new InvalidParameterException("Invalid ANSWER for SELECT_MFA_TYPE."); // [?] words
  return factorChallenge(
    ctx,
    s.pool,
    s.client,
    userOf(s),
    answer as MfaFactor,
    keptInSession(data),
    messageCall(s),
  );
};

/** MFA_SETUP by email: a code to the user's own address, which enables email MFA once answered. */
export const setUpByEmail: Step = (ctx, s) => {
  const data = s.session!.data;
  const email = s.params.EMAIL;
  if (data.verified === true || email === undefined || !(data.choices ?? []).includes("EMAIL_OTP"))
    return undefined;
  const user = userOf(s);
  if (email.toLowerCase() !== (user.attributes.email ?? "").toLowerCase())
    throw new InvalidParameterException("EMAIL must be the user's email address."); // [?] words
  return factorChallenge(
    ctx,
    s.pool,
    s.client,
    user,
    "EMAIL_OTP",
    { ...keptInSession(data), enrol: true },
    messageCall(s),
  );
};

/** MFA_SETUP with an authenticator: verified with this Session (VerifySoftwareToken), then enabled. */
export const enableVerifiedAuthenticator: Step = async (ctx, s) => {
  if (s.session!.data.verified !== true)
    throw new InvalidParameterException("Software token MFA has not been verified for this session."); // [?] words
  await enable(ctx, userOf(s), "SOFTWARE_TOKEN_MFA");
  s.amr = AMR.SOFTWARE_TOKEN_MFA;
};

/**
 * The code of the factor the challenge names, its attempt counted before it is compared (a burst
 * of answers gets no more than the lockout allows) and given back when right.
 */
export const checkFactorCode = (factor: MfaFactor): Step =>
  async function checkCode(ctx, s) {
    const user = userOf(s);
    const session = s.session!;
    const taken = await takeAttempt(ctx, user, true);
    const verdict = await compareCode(ctx, user, factor, s.params[CODE_MEMBER[factor]] ?? "", session.data);
    if (verdict !== "right") throw await wrongCode(ctx, s, session, verdict);
    await passedAttempt(ctx, user, taken);
    s.amr = AMR[factor];
  };

/**
 * What a right code proves: one that came by SMS, the phone number; by email during MFA_SETUP,
 * the address (and email MFA is enabled). The tokens say so already.
 */
export const recordProvenDestination: Step = async (ctx, s) => {
  const user = userOf(s);
  const store = await ctx.store();
  if (s.session!.challenge === "SMS_MFA" && user.attributes.phone_number_verified !== "true") {
    const verified = await store.users.setAttributes(
      user.poolId,
      user.username,
      { ...user.attributes, phone_number_verified: "true" },
      { now: ctx.now() },
    );
    s.user = verified ?? user;
  } else if (s.session!.challenge === "EMAIL_OTP" && s.session!.data.enrol === true) {
    await enable(ctx, user, "EMAIL_OTP");
    const verified =
      user.attributes.email_verified === "true"
        ? user
        : await store.users.setAttributes(
            user.poolId,
            user.username,
            { ...user.attributes, email_verified: "true" },
            { now: ctx.now() },
          );
    s.user = verified ?? user;
  }
};

// MFA_SETUP's end: the factor is enabled and preferred, the others kept.
async function enable(ctx: UserPoolContext, user: UserRecord, factor: MfaFactor): Promise<void> {
  const store = await ctx.store();
  const current = await store.mfa.get(user.sub);
  const enabled = {
    SMS_MFA: false,
    SOFTWARE_TOKEN_MFA: false,
    EMAIL_OTP: false,
    ...current?.enabled,
    [factor]: true,
  };
  await store.mfa.setPreferences(user.poolId, user.sub, enabled, factor, ctx.now());
}

async function compareCode(
  ctx: UserPoolContext,
  user: UserRecord,
  factor: MfaFactor,
  code: string,
  data: SessionData,
): Promise<"right" | "wrong" | "used"> {
  if (factor !== "SOFTWARE_TOKEN_MFA") {
    if (data.codeHash === undefined) return "wrong";
    return timingSafeEqual(
      utf8(await codeHash(ctx, user.poolId, user.username, "mfa", code)),
      utf8(data.codeHash),
    )
      ? "right"
      : "wrong";
  }
  const store = await ctx.store();
  const mfa = await store.mfa.get(user.sub);
  if (mfa?.totpSecretSealed == null) return "wrong";
  const step = await totpStep(
    await ctx.masterKey(),
    user.poolId,
    user.sub,
    mfa.totpSecretSealed,
    code,
    ctx.now(),
  );
  if (step === null) return "wrong";
  // A code is good once: its time step must be newer than the last one accepted.
  return (await store.mfa.acceptTotpStep(user.sub, step, ctx.now())) ? "right" : "used";
}

// The Session stays good for the next try, up to five failed ones; the last one ends the
// sign-in as a failed event (its own, or the one threat protection opened), which counts toward
// the next sign-in's risk as a failed factor.
async function wrongCode(
  ctx: UserPoolContext,
  s: SignIn,
  session: AuthSession,
  verdict: "wrong" | "used",
): Promise<Error> {
  // Each wrong code counts toward the lockout, as a wrong password does: a new sign-in per five
  // tries would otherwise let whoever holds the password guess codes without end.
  await stampFailure(ctx, userOf(s));
  if (!(await retryLater(ctx, session))) await failedChallenge(ctx, s);
  if (verdict === "used") return new ExpiredCodeException(MESSAGES.totpCodeUsed);
  return new CodeMismatchException(MESSAGES.codeMismatch);
}
