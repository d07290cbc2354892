/**
 * The prelude of every challenge answer (NEW_PASSWORD_REQUIRED, the MFA answers, device SRP):
 * the Session used up, its user loaded, an unknown user refused, SECRET_HASH, and a disabled user
 * refused. Written once; flows.ts puts {@link answerPrelude} before each answer's own steps.
 */
import { NotAuthorizedException } from "../../protocol/json/index.js";
import { consumeSession } from "../auth-session.js";
import { MESSAGES } from "../messages.js";
import { hidesUsers } from "../prevent-user-existence.js";
import { checkSecretHash } from "./client.js";
import type { Step } from "./pipeline.js";
import { resumeFrom, userOf } from "./state.js";
import { checkCanTry, unknownUser } from "./user.js";

/**
 * The Session of the challenge the call answers, used up (for this client and challenge only).
 * The challenge's name is the flow's own: flows.ts makes one step per challenge.
 */
export const useSession = (challenge: string): Step =>
  async function useSession(ctx, s) {
    s.session = await consumeSession(ctx, s.sessionId, challenge, s.client.id);
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

/** SECRET_HASH over the USERNAME the answer names (else the user's) or the user's own. */
export const checkAnswerSecretHash: Step = async (_ctx, s) => {
  const user = userOf(s);
  await checkSecretHash(s.client, s.params.SECRET_HASH, [s.params.USERNAME ?? user.username, user.username]);
};

/** "User is disabled." */
export const refuseDisabled: Step = (_ctx, s) => {
  if (!userOf(s).enabled) throw new NotAuthorizedException(MESSAGES.userDisabled);
};

/** A locked-out user (wrong passwords and wrong codes count alike): a pending Session stops working too. */
export const refuseLockedOut: Step = (ctx, s) => checkCanTry(userOf(s), ctx.now());

/**
 * The five steps every challenge answer starts with, for the Session of `challenge`.
 *
 * @example
 * ```ts
 * const NEW_PASSWORD = [...answerPrelude("NEW_PASSWORD_REQUIRED"), screenAddress, ...];
 * ```
 */
export const answerPrelude = (challenge: string): Step[] => [
  useSession(challenge),
  loadSessionUser,
  refuseUnknownUser,
  checkAnswerSecretHash,
  refuseDisabled,
];

/** The answer goes on with the sign-in its Session kept (its device, risk, event, judgement). */
export const resumeSignIn: Step = (_ctx, s) => resumeFrom(s, s.session!.data);
