/**
 * The prelude of every challenge answer (NEW_PASSWORD_REQUIRED, the MFA answers, device SRP):
 * the Session used up, its user loaded, an unknown user refused, SECRET_HASH, and a disabled user
 * refused. Written once; flows.ts puts {@link answerPrelude} before each answer's own steps.
 */
import { NotAuthorizedException } from "../../protocol/json/index.js";
import { isConfidential } from "../app-client.js";
import { consumeSession } from "../auth-session.js";
import { MESSAGES } from "../messages.js";
import { hidesUsers } from "../prevent-user-existence.js";
import { checkSecretHash } from "./client.js";
import type { Step } from "./pipeline.js";
import { resumeFrom, userOf } from "./state.js";
import { checkCanTry, findSignInUser, unknownUser } from "./user.js";

/**
 * The Session of the challenge the call answers, used up (for this client and challenge only).
 * The challenge's name is the flow's own: flows.ts makes one step per challenge.
 */
export const useSession = (challenge: string): Step =>
  async function useSession(ctx, s) {
    s.session = await consumeSession(ctx, s.sessionId, challenge, s.client.id);
  };

/**
 * A hosted-UI Session is answered only by the hosted UI, and an API one only through the API:
 * each ends differently (a browser session, tokens), and neither may become the other. A hosted
 * answer goes on with what its Session required (`requireMfa`).
 */
export const checkSessionMode: Step = (_ctx, s) => {
  const data = s.session!.data;
  if ((data.hosted === true) !== (s.hosted === true))
    throw new NotAuthorizedException(MESSAGES.invalidSession);
  s.requireMfa = data.requireMfa === true;
};

/** The Session's user (`null` when gone). */
export const loadSessionUser: Step = async (ctx, s) => {
  const sub = s.session!.sub;
  s.user = sub === null ? null : await (await ctx.store()).users.getBySub(s.pool.id, sub);
};

/** A user who is gone: "User does not exist.", or the generic failure when the client hides users. */
export const refuseUnknownUser: Step = (_ctx, s) => {
  if (s.user === null || s.user === undefined) throw unknownUser(hidesUsers(s.client));
};

/**
 * SECRET_HASH over the user's own name, or over the USERNAME the answer names when that name is
 * this user's (an alias, another case): SECRET_HASH has no nonce, so a hash over another user's
 * name, seen once, would otherwise answer any Session.
 */
export const checkAnswerSecretHash: Step = async (ctx, s) => {
  if (!isConfidential(s.client) || s.hosted === true) return;
  const user = userOf(s);
  const named = s.params.USERNAME;
  const names = [user.username];
  if (
    named !== undefined &&
    named !== user.username &&
    (await findSignInUser(ctx, s.pool, named))?.sub === user.sub
  )
    names.push(named);
  await checkSecretHash(s.client, s.params.SECRET_HASH, names);
};

/** "User is disabled." */
export const refuseDisabled: Step = (_ctx, s) => {
  if (!userOf(s).enabled) throw new NotAuthorizedException(MESSAGES.userDisabled);
};

/** A locked-out user (wrong passwords and wrong codes count alike): a pending Session stops working too. */
export const refuseLockedOut: Step = (ctx, s) => checkCanTry(userOf(s), ctx.now());

/**
 * The steps every challenge answer starts with, for the Session of `challenge`.
 *
 * @example
 * ```ts
 * const NEW_PASSWORD = [...answerPrelude("NEW_PASSWORD_REQUIRED"), screenAddress, ...];
 * ```
 */
export const answerPrelude = (challenge: string): Step[] => [
  useSession(challenge),
  checkSessionMode,
  loadSessionUser,
  refuseUnknownUser,
  checkAnswerSecretHash,
  refuseDisabled,
];

/** The answer goes on with the sign-in its Session kept (its device, risk, event, judgement). */
export const resumeSignIn: Step = (_ctx, s) => resumeFrom(s, s.session!.data);
