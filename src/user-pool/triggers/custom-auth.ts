/**
 * The custom authentication triggers' events (DefineAuthChallenge, CreateAuthChallenge,
 * VerifyAuthChallengeResponse), in the shapes of AWS's trigger reference, and the reading of
 * their answers: a member of the wrong type is InvalidLambdaResponseException (run.ts).
 */
import type { PoolRecord, UserRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { type TriggerCall, triggerEvent, userAttributesOf } from "./event.js";
import type { TriggerEvent } from "./invoker.js";
import { responseField, unrecognizableOutput } from "./run.js";

/** One entry of the `session` array: a challenge presented in this sign-in, and how it went. */
export interface ChallengeResult {
  challengeName: string;
  challengeResult: boolean;
  challengeMetadata: string | null;
}

/** What every custom-auth event says of the sign-in. */
export interface CustomAuthCall extends TriggerCall {
  pool: PoolRecord;
  /** The user, or `null` for a name nobody holds (PreventUserExistenceErrors ENABLED). */
  user: UserRecord | null;
  /** The name as typed: the event's `userName` when the user is unknown. */
  typedName: string;
  /** Whether the client hides users: only then does the request carry `userNotFound`. */
  hidesUsers: boolean;
  /** Forwarded by RespondToAuthChallenge; InitiateAuth forwards none to these triggers (the model's ClientMetadata). */
  clientMetadata?: Record<string, string> | undefined;
}

// "userNotFound: This boolean is populated when PreventUserExistenceErrors is set to ENABLED for
// your User Pool client." An unknown user shows no attributes.
function common(call: CustomAuthCall): Record<string, unknown> {
  return {
    userAttributes: call.user === null ? {} : userAttributesOf(call.pool, call.user),
    ...(call.hidesUsers ? { userNotFound: call.user === null } : {}),
    ...(call.clientMetadata === undefined ? {} : { clientMetadata: call.clientMetadata }),
  };
}

function envelope(
  ctx: UserPoolContext,
  call: CustomAuthCall,
  source: string,
  request: Record<string, unknown>,
  response: Record<string, unknown>,
): TriggerEvent {
  const userName = call.user?.username ?? call.typedName;
  const { clientId, headers } = call;
  return triggerEvent(ctx, call.pool, source, userName, { clientId, headers }, request, response);
}

/** DefineAuthChallenge_Authentication: the challenges so far, oldest first. */
export function defineAuthChallengeEvent(
  ctx: UserPoolContext,
  call: CustomAuthCall,
  session: readonly ChallengeResult[],
): TriggerEvent {
  return envelope(
    ctx,
    call,
    "DefineAuthChallenge_Authentication",
    { ...common(call), session: session.map((r) => ({ ...r })) },
    { challengeName: null, issueTokens: null, failAuthentication: null },
  );
}

/** CreateAuthChallenge_Authentication: the challenge Define named, and the challenges so far. */
export function createAuthChallengeEvent(
  ctx: UserPoolContext,
  call: CustomAuthCall,
  challengeName: string,
  session: readonly ChallengeResult[],
): TriggerEvent {
  return envelope(
    ctx,
    call,
    "CreateAuthChallenge_Authentication",
    { ...common(call), challengeName, session: session.map((r) => ({ ...r })) },
    { publicChallengeParameters: null, privateChallengeParameters: null, challengeMetadata: null },
  );
}

/** VerifyAuthChallengeResponse_Authentication: Create's private parameters and the user's answer. */
export function verifyAuthChallengeEvent(
  ctx: UserPoolContext,
  call: CustomAuthCall,
  privateChallengeParameters: Record<string, string>,
  challengeAnswer: string,
): TriggerEvent {
  return envelope(
    ctx,
    call,
    "VerifyAuthChallengeResponse_Authentication",
    { ...common(call), privateChallengeParameters: { ...privateChallengeParameters }, challengeAnswer },
    { answerCorrect: null },
  );
}

/** What Define answered: the next challenge, or a decision. */
export interface DefineAnswer {
  challengeName?: string;
  issueTokens: boolean;
  failAuthentication: boolean;
}

/** Reads Define's response. */
export function defineAnswer(response: Record<string, unknown>): DefineAnswer {
  const challengeName = responseField(response, "challengeName", "string");
  return {
    ...(challengeName === undefined || challengeName === "" ? {} : { challengeName }),
    issueTokens: responseField(response, "issueTokens", "boolean") === true,
    failAuthentication: responseField(response, "failAuthentication", "boolean") === true,
  };
}

/** What Create answered. */
export interface CreateAnswer {
  publicChallengeParameters: Record<string, string>;
  privateChallengeParameters: Record<string, string>;
  challengeMetadata: string | null;
}

// Bounds on what a Session keeps of Create's answer (cognate's, so that a runaway function cannot
// grow the stored record without end): as ChallengeParameters, string values only.
const MAX_PARAMETERS_CHARS = 64 * 1024;

/** Reads Create's response: the parameters as string maps (an object inside is not Cognito's ChallengeParameters). */
export function createAnswer(response: Record<string, unknown>): CreateAnswer {
  return {
    publicChallengeParameters: stringMap(responseField(response, "publicChallengeParameters", "object")),
    privateChallengeParameters: stringMap(responseField(response, "privateChallengeParameters", "object")),
    challengeMetadata: responseField(response, "challengeMetadata", "string") ?? null,
  };
}

/** Reads Verify's response: `answerCorrect`, false unless true. */
export function verifyAnswer(response: Record<string, unknown>): boolean {
  return responseField(response, "answerCorrect", "boolean") === true;
}

function stringMap(value: Record<string, unknown> | undefined): Record<string, string> {
  if (value === undefined) return {};
  const map: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    // A JSON number or boolean is read as its text, as a string map of Cognito's takes it; an
    // object is not a string.
    if (item === null || item === undefined) continue;
    if (typeof item === "object") throw unrecognizableOutput();
    map[key] = String(item);
  }
  if (JSON.stringify(map).length > MAX_PARAMETERS_CHARS) throw unrecognizableOutput();
  return map;
}
