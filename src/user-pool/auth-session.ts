/**
 * Auth-flow sessions: the opaque `Session` (and SRP's SECRET_BLOCK) of a challenge, an id whose
 * hash keys a stored, single-use record that holds the server's side of the step, as
 * {@link SessionData}.
 */
import { NotAuthorizedException } from "../protocol/json/index.js";
import type { JsonObject, MfaFactor, SessionRecord } from "../storage/index.js";
import { bytesToBase64 } from "../util/encoding.js";
import type { UserPoolContext } from "./context.js";
import { MESSAGES } from "./messages.js";
import type { Assessment, EventRisk } from "./risk/events.js";
import type { Seen } from "./risk/observe.js";
import { tokenHash } from "./tokens/issue.js";

/**
 * What a Session carries to the answer of its challenge: the sign-in in flight (sign-in/state.ts
 * writes and reads these members), the server's SRP side, and the MFA step's own.
 */
export interface SessionData {
  /** The sign-in's device, risk, auth event, and the first factor's request. */
  deviceKey?: string;
  risk?: EventRisk;
  eventId?: string;
  seen?: Seen;
  sourceIp?: string;
  /** Threat protection's judgement, made before NEW_PASSWORD_REQUIRED, for the steps after it. */
  judgement?: { assessed?: Assessment; riskMfa?: "MFA_IF_CONFIGURED" | "MFA_REQUIRED" };
  /** SRP (PASSWORD_VERIFIER, DEVICE_PASSWORD_VERIFIER): A and B in hex, the sealed b and verifier. */
  A?: string;
  B?: string;
  secret?: string;
  /** An older version's b and verifier in clear (server-secret.ts). */
  b?: string;
  verifier?: string;
  /** The name typed at InitiateAuth (PASSWORD_VERIFIER). */
  typed?: string;
  /** The MFA step: its factor, the code's hash, the wrong answers so far, the factors offered. */
  factor?: MfaFactor;
  codeHash?: string;
  attempts?: number;
  choices?: string[];
  /** An EMAIL_OTP that, answered, also enables email MFA (MFA_SETUP by email). */
  enrol?: boolean;
  /** MFA_SETUP: an authenticator associated, then verified, with this Session. */
  associated?: boolean;
  verified?: boolean;
  /**
   * A hosted-UI sign-in (the `/login` page): it ends in the authentication's facts for a browser
   * session, not tokens, and only the hosted UI may answer its challenges; `requireMfa` when the
   * authorization request asked for a second factor (`acr_values=mfa`).
   */
  hosted?: boolean;
  requireMfa?: boolean;
  /**
   * The custom authentication loop (CUSTOM_AUTH): the challenges so far, and the open
   * challenge's private parameters and metadata. Kept here, never in the client's hands.
   */
  custom?: CustomAuthState;
}

/** The custom authentication loop in flight (sign-in/custom-auth.ts). */
export interface CustomAuthState {
  /** DefineAuthChallenge's `session`: each challenge presented and its result, oldest first. */
  history: { challengeName: string; challengeResult: boolean; challengeMetadata: string | null }[];
  /**
   * The open CUSTOM_CHALLENGE's privateChallengeParameters and challengeMetadata (CreateAuthChallenge's),
   * sealed under the master key for this Session (sign-in/custom-secret.ts).
   */
  sealed?: string;
  /** The same in clear, as an older version kept them (read for their Session's few minutes). */
  private?: Record<string, string>;
  metadata?: string | null;
  /** Wrong answers so far in this sign-in. */
  wrong?: number;
  /** DefineAuthChallenge answered issueTokens: the loop is over. */
  decided?: boolean;
}

/** A stored Session with its data read. */
export type AuthSession = SessionRecord<SessionData>;

const STRINGS = [
  "deviceKey",
  "eventId",
  "sourceIp",
  "A",
  "B",
  "secret",
  "b",
  "verifier",
  "typed",
  "factor",
  "codeHash",
] as const;
const FLAGS = ["enrol", "associated", "verified", "hosted", "requireMfa"] as const;
const OBJECTS = ["risk", "seen", "judgement", "custom"] as const;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Reads a Session's stored data: each member of {@link SessionData} of the right kind, others
 * dropped. The nested members (`risk`, `seen`, `judgement`, `custom`) are cognate's own writing, taken as
 * they were written.
 *
 * @example
 * ```ts
 * readSessionData({ deviceKey: "us-east-1_...", attempts: 2 }); // { deviceKey: "us-east-1_...", attempts: 2 }
 * ```
 */
