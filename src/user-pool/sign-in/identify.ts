/**
 * The steps that name the user of a sign-in's first call (InitiateAuth): the name typed, the
 * user it names, and the SECRET_HASH over either name.
 */
import { param } from "../auth-params.js";
import { hidesUsers } from "../prevent-user-existence.js";
import { checkSecretHash as secretHashOf } from "./client.js";
import type { Step } from "./pipeline.js";
import { type SignIn, userOf } from "./state.js";
import { checkCanTry, findSignInUser, unknownUser } from "./user.js";

/** USERNAME, as typed. */
export const readUsername: Step = (_ctx, s) => void (s.typedName = param(s.params, "USERNAME"));

/** The user the typed name names, by username or a sign-in alias; `null` when none. */
export const findUser: Step = async (ctx, s) => void (s.user = await findSignInUser(ctx, s.pool, typed(s)));

/**
 * SECRET_HASH, when the client has a secret, over the name as typed or the user's internal one.
 * A hosted-UI sign-in has none: the browser never holds the secret, which the token endpoint checks.
 */
export const checkSecretHash: Step = async (_ctx, s) => {
  if (s.hosted === true) return;
  const names = s.user === null || s.user === undefined ? [typed(s)] : [typed(s), s.user.username];
  await secretHashOf(s.client, s.params.SECRET_HASH, names);
};

/**
 * USER_SRP_AUTH's refusal of an unknown name, unless the client hides users: then the name gets a
 * simulated challenge, answered as a real user's would be (srp.ts).
 */
export const refuseUnknownUnlessHidden: Step = (_ctx, s) => {
  if (s.user === null && !hidesUsers(s.client)) throw unknownUser(false);
};

/**
 * A disabled or locked-out user stops before the first factor. Hiding users, a disabled one goes
 * on: the answer says so once the password is proven.
 */
export const checkCanSignIn: Step = (ctx, s) => {
  if (s.user !== null) checkCanTry(userOf(s), ctx.now(), hidesUsers(s.client));
};

const typed = (s: SignIn): string => s.typedName ?? "";
