/**
 * Answers to the MFA challenges: SOFTWARE_TOKEN_MFA, SMS_MFA and EMAIL_OTP codes, SELECT_MFA_TYPE's
 * choice, and MFA_SETUP once an authenticator was verified with the challenge's Session. A wrong
 * code gives CodeMismatchException and the same Session stays good for a few more tries (clients
 * retry with it); tokens after MFA carry `amr` with `mfa` (RFC 8176).
 */
import {
  CodeMismatchException,
  ExpiredCodeException,
  InvalidParameterException,
} from "../../protocol/json/index.js";
import type { MfaFactor, SessionRecord, UserRecord } from "../../storage/index.js";
import { timingSafeEqual, utf8 } from "../../util/encoding.js";
import type { UserPoolContext } from "../context.js";
import { carried, factorChallenge, type MfaSessionData } from "./mfa-challenge.js";
import { failedChallenge } from "./adaptive.js";
import { totpStep } from "../mfa/totp.js";
import { codeHash } from "../actions/users/delivery.js";
import { checkSecretHash, hidesUsers } from "./client.js";
import type { SignInStep } from "./password.js";
import { signInResult } from "./result.js";
import { consumeSession, retryLater } from "../auth-session.js";
import { checkCanTry, passedAttempt, stampFailure, takeAttempt, unknownUser } from "./user.js";

/** The challenges this file answers. */
export const MFA_CHALLENGES: ReadonlySet<string> = new Set([
  "SOFTWARE_TOKEN_MFA",
  "SMS_MFA",
  "EMAIL_OTP",
  "SELECT_MFA_TYPE",
  "MFA_SETUP",
]);
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

/**
 * Answers an MFA challenge.
 *
 * @example
 * ```ts
 * if (MFA_CHALLENGES.has(name)) return answerMfa(ctx, step, name, responses, input.Session);
 * ```
 */
export async function answerMfa(
  ctx: UserPoolContext,
  step: SignInStep,
  challenge: string,
  responses: Record<string, string>,
  sessionId: string | undefined,
): Promise<Record<string, unknown>> {
  const session = await consumeSession(ctx, sessionId, challenge, step.client.id);
  const store = await ctx.store();
  const user = session.sub === null ? null : await store.users.getBySub(step.pool.id, session.sub);
  if (user === null) throw unknownUser(hidesUsers(step.client));
  await checkSecretHash(step.client, responses.SECRET_HASH, [
    responses.USERNAME ?? user.username,
    user.username,
  ]);
  // Locked out (wrong passwords and wrong codes count alike): a pending Session stops working too.
  checkCanTry(user, ctx.now());
  const data = session.data as MfaSessionData & { verified?: boolean };
  const tokens = async (amr: string[], signedIn = user) => ({
    ChallengeParameters: {},
    AuthenticationResult: await signInResult(ctx, {
      client: step.client,
      user: signedIn,
      requestUrl: step.requestUrl,
      sourceIp: step.sourceIp,
      seen: step.seen,
      amr,
      ...carried(data),
    }),
  });

  if (challenge === "SELECT_MFA_TYPE") {
    const answer = responses.ANSWER === "EMAIL_MFA" ? "EMAIL_OTP" : responses.ANSWER;
    if (answer === undefined || !(data.choices ?? []).includes(answer))
      throw new InvalidParameterException("Invalid ANSWER for SELECT_MFA_TYPE."); // [?] words
    return factorChallenge(ctx, step.pool, step.client, user, answer as MfaFactor, carried(data));
  }
  if (challenge === "MFA_SETUP") {
    // By email: a code to the user's address, which enables email MFA once answered.
    if (
      data.verified !== true &&
      responses.EMAIL !== undefined &&
      (data.choices ?? []).includes("EMAIL_OTP")
    ) {
      if (responses.EMAIL.toLowerCase() !== (user.attributes.email ?? "").toLowerCase())
        throw new InvalidParameterException("EMAIL must be the user's email address."); // [?] words
      return factorChallenge(ctx, step.pool, step.client, user, "EMAIL_OTP", {
        ...carried(data),
        enrol: true,
      });
    }
    if (data.verified !== true)
      throw new InvalidParameterException("Software token MFA has not been verified for this session."); // [?] words
    await enable(ctx, user, "SOFTWARE_TOKEN_MFA");
    return tokens(AMR.SOFTWARE_TOKEN_MFA);
  }
  const factor = challenge as MfaFactor;
  const code = responses[CODE_MEMBER[factor]] ?? "";
  // The attempt is counted before the code is compared: a burst of answers gets no more than the lockout allows.
  const taken = await takeAttempt(ctx, user, true);
  const verdict = await checkCode(ctx, user, factor, code, data);
  if (verdict !== "right") throw await wrongCode(ctx, session, user, data, verdict);
  await passedAttempt(ctx, user, taken);
  // A code that came by SMS proves the phone number: the tokens say so already.
  if (factor === "SMS_MFA" && user.attributes.phone_number_verified !== "true") {
    const verified = await store.users.setAttributes(
      user.poolId,
      user.username,
      { ...user.attributes, phone_number_verified: "true" },
      { now: ctx.now() },
    );
    return tokens(AMR[factor], verified ?? user);
  }
  if (factor === "EMAIL_OTP" && data.enrol === true) {
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
    return tokens(AMR[factor], verified ?? user);
  }
  return tokens(AMR[factor]);
}

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

async function checkCode(
  ctx: UserPoolContext,
  user: UserRecord,
  factor: MfaFactor,
  code: string,
  data: MfaSessionData,
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
  session: SessionRecord,
  user: UserRecord,
  data: MfaSessionData,
  verdict: "wrong" | "used",
): Promise<Error> {
  // Each wrong code counts toward the lockout, as a wrong password does: a new sign-in per five
  // tries would otherwise let whoever holds the password guess codes without end.
  await stampFailure(ctx, user);
  if (!(await retryLater(ctx, session, data))) await failedChallenge(ctx, user, session.clientId, data);
  if (verdict === "used") return new ExpiredCodeException("Your software token has already been used once.");
  return new CodeMismatchException("Invalid code received for user");
}
