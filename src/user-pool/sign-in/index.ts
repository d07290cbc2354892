/**
 * The sign-in's front door for the operations of actions/auth/: the flow InitiateAuth's AuthFlow
 * names, the answer RespondToAuthChallenge's ChallengeName names, and GetTokensFromRefreshToken's
 * refresh, each run as its list of steps (flows.ts).
 */
import { InvalidParameterException } from "../../protocol/json/index.js";
import type { UserPoolContext } from "../context.js";
import { MESSAGES } from "../messages.js";
import { requireFlow } from "./client.js";
import {
  CUSTOM_CHALLENGE,
  CUSTOM_FLOW,
  codeAnswer,
  DEVICE_PASSWORD_VERIFIER,
  DEVICE_SRP_AUTH,
  GET_TOKENS_FLOW,
  MFA_SETUP,
  NEW_PASSWORD_REQUIRED,
  PASSWORD_FLOW,
  PASSWORD_VERIFIER,
  REFRESH_FLOW,
  SELECT_MFA_TYPE,
  SRP_FLOW,
} from "./flows.js";
import { type Answer, run, type Step } from "./pipeline.js";
import type { SignIn } from "./state.js";

export { checkClientSecret, signInClient } from "./client.js";
export { federatedSignInResult } from "./federated.js";
export { hostedSignIn, RequiredMfaUnavailable } from "./hosted.js";
export { associateHostedTotp, type TotpSetUp, type TotpVerified, verifyHostedTotp } from "./hosted-totp.js";
export { adminSignIn, type Authenticated, type HostedBrowser, type SignIn, userSignIn } from "./state.js";

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
  CUSTOM_AUTH: { allow: "ALLOW_CUSTOM_AUTH", steps: CUSTOM_FLOW },
};
const ADMIN_FLOWS: Record<string, Flow> = {
  USER_SRP_AUTH: { allow: "ALLOW_USER_SRP_AUTH", steps: SRP_FLOW },
  ADMIN_USER_PASSWORD_AUTH: { allow: "ALLOW_ADMIN_USER_PASSWORD_AUTH", steps: PASSWORD_FLOW },
  ADMIN_NO_SRP_AUTH: { allow: "ALLOW_ADMIN_USER_PASSWORD_AUTH", steps: PASSWORD_FLOW },
  CUSTOM_AUTH: { allow: "ALLOW_CUSTOM_AUTH", steps: CUSTOM_FLOW },
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
  CUSTOM_CHALLENGE,
};

/**
 * InitiateAuth / AdminInitiateAuth: the flow `flow` names, if the operation and the client allow
 * it.
 *
 * @throws {InvalidParameterException} for a flow this operation or cognate does not take, or one
 *   the client does not allow.
 */
export async function initiate(
  ctx: UserPoolContext,
  s: SignIn,
  flow: string,
  caller: "user" | "admin",
): Promise<Answer> {
  const chosen = (caller === "user" ? USER_FLOWS : ADMIN_FLOWS)[flow];
  if (chosen === undefined && (caller === "user" ? ADMIN_FLOWS : USER_FLOWS)[flow] !== undefined)
    throw new InvalidParameterException(MESSAGES.flowNotForOperation);
  if (chosen === undefined) throw new InvalidParameterException(`Unsupported auth flow: ${flow}`); // USER_AUTH: not yet
  requireFlow(s.client, chosen.allow, flow);
  return run(ctx, s, chosen.steps);
}

/**
 * A hosted-UI sign-in with a username and password (hosted.ts): USER_PASSWORD_AUTH's steps,
 * whatever the client's ExplicitAuthFlows (Cognito's hosted UI needs none of them). Its answers
 * go through {@link respond} with the same hosted SignIn.
 */
export async function signInHosted(ctx: UserPoolContext, s: SignIn): Promise<Answer> {
  if (s.hosted !== true) throw new Error("signInHosted needs a hosted sign-in (hostedSignIn)");
  return run(ctx, s, PASSWORD_FLOW);
}

/**
 * RespondToAuthChallenge / AdminRespondToAuthChallenge: the answer to `challenge`.
 *
 * @throws {InvalidParameterException} for a challenge cognate does not issue.
 */
export async function respond(ctx: UserPoolContext, s: SignIn, challenge: string): Promise<Answer> {
  const steps = ANSWERS[challenge];
  if (steps === undefined) throw new InvalidParameterException(`Unsupported challenge: ${challenge}`); // [?] words
  return run(ctx, s, steps);
}

/**
 * GetTokensFromRefreshToken's refresh.
 */
export async function refresh(ctx: UserPoolContext, s: SignIn): Promise<Answer> {
  return run(ctx, s, GET_TOKENS_FLOW);
}
