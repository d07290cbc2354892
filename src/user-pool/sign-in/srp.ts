/**
 * USER_SRP_AUTH and its PASSWORD_VERIFIER answer (docs §2), as steps: the server's b (sealed,
 * with the verifier) and B kept in a single-use session whose id is the SECRET_BLOCK, and the
 * client's proof checked against it, its outcome told only to an answer whose attempt is counted.
 */
import { InvalidParameterException, NotAuthorizedException } from "../../protocol/json/index.js";
import { param } from "../auth-params.js";
import { MESSAGES } from "../messages.js";
import { hidesUsers } from "../prevent-user-existence.js";
import {
  base64ToBytes,
  bigintFromHex,
  padHex,
  parseSrpA,
  startServerSession,
  verifyPasswordClaim,
} from "../srp/index.js";
import { nameKey as foldedName } from "../../storage/repos/username-keys.js";
import { srpName, srpPoolName } from "../srp-name.js";
import { openServerSecret, sealServerSecret } from "./server-secret.js";
import { consumeSession, startSession } from "../auth-session.js";
import { simulatedUser } from "./simulated.js";
import { requireFlow } from "./client.js";
import { checkShownNameSecretHash } from "./shown-name-hash.js";
import type { Step } from "./pipeline.js";
import { userOf } from "./state.js";
import { failedPassword, passedAttempt, takeAttempt } from "./user.js";

/** SRP_A, required. */
export const requireSrpA: Step = (_ctx, s) => void param(s.params, "SRP_A");

/**
 * Answers USER_SRP_AUTH with PASSWORD_VERIFIER: B from the user's verifier (or, for an unknown
 * user in a pool that hides users, from a simulated one), and a session holding everything the
 * answer needs.
 */
export const passwordVerifierChallenge: Step = async (ctx, s) => {
  const A = parseSrpA(s.params.SRP_A!);
  if (A === null) throw new InvalidParameterException(MESSAGES.srpAInvalid);
  const user = s.user ?? null;
  const typed = s.typedName ?? "";
  let salt: string, verifier: bigint, userId: string;
  if (user !== null && user.srpSalt !== null && user.srpVerifier !== null) {
    [salt, verifier, userId] = [
      user.srpSalt,
      bigintFromHex(user.srpVerifier)!,
      srpName(s.pool, user.username, user.srpSalt),
    ];
  } else {
    // An unknown name (or a user without a password, who cannot pass either): answered as a real user would be.
    const fake = await simulatedUser(ctx, s.pool, user?.username ?? typed);
    [salt, verifier, userId] = [fake.salt, fake.verifier, fake.userIdForSrp];
  }
  const { b, B } = startServerSession(verifier);
  const Session = await startSession(ctx, {
    poolId: s.pool.id,
    clientId: s.client.id,
    username: userId,
    sub: user?.sub ?? null,
    challenge: "PASSWORD_VERIFIER",
    // What InitiateAuth showed of the user stands for an answer that shows nothing (an admin answer without ContextData).
    data: {
      B: B.toString(16),
      A: A.toString(16),
      secret: await sealServerSecret(ctx, s.pool.id, B.toString(16), { b, verifier }),
      typed,
      seen: s.seen,
      // CUSTOM_WITH_SRP: the custom loop goes on after the proof (custom-auth.ts).
      ...(s.custom === undefined ? {} : { custom: s.custom }),
    },
  });
  return {
    ChallengeName: "PASSWORD_VERIFIER",
    ChallengeParameters: {
      SALT: padHex(bigintFromHex(salt)!),
      SRP_B: B.toString(16),
      SECRET_BLOCK: Session,
      USERNAME: userId,
      USER_ID_FOR_SRP: userId,
    },
    Session,
  };
};

/** PASSWORD_VERIFIER is answered only where the client allows USER_SRP_AUTH. */
export const requireSrpFlow: Step = (_ctx, s) =>
  requireFlow(s.client, "ALLOW_USER_SRP_AUTH", "USER_SRP_AUTH");

/**
 * The PASSWORD_VERIFIER answer against its session (used up whatever the outcome): whether the
 * proof holds is kept (`proven`), told only later. What InitiateAuth showed of the user stands
 * for an answer that shows nothing.
 *
 * @throws {NotAuthorizedException} for a missing, used, expired or foreign session, or a USERNAME
 *   that is neither the session's nor the one typed.
 */
export const checkPasswordProof: Step = async (ctx, s) => {
  const responses = s.params;
  const block = responses.PASSWORD_CLAIM_SECRET_BLOCK;
  const session = await consumeSession(ctx, block, "PASSWORD_VERIFIER", s.client.id);
  s.session = session;
  const data = session.data;
  // Clients answer with USER_ID_FOR_SRP; the name typed at InitiateAuth is accepted too.
  const fold = (name: string) => foldedName(name, false);
  const named = responses.USERNAME === undefined ? undefined : fold(responses.USERNAME);
  if (
    named !== undefined &&
    named !== fold(session.username) &&
    named !== (data.typed === undefined ? undefined : fold(data.typed))
  )
    throw new NotAuthorizedException(MESSAGES.incorrectCredentials);
  const secretBlock = base64ToBytes(block!);
  const { b, verifier } = await openServerSecret(ctx, session.poolId, data);
  s.proven =
    secretBlock !== null &&
    typeof responses.TIMESTAMP === "string" &&
    typeof responses.PASSWORD_CLAIM_SIGNATURE === "string" &&
    (await verifyPasswordClaim({
      A: bigintFromHex(data.A!)!,
      B: bigintFromHex(data.B!)!,
      b,
      verifier,
      poolName: srpPoolName(session.poolId),
      userIdForSrp: session.username,
      secretBlock,
      timestamp: responses.TIMESTAMP,
      signature: responses.PASSWORD_CLAIM_SIGNATURE,
      now: ctx.now(),
    }));
  if (s.seen === undefined && data.seen !== undefined) s.seen = data.seen;
};

/**
 * SECRET_HASH over USER_ID_FOR_SRP (the Session's name), the name typed at InitiateAuth, or a
 * USERNAME naming the same one (shown-name-hash.ts): never the stored spelling as such, which an
 * unknown name does not have.
 */
export const checkProofSecretHash: Step = (_ctx, s) =>
  checkShownNameSecretHash(s, s.session!.username, s.session!.data.typed);

/** A simulated user's session (an unknown name, hidden): the generic failure, whatever the proof. */
export const refuseSimulatedUser: Step = (_ctx, s) => {
  if (s.session!.sub === null) throw new NotAuthorizedException(MESSAGES.incorrectCredentials);
};

/** The proof's outcome is told only to an answer whose attempt is counted, before it is told. */
export const takeProofAttempt: Step = async (ctx, s) =>
  void (s.attempt = await takeAttempt(ctx, userOf(s), hidesUsers(s.client), s.migrationAttemptAt));

/** A wrong proof is a failed sign-in; a right one gives its attempt back. */
export const tellProof: Step = async (ctx, s) => {
  const user = userOf(s);
  if (s.proven !== true) throw await failedPassword(ctx, s.pool, user, s);
  await passedAttempt(ctx, user, s.attempt!);
};
