/**
 * The body RespondToAuthChallenge and AdminRespondToAuthChallenge share: PASSWORD_VERIFIER,
 * NEW_PASSWORD_REQUIRED, the MFA answers and the device ones, each against its session.
 */
import { InvalidParameterException, NotAuthorizedException } from "../../protocol/json/index.js";
import type { UserPoolContext } from "../context.js";
import { checkAddress } from "../risk/sign-in.js";
import { checkSecretHash, hidesUsers, requireFlow } from "./client.js";
import { answerDevice, checkDeviceKey, DEVICE_CHALLENGES } from "./device-srp.js";
import { answerNewPassword } from "./new-password.js";
import { answerMfa, MFA_CHALLENGES } from "./mfa-answer.js";
import { afterFirstFactor, afterPassword, type Prior, type SignInStep } from "./password.js";
import { carried, type SignInCarry } from "./mfa-challenge.js";
import { consumeSession } from "../auth-session.js";
import { checkPasswordVerifier } from "./srp.js";
import { checkEnabled, failedPassword, INCORRECT, passedAttempt, takeAttempt, unknownUser } from "./user.js";

/**
 * Answers a challenge.
 *
 * @throws {NotAuthorizedException} for a wrong proof or a bad session; {InvalidParameterException}
 *   for a challenge cognate does not issue.
 * @example
 * ```ts
 * return respond(ctx, { pool, client, requestUrl: call.request.url }, input.ChallengeName, input.ChallengeResponses ?? {}, input.Session);
 * ```
 */
export async function respond(
  ctx: UserPoolContext,
  step: SignInStep,
  challenge: string,
  responses: Record<string, string>,
  sessionId: string | undefined,
): Promise<Record<string, unknown>> {
  const store = await ctx.store();
  if (challenge === "PASSWORD_VERIFIER") {
    requireFlow(step.client, "ALLOW_USER_SRP_AUTH", "USER_SRP_AUTH");
    await checkDeviceKey(ctx, step.pool.id, responses.DEVICE_KEY);
    const proof = await checkPasswordVerifier(ctx, step.client.id, responses);
    if (step.seen === undefined && proof.seen !== undefined) step = { ...step, seen: proof.seen };
    const user = proof.sub === null ? null : await store.users.getBySub(step.pool.id, proof.sub);
    // SECRET_HASH over USER_ID_FOR_SRP, the name typed at InitiateAuth or the stored one: clients differ.
    const names = [
      responses.USERNAME ?? proof.username,
      proof.username,
      ...(proof.typed === undefined ? [] : [proof.typed]),
      ...(user === null ? [] : [user.username]),
    ];
    await checkSecretHash(step.client, responses.SECRET_HASH, names);
    if (proof.sub === null) throw new NotAuthorizedException(INCORRECT);
    if (user === null) throw unknownUser(hidesUsers(step.client));
    // The proof's outcome is told only to an answer whose attempt is counted, before it is told.
    const taken = await takeAttempt(ctx, user, hidesUsers(step.client));
    // The answer may come from elsewhere than InitiateAuth did: its address is checked too.
    const risk = await checkAddress(ctx, step.pool, step.client.id, step.sourceIp, user).catch(
      async (error: unknown) => {
        await passedAttempt(ctx, user, taken);
        throw error;
      },
    );
    if (!proof.ok) throw await failedPassword(ctx, user, step);
    await passedAttempt(ctx, user, taken);
    checkEnabled(user);
    return afterPassword(ctx, { ...step, risk, deviceKey: responses.DEVICE_KEY || undefined }, user);
  }
  if (challenge === "NEW_PASSWORD_REQUIRED") {
    const session = await consumeSession(ctx, sessionId, "NEW_PASSWORD_REQUIRED", step.client.id);
    const user = session.sub === null ? null : await store.users.getBySub(step.pool.id, session.sub);
    if (user === null) throw unknownUser(hidesUsers(step.client));
    await checkSecretHash(step.client, responses.SECRET_HASH, [
      responses.USERNAME ?? user.username,
      user.username,
    ]);
    if (!user.enabled) throw new NotAuthorizedException("User is disabled.");
    // The answer's own address is checked against the blocked ranges before anything changes; the
    // sign-in was judged before the challenge, and that judgement (and its context) goes on.
    await checkAddress(ctx, step.pool, step.client.id, step.sourceIp, user);
    const data = session.data as SignInCarry & { judgement?: Prior };
    const updated = await answerNewPassword(ctx, step.pool, step.client, user, responses);
    return afterFirstFactor(ctx, { ...step, ...carried(data) }, updated, data.judgement);
  }
  if (DEVICE_CHALLENGES.has(challenge)) return answerDevice(ctx, step, challenge, responses, sessionId);
  if (MFA_CHALLENGES.has(challenge)) return answerMfa(ctx, step, challenge, responses, sessionId);
  throw new InvalidParameterException(`Unsupported challenge: ${challenge}`); // [?] words
}
