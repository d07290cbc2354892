/**
 * The custom authentication loop (CUSTOM_AUTH, and CUSTOM_WITH_SRP when InitiateAuth sends
 * `CHALLENGE_NAME: "SRP_A"`), as steps: DefineAuthChallenge chooses, CreateAuthChallenge makes a
 * CUSTOM_CHALLENGE, VerifyAuthChallengeResponse judges its ANSWER, and Define is asked again with
 * the result appended, until it issues tokens or fails the sign-in. The history and the private
 * parameters (sealed: custom-secret.ts) live in the single-use Session (auth-session.ts `custom`),
 * never with the client.
 */
import { InvalidParameterException, NotAuthorizedException } from "../../protocol/json/index.js";
import { param } from "../auth-params.js";
import type { CustomAuthState } from "../auth-session.js";
import { startSession } from "../auth-session.js";
import { MESSAGES } from "../messages.js";
import { hidesUsers } from "../prevent-user-existence.js";
import {
  createAnswer,
  createAuthChallengeEvent,
  type CustomAuthCall,
  defineAnswer,
  defineAuthChallengeEvent,
  verifyAnswer,
  verifyAuthChallengeEvent,
} from "../triggers/custom-auth.js";
import { hasTrigger, runTrigger, unrecognizableOutput } from "../triggers/run.js";
import type { UserPoolContext } from "../context.js";
import { allowedFlows, requireFlow } from "./client.js";
import type { Answer, Step } from "./pipeline.js";
import { nameKey } from "../srp-name.js";
import { openChallengeSecret, sealChallengeSecret } from "./custom-secret.js";
import { simulatedName } from "./simulated.js";
import { checkShownNameSecretHash } from "./shown-name-hash.js";
import { passwordVerifierChallenge } from "./srp.js";
import { keptInSession, type SignIn } from "./state.js";
import { unknownUser } from "./user.js";

/**
 * Wrong answers one custom sign-in takes before it fails. AWS documents no limit of Cognito's own:
 * "DefineAuthChallenge ... declares success or failure of the challenge sequence", and its
 * examples (the three-attempt rule of AWS's passwordless samples) fail the sign-in from the
 * handler. cognate adds this bound so that a Define that never fails cannot be asked without end;
 * it is above any such rule's count (the lockout's "five failed sign-in attempts" too).
 */
export const MAX_WRONG_ANSWERS = 5;
/** Challenges one custom sign-in presents at most (cognate's bound on the history a Session keeps). */
export const MAX_ROUNDS = 16;

const failed = () => new NotAuthorizedException(MESSAGES.incorrectCredentials);

/**
 * A pool without DefineAuthChallenge has no custom flow: refused before anything else is done.
 *
 * @throws {InvalidParameterException} "Custom auth lambda trigger is not configured for the user pool."
 */
export const requireDefineTrigger: Step = (_ctx, s) => {
  if (!hasTrigger(s.pool, "DefineAuthChallenge"))
    throw new InvalidParameterException(MESSAGES.customAuthNotConfigured);
};

/**
 * The loop begins: `session: []`, or, with `CHALLENGE_NAME: "SRP_A"` (and SRP_A), the SRP_A
 * entry AWS documents: "Your define auth challenge Lambda trigger is invoked with an initial
 * session that contains challengeName: SRP_A and challengeResult: true".
 */
export const startCustomAuth: Step = (_ctx, s) => {
  const srp = s.params.CHALLENGE_NAME === "SRP_A";
  if (srp) param(s.params, "SRP_A");
  s.custom = {
    history: srp ? [{ challengeName: "SRP_A", challengeResult: true, challengeMetadata: null }] : [],
  };
};

/**
 * Where the next challenge is chosen (hooks.ts), before MFA: DefineAuthChallenge, asked with the
 * history so far, unless this is no custom sign-in or Define has already issued tokens.
 * `failAuthentication` fails the sign-in ("Incorrect username or password."); `issueTokens` goes
 * on to the usual tail; CUSTOM_CHALLENGE runs CreateAuthChallenge and answers it; PASSWORD_VERIFIER
 * (CUSTOM_WITH_SRP, at InitiateAuth) answers SRP's challenge. An unknown user (hidden) never gets
 * tokens, whatever Define says: the end is the same failure as a wrong answer.
 */
export const customChallenge: Step = async (ctx, s) => {
  const custom = s.custom;
  if (custom === undefined || custom.decided === true) return undefined;
  const answered = await runTrigger(
    ctx,
    s.pool,
    "DefineAuthChallenge",
    defineAuthChallengeEvent(ctx, call(s), custom.history),
  );
  if (answered === undefined) throw new InvalidParameterException(MESSAGES.customAuthNotConfigured);
  const decision = defineAnswer(answered.response);
  if (decision.failAuthentication) throw failed();
  if (decision.issueTokens) {
    if (s.user === null || s.user === undefined) throw failed();
    custom.decided = true;
    // The loop is over: no Define reads the metadata again, and no later Session keeps it.
    custom.history = custom.history.map((r) => ({ ...r, challengeMetadata: null }));
    return undefined;
  }
  if (decision.challengeName === "CUSTOM_CHALLENGE") return createChallenge(ctx, s, custom);
  if (decision.challengeName === "PASSWORD_VERIFIER" && srpPending(s, custom))
    return passwordVerifierChallenge(ctx, s);
  // Neither a challenge cognate can present nor a decision [?]: Cognito's words are not documented.
  throw unrecognizableOutput();
};

