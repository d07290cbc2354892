/**
 * The places where a pool's Lambda triggers hook into sign-in, as steps of the flows
 * (flows.ts). cognate runs no triggers yet: each step here does nothing, and marks where issue 15
 * calls the trigger, so that hooking one in changes this file and no flow.
 */
import type { Step } from "./pipeline.js";

/**
 * Before the first factor is checked, once the user is found: issue 15 hooks the
 * PreAuthentication trigger here (it may refuse the sign-in with its own message).
 */
export const preAuthentication: Step = () => undefined;

/**
 * Where a password flow meets a name no user holds, before it is refused: issue 15 hooks the
 * UserMigration trigger (UserMigration_Authentication) here, which may create the user from the
 * name and password and let the flow go on with them.
 */
export const userMigration: Step = () => undefined;

/**
 * Where the next challenge is chosen, before MFA: issue 15 hooks the CUSTOM_AUTH flow's
 * DefineAuthChallenge (and, for the challenge it names, CreateAuthChallenge) here, and answers
 * CUSTOM_CHALLENGE with VerifyAuthChallengeResponse, then back to this step.
 */
export const customChallenge: Step = () => undefined;

/**
 * After the last factor, before any token: issue 15 hooks the PostAuthentication trigger here.
 */
export const postAuthentication: Step = () => undefined;

/**
 * Just before the tokens are minted (a sign-in or a refresh): issue 15 hooks the
 * PreTokenGeneration trigger here, whose claims and scopes the minting then applies.
 */
export const preTokenGeneration: Step = () => undefined;
