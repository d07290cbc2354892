/**
 * The CUSTOM_AUTH flow's steps: DefineAuthChallenge, CreateAuthChallenge and
 * VerifyAuthChallengeResponse. Not yet run: issue 15 fills them in.
 */
import type { Step } from "./pipeline.js";

/** Where the next challenge is chosen, before MFA: DefineAuthChallenge (and CreateAuthChallenge). */
export const customChallenge: Step = () => undefined;