// PASSWORD_VERIFIER is presented only at InitiateAuth with SRP_A, before any password proof.
const srpPending = (s: SignIn, custom: CustomAuthState): boolean =>
  s.params.SRP_A !== undefined &&
  custom.history.at(-1)?.challengeName === "SRP_A" &&
  !custom.history.some((r) => r.challengeName === "PASSWORD_VERIFIER");

async function createChallenge(ctx: UserPoolContext, s: SignIn, custom: CustomAuthState): Promise<Answer> {
  if (custom.history.length >= MAX_ROUNDS) throw failed();
  const answered = await runTrigger(
    ctx,
    s.pool,
    "CreateAuthChallenge",
    createAuthChallengeEvent(ctx, call(s), "CUSTOM_CHALLENGE", custom.history),
  );
  if (answered === undefined) throw new InvalidParameterException(MESSAGES.customAuthNotConfigured);
  const created = createAnswer(answered.response);
  const user = s.user ?? null;
  const typed = s.typedName ?? "";
  // The name shown is the form USER_SRP_AUTH shows as USER_ID_FOR_SRP: the user's name as the pool
  // keys it, or, for a name nobody holds (a client hiding users), the simulated user's (a UUID
  // where the pool signs in by email or phone). As typed, it would tell the two apart.
  const shown = user === null ? await simulatedName(ctx, s.pool, typed) : nameKey(s.pool, user.username);
  const { sealed: _sealed, private: _private, metadata: _metadata, ...open } = custom;
  // Create's answer, and the metadata of the challenges before it (AWS's samples carry the code
  // on in it), are kept sealed to this Session: a copy of the database shows no pending answer.
  const secret = {
    privateChallengeParameters: created.privateChallengeParameters,
    challengeMetadata: created.challengeMetadata,
    earlierMetadata: custom.history.map((r) => r.challengeMetadata),
  };
  const history = custom.history.map((r) => ({ ...r, challengeMetadata: null }));
  const Session = await startSession(ctx, {
    poolId: s.pool.id,
    clientId: s.client.id,
    username: user?.username ?? shown,
    sub: user?.sub ?? null,
    challenge: "CUSTOM_CHALLENGE",
    data: async (idHash) => ({
      ...keptInSession({
        ...s,
        custom: { ...open, history, sealed: await sealChallengeSecret(ctx, s.pool.id, idHash, secret) },
      }),
      typed: s.typedName,
      ...(s.judged === true ? { judgement: { assessed: s.assessed, riskMfa: s.riskMfa } } : {}),
    }),
    minutes: Number(s.client.config.AuthSessionValidity ?? 3),
  });
  // Cognito adds USERNAME (the user's own name) to the function's public parameters.
  return {
    ChallengeName: "CUSTOM_CHALLENGE",
    Session,
    ChallengeParameters: { ...created.publicChallengeParameters, USERNAME: shown },
  };
}

/** ANSWER, required before the Session is used up. */
export const requireAnswer: Step = (_ctx, s) => void param(s.params, "ANSWER");

/** The name a custom Session was issued to (the typed one, for an unknown user). */
export const loadCustomName: Step = (_ctx, s) => {
  const session = s.session!;
  s.typedName = session.data.typed ?? session.username;
  if (session.data.custom === undefined) throw new NotAuthorizedException(MESSAGES.invalidSession);
};

/** The Session's user, when it named one and is gone: as the other answers refuse a gone user. */
export const refuseGoneUser: Step = (_ctx, s) => {
  if (s.session!.sub !== null && (s.user === null || s.user === undefined))
    throw unknownUser(hidesUsers(s.client));
};

/**
 * SECRET_HASH over the name shown (shown-name-hash.ts: one rule for a real user and an unknown
 * one), which is the pool's key of a real user's name (createChallenge) and the Session's name for
 * an unknown one. The name typed is the one InitiateAuth had; a challenge after CUSTOM_WITH_SRP's
 * proof has none (its Session's name, a real user's stored spelling, does not stand in for it).
 */
export const checkCustomSecretHash: Step = (_ctx, s) => {
  const session = s.session!;
  const shown = s.user === null || s.user === undefined ? session.username : nameKey(s.pool, s.user.username);
  return checkShownNameSecretHash(s, shown, session.data.typed);
};

