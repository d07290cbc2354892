/**
 * Every sign-in flow, as the list of named steps it runs (pipeline.ts), and the tables that pick
 * a flow for InitiateAuth's AuthFlow and RespondToAuthChallenge's ChallengeName. A new flow is a
 * list here; a new step is one function named in the lists it belongs to. The Lambda triggers
 * hook in at the steps of hooks.ts, named where they run.
 */
import { InvalidParameterException } from "../../protocol/json/index.js";
import type { MfaFactor } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { MESSAGES } from "../messages.js";
import { requireFlow } from "./client.js";
import {
  checkAnsweredDevice,
  checkDeviceKey,
  checkDeviceProof,
  devicePasswordVerifierChallenge,
  loadRememberedDevice,
  rememberedDevice,
  secretBlockIsSession,
  useProvenDevice,
} from "./device-srp.js";
import {
  customChallenge,
  postAuthentication,
  preAuthentication,
  preTokenGeneration,
  userMigration,
} from "./hooks.js";
import {
  checkCanSignIn,
  checkSecretHash,
  findUser,
  readUsername,
  refuseUnknownUnlessHidden,
} from "./identify.js";
import {
  checkFactorCode,
  enableVerifiedAuthenticator,
  recordProvenDestination,
  selectFactor,
  setUpByEmail,
} from "./mfa-answer.js";
import { mfaChallenge } from "./mfa-challenge.js";
import { newPasswordIfTemporary, setNewPassword } from "./new-password.js";
import {
  checkStatus,
  refuseUnknownPasswordUser,
  requirePassword,
  upgradeVerifier,
  verifyPassword,
} from "./password.js";
import { type Answer, run, type Step } from "./pipeline.js";
import {
  answerPrelude,
  loadSessionUser,
  refuseDisabled,
  refuseLockedOut,
  refuseUnknownUser,
} from "./prelude.js";
import {
  checkRefreshClientSecret,
  checkRefreshSecretHash,
  findRefreshToken,
  refuseRotatingClient,
  requireRefreshFlowUnlessRotating,
  requireRefreshToken,
  rotateIfRotating,
} from "./refresh.js";
import { answerTokens, issueTokens } from "./result.js";
import {
  checkPasswordProof,
  checkProofSecretHash,
  passwordVerifierChallenge,
  refuseSimulatedUser,
  requireSrpA,
  requireSrpFlow,
  takeProofAttempt,
  tellProof,
} from "./srp.js";
import { resumeFrom, type SignIn } from "./state.js";
import {
  judgeRisk,
  noticeLetThrough,
  refuseUnmetRiskMfa,
  screenAddress,
  screenAnswerAddress,
  screenPassword,
} from "./threat.js";

/** The answer goes on with the sign-in its Session kept (its device, risk, event, judgement). */
const resumeSignIn: Step = (_ctx, s) => resumeFrom(s, s.session!.data);

/** Tokens, once no factor is left: the last hooks, the tokens, and a notice where the risk says so. */
const TO_TOKENS: readonly Step[] = [
  postAuthentication,
  preTokenGeneration,
  issueTokens,
  noticeLetThrough,
  answerTokens,
];

/** After the first factor: a remembered device, a custom challenge, MFA, or tokens. */
const NEXT_CHALLENGE_OR_TOKENS: readonly Step[] = [
  rememberedDevice,
  customChallenge,
  mfaChallenge,
  refuseUnmetRiskMfa,
  ...TO_TOKENS,
];

/** After a proven password: its state, the risk judged once, a temporary password's change, then on. */
const AFTER_PASSWORD: readonly Step[] = [
  checkStatus,
  judgeRisk,
  newPasswordIfTemporary,
  ...NEXT_CHALLENGE_OR_TOKENS,
];

/** USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH (ADMIN_NO_SRP_AUTH). */
export const PASSWORD_FLOW: readonly Step[] = [
  readUsername,
  requirePassword,
  findUser,
  checkSecretHash,
  screenAddress,
  checkDeviceKey,
  userMigration,
  refuseUnknownPasswordUser,
  preAuthentication,
  verifyPassword,
  screenPassword,
  upgradeVerifier,
  ...AFTER_PASSWORD,
];

