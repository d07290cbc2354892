/**
 * The one shape of a sign-in in flight: what the call brought (pool, client, request, the
 * parameters), and what each step of its flow learns on the way (the user, the Session answered,
 * what threat protection saw, the device, the risk, the event id). Every step of every flow reads
 * and writes this one object; a challenge's Session keeps what the answer needs of it
 * ({@link keptInSession}, {@link resumeFrom}).
 */
import type { RequestContext } from "../../protocol/json/index.js";
import type {
  ClientRecord,
  DeviceRecord,
  PoolRecord,
  RefreshTokenRecord,
  UserRecord,
} from "../../storage/index.js";
import type { AuthSession, CustomAuthState, SessionData } from "../auth-session.js";
import type { TokenOverrides } from "../tokens/overrides.js";
import type { Assessment, EventRisk } from "../risk/events.js";
import { type Seen, seenByAdmin, seenByUser } from "../risk/observe.js";

/** An attempt at the user's password or code, taken before it is compared (user.ts `takeAttempt`): when, and the failure stamp it found. */
export interface TakenAttempt {
  at: number;
  previous: number | null;
}

/** MFA that threat protection calls for (the pool's own MFA setting aside). */
export type RiskMfa = "MFA_IF_CONFIGURED" | "MFA_REQUIRED";

/** A sign-in in flight. */
export interface SignIn {
  readonly pool: PoolRecord;
  readonly client: ClientRecord;
  /** The request URL: the issuer's origin unless COGNATE_PUBLIC_URL is set. */
  readonly requestUrl: string;
  /** AuthParameters (InitiateAuth) or ChallengeResponses (RespondToAuthChallenge), nulls dropped. */
  readonly params: Record<string, string>;
  /** The call's `ClientMetadata`, for the triggers Cognito forwards it to. */
  clientMetadata?: Record<string, string>;
  /** The request's headers (a trigger event's `callerContext.awsSdkVersion`). */
  headers?: Headers;
  /** The request's `background` (workerd's `waitUntil`): where a custom sender's invocation goes. */
  background?: ((work: Promise<unknown>) => void) | undefined;
  /** The Session the call answers, as sent. */
  sessionId?: string;
  /** The caller's address (threat protection's ranges; the auth event's IpAddress). */
  sourceIp?: string;
  /** What the request showed of the user (address, User-Agent, place), for threat protection. */
  seen?: Seen;

  /** The name as typed (USERNAME). */
  typedName?: string;
  /** The user the sign-in names: `null` once looked up and not found. */
  user?: UserRecord | null;
  /** The Session answered, used up. */
  session?: AuthSession;
  /** The attempt at the user's password or code taken before it is compared (the lockout). */
  attempt?: TakenAttempt;
  /** When the attempt on the name's migration count was taken (a pool with UserMigration), to give it back. */
  migrationAttemptAt?: number;
  /** Whether the first factor's proof held (PASSWORD_VERIFIER, checked before it is told). */
  proven?: boolean;

  /** The DEVICE_KEY the client sent, or the remembered device being proven. */
  deviceKey?: string;
  device?: DeviceRecord & { srpSalt: string; srpVerifier: string };
  /** What threat protection saw so far, for the sign-in's auth event. */
  risk?: EventRisk;
  /** The id of the sign-in's auth event, once threat protection has judged it. */
  eventId?: string;
  /** Threat protection's judgement (made once per sign-in: `judged`), and the MFA it calls for. */
  judged?: boolean;
  assessed?: Assessment;
  riskMfa?: RiskMfa;

  /** The custom authentication loop (CUSTOM_AUTH), when the sign-in is one (custom-auth.ts). */
  custom?: CustomAuthState;

  /** How the sign-in authenticated (RFC 8176); `["pwd"]` unless a second factor says more. */
  amr?: string[];
  /** A refresh: the stored token, and the new one when the client rotates. */
  refresh?: RefreshTokenRecord;
  rotatedRefreshToken?: string;
  /** What the PreTokenGeneration trigger changed in the tokens, for the minting. */
  tokenOverrides?: TokenOverrides | undefined;
  /** ClientMetadata the call forwards to PreTokenGeneration outside a challenge (GetTokensFromRefreshToken). */
  tokenMetadata?: Record<string, string>;
  /** The tokens, once issued. */
  tokens?: Record<string, unknown>;

  /**
   * A hosted-UI sign-in (hosted.ts): SECRET_HASH is not asked (the client's secret is checked
   * at the token endpoint), and the sign-in ends in {@link Authenticated} facts, not tokens.
   */
  hosted?: boolean;
  /** The hosted sign-in must end with a second factor (`acr_values=mfa`), whatever the pool's MFA. */
  requireMfa?: boolean;
  /** A hosted sign-in's outcome, once recorded. */
  authenticated?: Authenticated;
  /** A hosted sign-in's browser: the device cookie it showed, and whether to remember it (browser-device.ts). */
  browser?: HostedBrowser;
}