/**
 * "User is disabled.", for a known user, before the answer is judged, unless the client hides
 * users. Hiding, a disabled user's answer goes on as anyone's: Verify judges it and Define decides,
 * so a wrong one ends as an unknown name's does; only Define's `issueTokens` (a proven sign-in)
 * reaches CUSTOM_TOKENS' `refuseDisabled`, as the password flows tell it once the password is
 * proven. Said at once, it would tell a held (disabled) name from one nobody holds.
 * The functions are told the truth meanwhile (the user's attributes, `userNotFound: false`): AWS
 * defines true as "the user id ... didn't match any existing users", and a function keyed on the
 * user would go wrong with a lie. So Create may mail a disabled user's own address, as any caller
 * can make it mail an enabled user's; the caller learns nothing from it.
 */
export const refuseDisabledUnlessHidden: Step = (_ctx, s) => {
  if (hidesUsers(s.client)) return;
  if (s.user !== null && s.user !== undefined && !s.user.enabled)
    throw new NotAuthorizedException(MESSAGES.userDisabled);
};

/**
 * VerifyAuthChallengeResponse judges the ANSWER against Create's private parameters; the result
 * joins the history (with Create's challengeMetadata) for Define to read.
 */
export const verifyCustomAnswer: Step = async (ctx, s) => {
  const custom = s.custom!;
  const { privateChallengeParameters, challengeMetadata, earlierMetadata } = await openChallengeSecret(
    ctx,
    s.pool.id,
    s.session!.idHash,
    custom,
  );
  const answered = await runTrigger(
    ctx,
    s.pool,
    "VerifyAuthChallengeResponse",
    verifyAuthChallengeEvent(ctx, call(s), privateChallengeParameters, s.params.ANSWER!),
  );
  if (answered === undefined) throw new InvalidParameterException(MESSAGES.customAuthNotConfigured);
  const correct = verifyAnswer(answered.response);
  const { private: _private, metadata: _metadata, sealed: _sealed, ...rest } = custom;
  s.custom = {
    ...rest,
    history: [
      ...custom.history.map((r, i) => ({
        ...r,
        challengeMetadata: earlierMetadata?.[i] ?? r.challengeMetadata,
      })),
      { challengeName: "CUSTOM_CHALLENGE", challengeResult: correct, challengeMetadata },
    ],
    ...(correct ? {} : { wrong: (custom.wrong ?? 0) + 1 }),
  };
  if ((s.custom.wrong ?? 0) >= MAX_WRONG_ANSWERS) throw failed();
};

/**
 * PASSWORD_VERIFIER is answered where the client allows USER_SRP_AUTH, or, for CUSTOM_WITH_SRP,
 * CUSTOM_AUTH: which one is known once the Session is read ({@link requireSessionFlow}).
 */
export const requireSrpOrCustomFlow: Step = (_ctx, s) => {
  if (!allowedFlows(s.client).has("ALLOW_CUSTOM_AUTH"))
    requireFlow(s.client, "ALLOW_USER_SRP_AUTH", "USER_SRP_AUTH");
};

/** The flow the PASSWORD_VERIFIER's Session belongs to must be the client's. */
export const requireSessionFlow: Step = (_ctx, s) => {
  if (s.session!.data.custom === undefined) requireFlow(s.client, "ALLOW_USER_SRP_AUTH", "USER_SRP_AUTH");
  else requireFlow(s.client, "ALLOW_CUSTOM_AUTH", "CUSTOM_AUTH");
};

/**
 * CUSTOM_WITH_SRP: a proven password joins the history ("If the password verification succeeds,
 * your Lambda function is invoked again with a new session containing challengeName:
 * PASSWORD_VERIFIER and challengeResult: true"); customChallenge asks Define next. A wrong one
 * failed before this, as in USER_SRP_AUTH.
 */
export const recordPasswordProof: Step = (_ctx, s) => {
  const custom = s.session!.data.custom;
  if (custom === undefined) return;
  s.custom = {
    ...custom,
    history: [
      ...custom.history,
      { challengeName: "PASSWORD_VERIFIER", challengeResult: true, challengeMetadata: null },
    ],
  };
};

/**
 * Steps that apply after a custom loop only where the password was proven in it (CUSTOM_WITH_SRP):
 * "If MFA is enabled for a user, it is handled automatically after the password is verified." A
 * loop of custom challenges alone is its own proof, with no MFA after it.
 */
export const afterProvenPassword = (step: Step): Step =>
  async function afterProvenPassword(ctx, s) {
    const custom = s.custom;
    if (
      custom !== undefined &&
      !custom.history.some((r) => r.challengeName === "PASSWORD_VERIFIER" && r.challengeResult)
    )
      return undefined;
    return step(ctx, s);
  };

/** The end of a loop whose user is unknown: the same failure as a wrong answer. */
export const refuseUnknownAtEnd: Step = (_ctx, s) => {
  if (s.user === null || s.user === undefined) throw failed();
};

function call(s: SignIn): CustomAuthCall {
  return {
    pool: s.pool,
    user: s.user ?? null,
    typedName: s.typedName ?? "",
    hidesUsers: hidesUsers(s.client),
    clientId: s.client.id,
    headers: s.headers,
    // InitiateAuth forwards ClientMetadata to none of these triggers; the answers forward it.
    clientMetadata: s.session === undefined ? undefined : (s.clientMetadata ?? {}),
  };
}