/** USER_SRP_AUTH: answered with PASSWORD_VERIFIER (an unknown name, hidden, with a simulated one). */
export const SRP_FLOW: readonly Step[] = [
  readUsername,
  requireSrpA,
  findUser,
  checkSecretHash,
  refuseUnknownUnlessHidden,
  checkCanSignIn,
  screenAddress,
  preAuthentication,
  passwordVerifierChallenge,
];

/** REFRESH_TOKEN_AUTH / REFRESH_TOKEN. */
export const REFRESH_FLOW: readonly Step[] = [
  requireRefreshToken,
  refuseRotatingClient,
  findRefreshToken,
  checkRefreshSecretHash,
  refuseDisabled,
  preTokenGeneration,
  issueTokens,
  answerTokens,
];

/** GetTokensFromRefreshToken (params: REFRESH_TOKEN, and ClientSecret when given). */
export const GET_TOKENS_FLOW: readonly Step[] = [
  requireRefreshFlowUnlessRotating,
  findRefreshToken,
  checkRefreshClientSecret,
  refuseDisabled,
  rotateIfRotating,
  preTokenGeneration,
  issueTokens,
  answerTokens,
];

/** PASSWORD_VERIFIER: USER_SRP_AUTH's proof; its outcome told only once its attempt is counted. */
export const PASSWORD_VERIFIER: readonly Step[] = [
  requireSrpFlow,
  checkDeviceKey,
  checkPasswordProof,
  loadSessionUser,
  checkProofSecretHash,
  refuseSimulatedUser,
  refuseUnknownUser,
  takeProofAttempt,
  screenAddress,
  tellProof,
  refuseDisabled,
  ...AFTER_PASSWORD,
];

/** NEW_PASSWORD_REQUIRED: the sign-in, judged before the challenge, goes on after the new password. */
export const NEW_PASSWORD_REQUIRED: readonly Step[] = [
  ...answerPrelude("NEW_PASSWORD_REQUIRED"),
  screenAnswerAddress,
  resumeSignIn,
  setNewPassword,
  judgeRisk,
  ...NEXT_CHALLENGE_OR_TOKENS,
];

/** SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP: the code, then tokens. */
const codeAnswer = (factor: MfaFactor): readonly Step[] => [
  ...answerPrelude(factor),
  refuseLockedOut,
  checkFactorCode(factor),
  recordProvenDestination,
  resumeSignIn,
  ...TO_TOKENS,
];

/** SELECT_MFA_TYPE: the chosen factor's challenge. */
export const SELECT_MFA_TYPE: readonly Step[] = [
  ...answerPrelude("SELECT_MFA_TYPE"),
  refuseLockedOut,
  selectFactor,
];

/** MFA_SETUP: email MFA's code, or an authenticator verified with this Session, then tokens. */
export const MFA_SETUP: readonly Step[] = [
  ...answerPrelude("MFA_SETUP"),
  refuseLockedOut,
  setUpByEmail,
  enableVerifiedAuthenticator,
  resumeSignIn,
  ...TO_TOKENS,
];

/** DEVICE_SRP_AUTH: the remembered device's SRP begins. */
export const DEVICE_SRP_AUTH: readonly Step[] = [
  ...answerPrelude("DEVICE_SRP_AUTH"),
  checkAnsweredDevice,
  loadRememberedDevice,
  devicePasswordVerifierChallenge,
];

/** DEVICE_PASSWORD_VERIFIER: the device's proof stands in for MFA; tokens name the device. */
export const DEVICE_PASSWORD_VERIFIER: readonly Step[] = [
  secretBlockIsSession,
  ...answerPrelude("DEVICE_PASSWORD_VERIFIER"),
  checkAnsweredDevice,
  loadRememberedDevice,
  checkDeviceProof,
  resumeSignIn,
  useProvenDevice,
  ...TO_TOKENS,
];

