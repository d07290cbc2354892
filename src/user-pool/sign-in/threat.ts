/**
 * Threat protection in a sign-in, as steps: the address screened against the blocked ranges
 * ({@link screenAddress}), a plaintext password against the compromised ones
 * ({@link screenPassword}), and the sign-in judged once for account takeover ({@link judgeRisk},
 * risk/takeover.ts). What the judgement's outcome means for the user, the auth event and the
 * notice is decided in one place, {@link settleRisk}: a BLOCK (or an MFA_REQUIRED the user cannot
 * meet) refuses the sign-in as a failed event, a challenged sign-in is recorded InProgress under
 * the event id its tokens will carry (so that a notice's feedback links name an event that
 * exists), and one let through is told of when the level says so.
 */
import { NotAuthorizedException } from "../../protocol/json/index.js";
import type { PoolRecord, UserRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { MESSAGES } from "../messages.js";
import { recordsAuthEvents } from "../risk/add-on.js";
import { notifyUser } from "../risk/notify.js";
import { checkAddress, screenSignIn } from "../risk/sign-in.js";
import { assessSignIn, contextData } from "../risk/takeover.js";
import type { Step } from "./pipeline.js";
import { type SignIn, userOf } from "./state.js";
import { passedAttempt } from "./user.js";

/**
 * The caller's address against the blocked ranges: refused under ENFORCED; under AUDIT the risk
 * the sign-in's event carries. An attempt already taken at the password is given back first. A
 * challenge's answer is screened too (it may come from elsewhere); the sign-in it resumes keeps
 * the risk it was judged on.
 */
export const screenAddress: Step = async (ctx, s) => {
  const user = s.user ?? null;
  try {
    s.risk = await checkAddress(ctx, s.pool, s.client.id, s.sourceIp, user);
  } catch (error) {
    if (s.attempt !== undefined && user !== null) await passedAttempt(ctx, user, s.attempt);
    throw error;
  }
};

/** A proven plaintext password against the compromised ones, unless the address is skipped. */
export const screenPassword: Step = async (ctx, s) => {
  s.risk = await screenSignIn(ctx, s.pool, s.client.id, userOf(s), s.params.PASSWORD!, s.sourceIp, s.risk);
};

/**
 * Judges the sign-in for account takeover, once (a judgement a Session carried stands): the risk
 * and event id it gives ride the sign-in, a BLOCK refuses it, and MFA_IF_CONFIGURED /
 * MFA_REQUIRED ask the challenge steps for MFA.
 */
export const judgeRisk: Step = async (ctx, s) => {
  if (s.judged === true) return;
  s.judged = true;
  const user = userOf(s);
  const assessed = await assessSignIn(ctx, s, user);
  if (assessed === undefined) return;
  s.assessed = assessed;
  s.risk = assessed.risk;
  s.eventId = assessed.eventId;
  if (assessed.action === "BLOCK") throw await settleRisk(ctx, s, "refused");
  if (assessed.action === "MFA_IF_CONFIGURED" || assessed.action === "MFA_REQUIRED")
    s.riskMfa = assessed.action;
};

/** How a judged sign-in ended up. */
export type RiskOutcome = "refused" | "challenged" | "let-through";

/**
 * The one handler of threat protection's judgement: records and tells what became of the judged
 * sign-in. `refused` records a failed event (notice: BLOCK) and returns the error to throw;
 * `challenged` records it InProgress (notice: MFA when the risk asked for it); `let-through`
 * (tokens issued) only tells the user, where the level says so. A sign-in that was not judged
 * needs nothing.
 */
export async function settleRisk(ctx: UserPoolContext, s: SignIn, outcome: RiskOutcome): Promise<Error> {
  const refusal = new NotAuthorizedException(MESSAGES.blockedBySecurity);
  const assessed = s.assessed;
  if (assessed === undefined) return refusal;
  const user = userOf(s);
  if (outcome === "refused") {
    await recordSignIn(ctx, s.pool, user, s.client.id, s, "Fail", PASSWORD_ONLY, assessed.notify);
    if (assessed.notify) await notifyUser(ctx, s, user, "BLOCK");
  } else if (outcome === "challenged") {
    await recordSignIn(ctx, s.pool, user, s.client.id, s, "InProgress", PASSWORD_ONLY, assessed.notify);
    if (assessed.notify) await notifyUser(ctx, s, user, s.riskMfa !== undefined ? "MFA" : "NO_ACTION");
  } else if (assessed.notify) {
    await notifyUser(ctx, s, user, "NO_ACTION");
  }
  return refusal;
}

/** A judged sign-in let through to its tokens: the user told of it, where the level says so. */
export const noticeLetThrough: Step = async (ctx, s) => void (await settleRisk(ctx, s, "let-through"));

/**
 * MFA that the risk requires, when no challenge could be asked of the user (no factor, no
 * address for a code): the sign-in is refused.
 */
export const refuseUnmetRiskMfa: Step = async (ctx, s) => {
  if (s.riskMfa === "MFA_REQUIRED") throw await settleRisk(ctx, s, "refused");
};

/**
 * Ends a challenged sign-in whose second step failed to the end (five wrong codes, a failed
 * device proof) as a failed event: the one threat protection opened, or a new one, with the
 * context its Session kept. It counts as a failed factor in the next sign-in's risk.
 */
export function failedChallenge(ctx: UserPoolContext, s: SignIn): Promise<void> {
  const session = s.session!;
  return recordSignIn(
    ctx,
    s.pool,
    userOf(s),
    session.clientId,
    session.data,
    "Fail",
    [...PASSWORD_ONLY, { ChallengeName: "Mfa", ChallengeResponse: "Failure" }],
    false,
  );
}

const PASSWORD_ONLY = [{ ChallengeName: "Password", ChallengeResponse: "Success" }];

// A sign-in's event under the id it carries (else a new one), with the context it was judged on;
// `notified` marks an event whose notice went out: the next ones hold back for a while (takeover.ts).
// Nothing where the pool keeps no events: a failed second factor is judged by no threat protection,
// and a judgement a Session carried stands only while the pool still has it on.
async function recordSignIn(
  ctx: UserPoolContext,
  pool: PoolRecord,
  user: UserRecord,
  clientId: string,
  carry: Pick<SignIn, "seen" | "deviceKey" | "sourceIp" | "risk" | "eventId">,
  response: "Fail" | "InProgress",
  challenges: { ChallengeName: string; ChallengeResponse: string }[],
  notified: boolean,
): Promise<void> {
  if (!recordsAuthEvents(pool)) return;
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
