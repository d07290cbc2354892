/**
 * The browser session behind the `cognito` cookie: what lets a user who signed in on the hosted
 * UI within the last hour authorize another client without signing in again.
 *
 * - The cookie holds 32 random bytes; storage keeps only their HMAC under a key of the master
 *   key (keys.ts), so a copy of the database names no live cookie.
 * - It lasts one hour from the interactive sign-in; using it does not extend it.
 * - It ends at `/logout` ({@link endBrowserSession}), and is no longer honoured once the user
 *   is gone (deleting the user deletes its rows), disabled, signed out everywhere
 *   (GlobalSignOut / AdminUserGlobalSignOut, and AdminDisableUser, stamp `signedOutAt`: a
 *   session begun at or before that instant is dead), or has had the password reset or changed
 *   since the sign-in (`RESET_REQUIRED`, or `passwordUpdatedAt` after it).
 */
import type { Context } from "hono";
import type { UserRecord } from "../storage/index.js";
import type { Authentication } from "./grant.js";
import { clearCookie, readCookie, setCookie } from "./cookies.js";
import type { Hosted } from "./hosted.js";
import { isRandomValue, keyedHash, randomValue } from "./keys.js";

/** The cookie's name before its prefix (cookies.ts). */
export const SESSION_COOKIE = "cognito";

/** How long a session lasts from the interactive sign-in. */
export const SESSION_MS = 60 * 60 * 1000;

/** What an interactive sign-in established: grant.ts's `Authentication`. */
export type SignedIn = Authentication;

/** A live browser session: the sign-in it remembers, and its id (the stored hash). */
export interface BrowserSession extends Authentication {
  id: string;
  /** The SAML sign-in it came from, for single logout (federation.md §3.5). */
  saml?: SamlSignIn;
}

/** Who a SAML IdP said signed in: what a LogoutRequest to it names. */
export interface SamlSignIn {
  provider: string;
  nameId: string;
  nameIdFormat?: string;
  sessionIndex?: string;
}

interface StoredData {
  username: string;
  amr: string[];
  deviceKey?: string;
  identityProvider?: string;
  saml?: SamlSignIn;
}

// What the SAML return (/saml2/idpresponse) notes on its request before the sign-in finishes; the
// session started for that request keeps it. Keyed by the request's context, gone with it.
const samlSignIns = new WeakMap<Context, SamlSignIn>();

/** Notes that the session this request starts is a SAML sign-in (for single logout). */
export function noteSamlSignIn(c: Context, signIn: SamlSignIn): void {
  samlSignIns.set(c, signIn);
}

function samlSignInOf(value: unknown): SamlSignIn | undefined {
  if (value === null || typeof value !== "object") return undefined;
  const { provider, nameId, nameIdFormat, sessionIndex } = value as Record<string, unknown>;
  if (typeof provider !== "string" || typeof nameId !== "string") return undefined;
  return {
    provider,
    nameId,
    ...(typeof nameIdFormat === "string" ? { nameIdFormat } : {}),
    ...(typeof sessionIndex === "string" ? { sessionIndex } : {}),
  };
}

const hashOf = async (hosted: Hosted, value: string) =>
  keyedHash(await hosted.ctx.masterKey(), "browserSession", value);

/**
 * Whether a user's state still honours a session begun at `authTime`: enabled, not signed out
 * everywhere since, and no password reset or change since.
 */
export function honours(user: UserRecord, authTime: number): boolean {
  if (!user.enabled || user.status === "RESET_REQUIRED") return false;
  if (user.signedOutAt !== null && user.signedOutAt >= authTime) return false;
  return !(user.passwordUpdatedAt !== null && user.passwordUpdatedAt > authTime);
}

/**
 * The request's live browser session for this pool, or `null` (no cookie, unknown, ended,
 * expired, or its user no longer honours it).
 */
export async function browserSession(c: Context, hosted: Hosted): Promise<BrowserSession | null> {
  const value = readCookie(c, hosted, SESSION_COOKIE);
  if (!isRandomValue(value)) return null;
  const store = await hosted.ctx.store();
  const id = await hashOf(hosted, value);
  const record = await store.browserSessions.live(id, hosted.pool.id, hosted.ctx.now());
  if (record === null) return null;
  const user = await store.users.getBySub(hosted.pool.id, record.sub);
  if (user === null || !honours(user, record.createdAt)) return null;
  const data = record.data as unknown as Partial<StoredData>;
  // A device forgotten since the sign-in is no longer named (as ForgetDevice unbinds refresh tokens).
  const deviceKey =
    typeof data.deviceKey === "string" && (await store.devices.get(hosted.pool.id, user.sub, data.deviceKey))
      ? data.deviceKey
      : undefined;
  return {
    id,
    sub: user.sub,
    username: user.username,
    authTime: record.createdAt,
    amr: Array.isArray(data.amr) ? data.amr.filter((m) => typeof m === "string") : ["pwd"],
    ...(deviceKey === undefined ? {} : { deviceKey }),
    ...(samlSignInOf(data.saml) === undefined ? {} : { saml: samlSignInOf(data.saml)! }),
    ...(typeof data.identityProvider === "string" ? { identityProvider: data.identityProvider } : {}),
  };
}

/**
 * Stores a session for the sign-in just made and returns the `Set-Cookie` value that hands it to
 * the browser (lasting what is left of the hour).
 *
 * @example
 * ```ts
 * const cookie = await startBrowserSession(c, hosted, who);
 * const response = await grantAuthorization(c, hosted, request, who);
 * response.headers.append("Set-Cookie", cookie);
 * ```
 */
export async function startBrowserSession(c: Context, hosted: Hosted, who: Authentication): Promise<string> {
  const saml = samlSignIns.get(c);
  const value = randomValue();
  const now = hosted.ctx.now();
  const expiresAt = who.authTime + SESSION_MS;
  const data: StoredData = {
    username: who.username,
    amr: who.amr,
    ...(who.deviceKey === undefined ? {} : { deviceKey: who.deviceKey }),
    ...(saml === undefined ? {} : { saml }),
    ...(who.identityProvider === undefined ? {} : { identityProvider: who.identityProvider }),
  };
  await (await hosted.ctx.store()).browserSessions.create(
    {
      idHash: await hashOf(hosted, value),
      poolId: hosted.pool.id,
      sub: who.sub,
      data: data as never,
      createdAt: who.authTime,
      expiresAt,
    },
    now,
  );
  return setCookie(hosted, SESSION_COOKIE, value, (expiresAt - now) / 1000);
}

/**
 * Ends the request's session, if it has one, and returns the `Set-Cookie` value that clears the
 * cookie (sent either way).
 */
export async function endBrowserSession(c: Context, hosted: Hosted): Promise<string> {
  const value = readCookie(c, hosted, SESSION_COOKIE);
  if (isRandomValue(value))
    await (await hosted.ctx.store()).browserSessions.end(await hashOf(hosted, value), hosted.ctx.now());
  return clearCookie(hosted, SESSION_COOKIE);
}