/** The flows each initiating operation takes, the ALLOW_ flag each needs, and its steps. */
interface Flow {
  allow: string;
  steps: readonly Step[];
}
const USER_FLOWS: Record<string, Flow> = {
  USER_SRP_AUTH: { allow: "ALLOW_USER_SRP_AUTH", steps: SRP_FLOW },
  USER_PASSWORD_AUTH: { allow: "ALLOW_USER_PASSWORD_AUTH", steps: PASSWORD_FLOW },
  REFRESH_TOKEN_AUTH: { allow: "ALLOW_REFRESH_TOKEN_AUTH", steps: REFRESH_FLOW },
  REFRESH_TOKEN: { allow: "ALLOW_REFRESH_TOKEN_AUTH", steps: REFRESH_FLOW },
  // CUSTOM_AUTH (issue 15): its list starts as SRP_FLOW's or at customChallenge (hooks.ts).
};
const ADMIN_FLOWS: Record<string, Flow> = {
  USER_SRP_AUTH: { allow: "ALLOW_USER_SRP_AUTH", steps: SRP_FLOW },
  ADMIN_USER_PASSWORD_AUTH: { allow: "ALLOW_ADMIN_USER_PASSWORD_AUTH", steps: PASSWORD_FLOW },
  ADMIN_NO_SRP_AUTH: { allow: "ALLOW_ADMIN_USER_PASSWORD_AUTH", steps: PASSWORD_FLOW },
  REFRESH_TOKEN_AUTH: { allow: "ALLOW_REFRESH_TOKEN_AUTH", steps: REFRESH_FLOW },
  REFRESH_TOKEN: { allow: "ALLOW_REFRESH_TOKEN_AUTH", steps: REFRESH_FLOW },
};

/** The answer of each challenge cognate issues. */
const ANSWERS: Record<string, readonly Step[]> = {
  PASSWORD_VERIFIER,
  NEW_PASSWORD_REQUIRED,
  SMS_MFA: codeAnswer("SMS_MFA"),
  SOFTWARE_TOKEN_MFA: codeAnswer("SOFTWARE_TOKEN_MFA"),
  EMAIL_OTP: codeAnswer("EMAIL_OTP"),
  SELECT_MFA_TYPE,
  MFA_SETUP,
  DEVICE_SRP_AUTH,
  DEVICE_PASSWORD_VERIFIER,
};

/**
 * InitiateAuth / AdminInitiateAuth: the flow `flow` names, if the operation and the client allow
 * it.
 *
 * @throws {InvalidParameterException} for a flow this operation or cognate does not take, or one
 *   the client does not allow.
 * @example
 * ```ts
 * return initiate(ctx, userSignIn(pool, client, request, input.UserContextData, params), input.AuthFlow, "user");
 * ```
 */
export function initiate(
  ctx: UserPoolContext,
  s: SignIn,
  flow: string,
  caller: "user" | "admin",
): Promise<Answer> {
  const chosen = (caller === "user" ? USER_FLOWS : ADMIN_FLOWS)[flow];
  if (chosen === undefined && (caller === "user" ? ADMIN_FLOWS : USER_FLOWS)[flow] !== undefined)
    throw new InvalidParameterException(MESSAGES.flowNotForOperation);
  if (chosen === undefined) throw new InvalidParameterException(`Unsupported auth flow: ${flow}`); // CUSTOM_AUTH, USER_AUTH: not yet
  requireFlow(s.client, chosen.allow, flow);
  return run(ctx, s, chosen.steps);
}

/**
 * RespondToAuthChallenge / AdminRespondToAuthChallenge: the answer to `challenge`.
 *
 * @throws {InvalidParameterException} for a challenge cognate does not issue.
 * @example
 * ```ts
 * return respond(ctx, { ...userSignIn(pool, client, request, input.UserContextData, responses), sessionId: input.Session }, input.ChallengeName);
 * ```
 */
export function respond(ctx: UserPoolContext, s: SignIn, challenge: string): Promise<Answer> {
  const steps = ANSWERS[challenge];
  if (steps === undefined) throw new InvalidParameterException(`Unsupported challenge: ${challenge}`); // [?] words
  return run(ctx, s, steps);
}

/**
 * GetTokensFromRefreshToken's refresh.
 *
 * @example
 * ```ts
 * const { AuthenticationResult } = await refresh(ctx, s);
 * ```
 */
export function refresh(ctx: UserPoolContext, s: SignIn): Promise<Answer> {
  return run(ctx, s, GET_TOKENS_FLOW);
}
