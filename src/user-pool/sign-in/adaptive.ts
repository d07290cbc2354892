/**
 * Adaptive authentication in the sign-in flow: the step after the first factor is judged
 * (risk/takeover.ts), a BLOCK (or an MFA_REQUIRED the user cannot meet) refuses the sign-in as a
 * failed event, and a challenged sign-in is recorded InProgress under the event id its tokens will
 * carry, so that a notification's feedback links name an event that exists.
 */
import { NotAuthorizedException } from "../../protocol/json/index.js";
import type { UserRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { notifyUser, type Outcome } from "../risk/notify.js";
import { assessSignIn, contextData, type Assessment } from "../risk/takeover.js";
import type { SignInCarry } from "./mfa-challenge.js";
import type { SignInStep } from "./password.js";

/** What judging a step gives: the step carrying the risk and event id, and what to ask for. */
export interface Judgement {
  step: SignInStep;
  assessed?: Assessment;
  /** MFA that the risk calls for (the pool's own MFA settings aside). */
  riskMfa?: "MFA_IF_CONFIGURED" | "MFA_REQUIRED";
}

/**
 * Judges the step; throws for BLOCK.
 *
 * @example
 * ```ts
 * const { step, assessed, riskMfa } = await judge(ctx, given, user);
 * ```
 */
export async function judge(ctx: UserPoolContext, given: SignInStep, user: UserRecord): Promise<Judgement> {
  const assessed = await assessSignIn(
    ctx,
    {
      pool: given.pool,
      clientId: given.client.id,
      seen: given.seen,
      sourceIp: given.sourceIp,
      deviceKey: given.deviceKey,
      risk: given.risk,
    },
    user,
  );
  if (assessed === undefined) return { step: given };
  const step = { ...given, risk: assessed.risk, eventId: assessed.eventId };
  if (assessed.action === "BLOCK") throw await refuse(ctx, step, user, assessed);
  const riskMfa =
    assessed.action === "MFA_IF_CONFIGURED" || assessed.action === "MFA_REQUIRED"
      ? assessed.action
      : undefined;
  return { step, assessed, ...(riskMfa === undefined ? {} : { riskMfa }) };
}

/**
 * Records the refused sign-in as a failed event, tells the user if the level says so, and
 * returns the error to throw.
 *
 * @example
 * ```ts
 * throw await refuse(ctx, step, user, assessed);
 * ```
 */
export async function refuse(
  ctx: UserPoolContext,
  step: SignInStep,
  user: UserRecord,
  assessed: Assessment,
): Promise<Error> {
  await recordSignIn(ctx, user, step.client.id, step, "Fail", PASSWORD_ONLY, assessed.notify);
  if (assessed.notify) await notice(ctx, step, user, "BLOCK");
  return new NotAuthorizedException("Unable to login because of security reasons."); // [obs]
}

/**
 * A judged sign-in that got a challenge: recorded InProgress, and the user told when the level
 * says so (that MFA was asked when the risk asked for it).
 *
 * @example
 * ```ts
 * if (mfa !== undefined) await challenged(ctx, step, user, assessed, riskMfa !== undefined);
 * ```
 */
export async function challenged(
  ctx: UserPoolContext,
  step: SignInStep,
  user: UserRecord,
  assessed: Assessment | undefined,
  byRisk: boolean,
): Promise<void> {
  if (assessed === undefined) return;
  await recordSignIn(ctx, user, step.client.id, step, "InProgress", PASSWORD_ONLY, assessed.notify);
  if (assessed.notify) await notice(ctx, step, user, byRisk ? "MFA" : "NO_ACTION");
}

/**
 * Tells the user of the judged sign-in `step` (its event id names the event the links report).
 *
 * @example
 * ```ts
 * if (assessed?.notify === true) await notice(ctx, step, user, "NO_ACTION");
 * ```
 */
export function notice(
  ctx: UserPoolContext,
  step: SignInStep,
  user: UserRecord,
  outcome: Outcome,
): Promise<boolean> {
  return notifyUser(
    ctx,
    {
      pool: step.pool,
      clientId: step.client.id,
      user,
      eventId: step.eventId!,
      seen: step.seen,
      requestUrl: step.requestUrl,
    },
    outcome,
  );
}

/**
 * Ends a challenged sign-in whose second step failed to the end (five wrong codes, a failed
 * device proof) as a failed event: the one threat protection opened, or a new one. It counts as a
 * failed factor in the next sign-in's risk.
 *
 * @example
 * ```ts
 * await failedChallenge(ctx, user, session.clientId, session.data as SignInCarry);
 * ```
 */
export function failedChallenge(
  ctx: UserPoolContext,
  user: UserRecord,
  clientId: string,
  carry: SignInCarry,
): Promise<void> {
  return recordSignIn(
    ctx,
    user,
    clientId,
    carry,
    "Fail",
    [...PASSWORD_ONLY, { ChallengeName: "Mfa", ChallengeResponse: "Failure" }],
    false,
  );
}

const PASSWORD_ONLY = [{ ChallengeName: "Password", ChallengeResponse: "Success" }];

// A sign-in's event under the id it carries (else a new one), with the context it was judged on;
// `notified` marks an event whose notice went out: the next ones hold back for a while (takeover.ts).
async function recordSignIn(
  ctx: UserPoolContext,
  user: UserRecord,
  clientId: string,
  carry: SignInCarry,
  response: "Fail" | "InProgress",
  challenges: { ChallengeName: string; ChallengeResponse: string }[],
  notified: boolean,
): Promise<void> {
  const context = await contextData(carry.seen, carry.deviceKey, carry.sourceIp);
  const data = {
    clientId,
    ...context,
    ...(carry.risk === undefined ? {} : { risk: carry.risk }),
    challenges,
    ...(notified ? { notified } : {}),
  };
  await (await ctx.store()).authEvents.record({
    id: carry.eventId ?? crypto.randomUUID(),
    poolId: user.poolId,
    sub: user.sub,
    eventType: "SignIn",
    eventResponse: response,
    data: data as never,
    createdAt: ctx.now(),
  });
}