export function readSessionData(stored: unknown): SessionData {
  if (!isObject(stored)) return {};
  const data: Record<string, unknown> = {};
  for (const key of STRINGS) if (typeof stored[key] === "string") data[key] = stored[key];
  for (const key of FLAGS) if (typeof stored[key] === "boolean") data[key] = stored[key];
  for (const key of OBJECTS) if (isObject(stored[key])) data[key] = stored[key];
  if (typeof stored.attempts === "number") data.attempts = stored.attempts;
  if (Array.isArray(stored.choices)) data.choices = stored.choices.filter((c) => typeof c === "string");
  return data as SessionData;
}

/** The stored form of Session data: members left undefined are left out. */
export function writeSessionData(data: SessionData): JsonObject {
  return Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined)) as JsonObject;
}

/** What a new session is for. */
export interface SessionStart {
  poolId: string;
  clientId: string;
  /** The internal username, or the typed one for a simulated (unknown-user) session. */
  username: string;
  sub: string | null;
  challenge: string;
  /** The data, or a function that makes it for the Session's id hash (to seal a value to the Session). */
  data: SessionData | ((idHash: string) => Promise<SessionData>);
  /** The client's AuthSessionValidity in minutes (3 by default). */
  minutes?: number;
}

/**
 * Stores a session and returns its id: 48 random bytes in standard base64, which is what SRP's
 * SECRET_BLOCK must be, and a valid Session (20-2048 characters).
 */
export async function startSession(ctx: UserPoolContext, start: SessionStart): Promise<string> {
  const id = bytesToBase64(crypto.getRandomValues(new Uint8Array(48)));
  const now = ctx.now();
  const { minutes = 3, data, ...session } = start;
  const idHash = await tokenHash(id);
  await (await ctx.store()).sessions.create(
    {
      ...session,
      data: writeSessionData(typeof data === "function" ? await data(idHash) : data),
      idHash,
      expiresAt: now + minutes * 60_000,
    },
    now,
  );
  return id;
}

/**
 * Uses a session once, for the challenge and client it was issued to (any client when
 * `clientId` is undefined).
 *
 * @throws {NotAuthorizedException} "Invalid session for the user, session is expired." /
 *   "... session can only be used once." / "Invalid session for the user." for any other mismatch.
 */
export async function consumeSession(
  ctx: UserPoolContext,
  id: string | undefined,
  challenge: string,
  clientId: string | undefined,
): Promise<AuthSession> {
  if (id === undefined || id === "") throw new NotAuthorizedException(MESSAGES.invalidSession);
  const store = await ctx.store();
  const hash = await tokenHash(id);
  const now = ctx.now();
  // Operations that name no client (AssociateSoftwareToken with a Session) pass undefined.
  const session = await store.sessions.consume(hash, now, {
    challenge,
    ...(clientId === undefined ? {} : { clientId }),
  });
  if (session === null) {
    const seen = await store.sessions.get(hash);
    if (
      seen === null ||
      seen.challenge !== challenge ||
      (clientId !== undefined && seen.clientId !== clientId)
    )
      throw new NotAuthorizedException(MESSAGES.invalidSession);
    if (seen.consumedAt !== null) throw new NotAuthorizedException(MESSAGES.sessionUsed);
    throw new NotAuthorizedException(MESSAGES.sessionExpired);
  }
  return { ...session, data: readSessionData(session.data) };
}

/** How many wrong answers one Session takes (a wrong MFA code, a mistyped TOTP set-up code). */
export const MAX_ATTEMPTS = 5;

/**
 * Gives a Session a wrong answer used up back for another try, counting it in `attempts`; `false`
 * (the Session stays spent) once it has had MAX_ATTEMPTS.
 *
 * @example
 * ```ts
 * if (!(await retryLater(ctx, session, data))) await failedChallenge(ctx, user, session.clientId, data);
 * ```
 */
export async function retryLater(
  ctx: UserPoolContext,
  session: AuthSession,
  data: SessionData = session.data,
): Promise<boolean> {
  const attempts = (data.attempts ?? 0) + 1;
  if (attempts >= MAX_ATTEMPTS) return false;
  return (await ctx.store()).sessions.release(
    session.idHash,
    session.consumedAt!,
    writeSessionData({ ...data, attempts }),
    ctx.now(),
  );
}
