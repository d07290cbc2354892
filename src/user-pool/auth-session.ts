/**
 * Auth-flow sessions: the opaque `Session` (and SRP's SECRET_BLOCK) of a challenge, an id whose
 * hash keys a stored, single-use record that holds the server's side of the step.
 */
import { NotAuthorizedException } from "../protocol/json/index.js";
import type { JsonObject, SessionRecord } from "../storage/index.js";
import { bytesToBase64 } from "../util/encoding.js";
import type { UserPoolContext } from "./context.js";
import { tokenHash } from "./tokens/issue.js";

/** What a new session is for. */
export interface SessionStart {
  poolId: string;
  clientId: string;
  /** The internal username, or the typed one for a simulated (unknown-user) session. */
  username: string;
  sub: string | null;
  challenge: string;
  data: JsonObject;
  /** The client's AuthSessionValidity in minutes (3 by default). */
  minutes?: number;
}

/**
 * Stores a session and returns its id: 48 random bytes in standard base64, which is what SRP's
 * SECRET_BLOCK must be, and a valid Session (20-2048 characters).
 *
 * @example
 * ```ts
 * const Session = await startSession(ctx, { poolId, clientId, username, sub, challenge: "PASSWORD_VERIFIER", data: { b, B, A } });
 * ```
 */
export async function startSession(ctx: UserPoolContext, start: SessionStart): Promise<string> {
  const id = bytesToBase64(crypto.getRandomValues(new Uint8Array(48)));
  const now = ctx.now();
  const { minutes = 3, ...session } = start;
  await (await ctx.store()).sessions.create(
    { ...session, idHash: await tokenHash(id), expiresAt: now + minutes * 60_000 },
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
 * @example
 * ```ts
 * const session = await consumeSession(ctx, input.Session, "NEW_PASSWORD_REQUIRED", client.id);
 * ```
 */
export async function consumeSession(
  ctx: UserPoolContext,
  id: string | undefined,
  challenge: string,
  clientId: string | undefined,
): Promise<SessionRecord> {
  if (id === undefined || id === "") throw new NotAuthorizedException("Invalid session for the user.");
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
      throw new NotAuthorizedException("Invalid session for the user.");
    if (seen.consumedAt !== null)
      throw new NotAuthorizedException("Invalid session for the user, session can only be used once.");
    throw new NotAuthorizedException("Invalid session for the user, session is expired.");
  }
  return session;
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
  session: SessionRecord,
  data: object & { attempts?: number },
): Promise<boolean> {
  const attempts = (data.attempts ?? 0) + 1;
  if (attempts >= MAX_ATTEMPTS) return false;
  return (await ctx.store()).sessions.release(
    session.idHash,
    session.consumedAt!,
    { ...data, attempts } as never,
    ctx.now(),
  );
}