/**
 * What a hosted sign-in's page knows of the browser's device (browser-device.ts): the keyed
 * hashes are made by the hosted UI, which alone holds the cookie.
 */
export interface HostedBrowser {
  /** The keyed hash of the device cookie the browser sent, if it sent one. */
  shownHash?: string;
  /** The keyed hash of the new cookie a device remembered now would be bound to. */
  newHash: string;
  /** The user ticked "Remember this device" on the page answered. */
  remember: boolean;
  /** The name a device remembered now gets (the browser's User-Agent family). */
  name: string | null;
  /** Set by the sign-in when it remembered a new device: the new cookie is to be handed out. */
  remembered?: boolean;
}

/** What a hosted sign-in established, for the browser session and the authorization code. */
export interface Authenticated {
  sub: string;
  username: string;
  /** Epoch ms of the sign-in. */
  authTime: number;
  /** RFC 8176 methods: `["pwd"]`, `["pwd", "mfa", "otp"]`, ... */
  amr: string[];
  deviceKey?: string;
}

/**
 * An unauthenticated call's sign-in (InitiateAuth, RespondToAuthChallenge): the user's own, and
 * what its UserContextData shows of them.
 */
export function userSignIn(
  pool: PoolRecord,
  client: ClientRecord,
  request: RequestContext,
  userContextData: unknown,
  params: Record<string, string>,
  clientMetadata?: Record<string, string>,
): SignIn {
  const seen = seenByUser(request, client, userContextData);
  const call = {
    headers: request.headers,
    background: request.background,
    ...(clientMetadata ? { clientMetadata } : {}),
  };
  return { pool, client, requestUrl: request.url, params, sourceIp: seen.ip, seen, ...call };
}

/**
 * An admin call's sign-in (AdminInitiateAuth, AdminRespondToAuthChallenge): it speaks for the
 * user through `ContextData`, and without it only the caller's address is known.
 */
export function adminSignIn(
  pool: PoolRecord,
  client: ClientRecord,
  request: RequestContext,
  contextData: unknown,
  params: Record<string, string>,
  clientMetadata?: Record<string, string>,
): SignIn {
  const call = {
    headers: request.headers,
    background: request.background,
    ...(clientMetadata ? { clientMetadata } : {}),
  };
  if (contextData === undefined || contextData === null)
    return { pool, client, requestUrl: request.url, params, sourceIp: request.sourceIp, ...call };
  const seen = seenByAdmin(contextData);
  return {
    pool,
    client,
    requestUrl: request.url,
    params,
    sourceIp: seen.ip ?? request.sourceIp,
    seen,
    ...call,
  };
}

/**
 * The user a step after the user lookup works on.
 *
 * @throws {Error} when a flow names the step before its user is known (a bug in the flow's list).
 */
export function userOf(s: SignIn): UserRecord {
  if (s.user === undefined || s.user === null) throw new Error("sign-in step before its user is known");
  return s.user;
}

/**
 * What a challenge's Session keeps of the sign-in, for its answer to go on with: the device
 * named, the risk and event so far, the first factor's request (its context in the event), and
 * whether it is a hosted-UI sign-in (and must end with MFA).
 * A challenge that follows an answer keeps what the answered Session kept (`s.session.data`).
 *
 * @example
 * ```ts
 * await startSession(ctx, { ..., data: { ...keptInSession(s), choices } });
 * ```
 */
export function keptInSession(
  s: Pick<
    SignIn,
    "deviceKey" | "risk" | "eventId" | "seen" | "sourceIp" | "hosted" | "requireMfa" | "custom"
  >,
): SessionData {
  const { deviceKey, risk, eventId, seen, sourceIp, hosted, requireMfa, custom } = s;
  return {
    ...(custom === undefined ? {} : { custom }),
    deviceKey,
    risk,
    eventId,
    seen,
    sourceIp,
    ...(hosted === true ? { hosted } : {}),
    ...(requireMfa === true ? { requireMfa } : {}),
  };
}

/**
 * Goes on with the sign-in a Session kept ({@link keptInSession}): its device, risk, event and
 * judgement replace the answer's own; the first factor's request, where it was kept, stands for
 * the answer's.
 */
export function resumeFrom(s: SignIn, data: SessionData): void {
  s.deviceKey = data.deviceKey;
  s.requireMfa = data.requireMfa === true;
  s.risk = data.risk;
  s.eventId = data.eventId;
  if (data.seen !== undefined) s.seen = data.seen;
  if (data.sourceIp !== undefined) s.sourceIp = data.sourceIp;
  if (data.custom !== undefined) s.custom = data.custom;
  if (data.judgement !== undefined) {
    s.judged = true;
    s.assessed = data.judgement.assessed;
    s.riskMfa = data.judgement.riskMfa;
  }
}
