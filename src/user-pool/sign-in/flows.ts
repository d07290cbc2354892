/**
 * Every sign-in flow, as the list of named steps it runs (pipeline.ts); index.ts picks one for
 * InitiateAuth's AuthFlow and RespondToAuthChallenge's ChallengeName. A new flow is a list here; a
 * new step is one function in its own file, named in the lists it belongs to. The Lambda triggers
 * hook in at the steps of hooks.ts, named where they run.
 */
import type { MfaFactor } from "../../storage/index.js";
import { browserStandsIn, rememberBrowser } from "./browser-device.js";
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
  afterProvenPassword,
  checkCustomSecretHash,
  loadCustomName,
  recordPasswordProof,
  refuseDisabledUnlessHidden,
  refuseGoneUser,
  refuseUnknownAtEnd,
  requireAnswer,
  requireDefineTrigger,
  requireSessionFlow,
  requireSrpOrCustomFlow,
  startCustomAuth,
  verifyCustomAnswer,
} from "./custom-auth.js";
import {
  countMigrationProof,
  customChallenge,
  passedMigrationName,
  postAuthentication,
  preAuthentication,
  preTokenGeneration,
  refuseLockedMigrationName,
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
import type { Step } from "./pipeline.js";
import {
  answerPrelude,
  checkSessionMode,
  loadSessionUser,
  refuseDisabled,
  refuseLockedOut,
  refuseUnknownUser,
  resumeSignIn,
  useSession,
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
  takeProofAttempt,
  tellProof,
} from "./srp.js";
import { judgeRisk, noticeLetThrough, refuseUnmetRiskMfa, screenAddress, screenPassword } from "./threat.js";

/** Tokens, once no factor is left: the last hooks, the tokens, and a notice where the risk says so. */
const TO_TOKENS: readonly Step[] = [
  postAuthentication,
  preTokenGeneration,
  rememberBrowser,
  issueTokens,
  noticeLetThrough,
  answerTokens,
];

/**
 * After the first factor: a custom challenge (CUSTOM_WITH_SRP's loop goes on first: nothing may
 * stand in for it), a remembered device (an API client's, or the hosted UI's browser), MFA, or
 * tokens.
 */
const NEXT_CHALLENGE_OR_TOKENS: readonly Step[] = [
  customChallenge,
  rememberedDevice,
  browserStandsIn([refuseUnmetRiskMfa, ...TO_TOKENS]),
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
  preAuthentication,
  refuseUnknownPasswordUser,
  verifyPassword,
  passedMigrationName,
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
  refuseLockedMigrationName,
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
  preTokenGeneration,
  rotateIfRotating,
  issueTokens,
  answerTokens,
];

/**
 * PASSWORD_VERIFIER: USER_SRP_AUTH's proof (or CUSTOM_WITH_SRP's); its outcome told only once its
 * attempt is counted.
 */
export const PASSWORD_VERIFIER: readonly Step[] = [
  requireSrpOrCustomFlow,
  checkDeviceKey,
  checkPasswordProof,
  requireSessionFlow,
  loadSessionUser,
  checkProofSecretHash,
  // Before the simulated user is refused: a blocked address is told so whoever the Session names.
  screenAddress,
  countMigrationProof,
  refuseSimulatedUser,
  refuseUnknownUser,
  takeProofAttempt,
  tellProof,
  passedMigrationName,
  recordPasswordProof,
  refuseDisabled,
  ...AFTER_PASSWORD,
];

/**
 * The end of a custom loop whose Define issued tokens: a known, enabled user in a state that may
 * have tokens, judged for risk; MFA (and a remembered device in its place) only where the loop
 * proved the password (CUSTOM_WITH_SRP).
 */
const CUSTOM_TOKENS: readonly Step[] = [
  refuseUnknownAtEnd,
  refuseDisabled,
  checkStatus,
  judgeRisk,
  afterProvenPassword(rememberedDevice),
  afterProvenPassword(mfaChallenge),
  refuseUnmetRiskMfa,
  ...TO_TOKENS,
];

/**
 * CUSTOM_AUTH (CUSTOM_WITHOUT_SRP, or CUSTOM_WITH_SRP with `CHALLENGE_NAME: "SRP_A"`): the user
 * (an unknown one goes on, hidden, with `userNotFound`), pre authentication, then Define.
 */
export const CUSTOM_FLOW: readonly Step[] = [
  readUsername,
  findUser,
  checkSecretHash,
  requireDefineTrigger,
  refuseUnknownUnlessHidden,
  checkCanSignIn,
  refuseLockedMigrationName,
  screenAddress,
  checkDeviceKey,
  preAuthentication,
  startCustomAuth,
  customChallenge,
  ...CUSTOM_TOKENS,
];

/** CUSTOM_CHALLENGE: the ANSWER judged by Verify, then Define again. */
export const CUSTOM_CHALLENGE: readonly Step[] = [
  requireAnswer,
  useSession("CUSTOM_CHALLENGE"),
  checkSessionMode,
  loadCustomName,
  loadSessionUser,
  refuseGoneUser,
  checkCustomSecretHash,
  refuseDisabledUnlessHidden,
  screenAddress,
  resumeSignIn,
  verifyCustomAnswer,
  customChallenge,
  ...CUSTOM_TOKENS,
];

/** NEW_PASSWORD_REQUIRED: the sign-in, judged before the challenge, goes on after the new password. */
export const NEW_PASSWORD_REQUIRED: readonly Step[] = [
  ...answerPrelude("NEW_PASSWORD_REQUIRED"),
  screenAddress,
  resumeSignIn,
  setNewPassword,
  judgeRisk,
  ...NEXT_CHALLENGE_OR_TOKENS,
];

/** SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP: the code, then tokens. */
export const codeAnswer = (factor: MfaFactor): readonly Step[] => [
  ...answerPrelude(factor),
  screenAddress,
  refuseLockedOut,
  checkFactorCode(factor),
  recordProvenDestination,
  resumeSignIn,
  ...TO_TOKENS,
];

/** SELECT_MFA_TYPE: the chosen factor's challenge. */
export const SELECT_MFA_TYPE: readonly Step[] = [
  ...answerPrelude("SELECT_MFA_TYPE"),
  screenAddress,
  refuseLockedOut,
  selectFactor,
];

/** MFA_SETUP: email MFA's code, or an authenticator verified with this Session, then tokens. */
export const MFA_SETUP: readonly Step[] = [
  ...answerPrelude("MFA_SETUP"),
  screenAddress,
  refuseLockedOut,
  setUpByEmail,
  enableVerifiedAuthenticator,
  resumeSignIn,
  ...TO_TOKENS,
];

/** DEVICE_SRP_AUTH: the remembered device's SRP begins. */
export const DEVICE_SRP_AUTH: readonly Step[] = [
  ...answerPrelude("DEVICE_SRP_AUTH"),
  screenAddress,
  checkAnsweredDevice,
  loadRememberedDevice,
  devicePasswordVerifierChallenge,
];

/** DEVICE_PASSWORD_VERIFIER: the device's proof stands in for MFA; tokens name the device. */
export const DEVICE_PASSWORD_VERIFIER: readonly Step[] = [
  secretBlockIsSession,
  ...answerPrelude("DEVICE_PASSWORD_VERIFIER"),
  screenAddress,
  checkAnsweredDevice,
  loadRememberedDevice,
  checkDeviceProof,
  resumeSignIn,
  useProvenDevice,
  ...TO_TOKENS,
];
