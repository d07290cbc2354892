/**
 * USER_SRP_AUTH and its PASSWORD_VERIFIER answer (docs §2): the server's b (sealed, with the
 * verifier) and B kept in a single-use session whose id is the SECRET_BLOCK, and the client's
 * proof checked against it.
 */
import { InvalidParameterException, NotAuthorizedException } from "../../protocol/json/index.js";
import type { JsonObject, PoolRecord, UserRecord } from "../../storage/index.js";
import type { Seen } from "../risk/observe.js";
import type { UserPoolContext } from "../context.js";
import {
  base64ToBytes,
  bigintFromHex,
  padHex,
  parseSrpA,
  startServerSession,
  verifyPasswordClaim,
} from "../srp/index.js";
import { nameKey as foldedName } from "../../storage/repos/username-keys.js";
import { srpName } from "../srp-name.js";
import { openServerSecret, sealServerSecret } from "./server-secret.js";
import { consumeSession, startSession } from "../auth-session.js";
import { simulatedUser } from "./simulated.js";
import { INCORRECT } from "./user.js";

/** The PASSWORD_VERIFIER challenge, as InitiateAuth returns it. */
export type SrpChallenge = {
  ChallengeName: "PASSWORD_VERIFIER";
  ChallengeParameters: Record<string, string>;
  Session: string;
};

const poolNameOf = (poolId: string) => poolId.slice(poolId.indexOf("_") + 1);

/**
 * Answers USER_SRP_AUTH: B from the user's verifier (or, for an unknown user in a pool that hides
 * users, from a simulated one), and a session holding everything the answer needs.
 *
 * @example
 * ```ts
 * return startSrp(ctx, { pool, clientId: client.id, user, typedUsername: params.USERNAME, srpA: params.SRP_A });
 * ```
 */
export async function startSrp(
  ctx: UserPoolContext,
  step: {
    pool: PoolRecord;
    clientId: string;
    user: UserRecord | null;
    typedUsername: string;
    srpA: string | undefined;
    seen?: Seen;
  },
): Promise<SrpChallenge> {
  const A = step.srpA === undefined ? null : parseSrpA(step.srpA);
  if (A === null) throw new InvalidParameterException("SRP_A is not valid"); // [?] words
  const { user } = step;
  let salt: string, verifier: bigint, userId: string;
  if (user !== null && user.srpSalt !== null && user.srpVerifier !== null) {
    [salt, verifier, userId] = [
      user.srpSalt,
      bigintFromHex(user.srpVerifier)!,
      srpName(step.pool, user.username, user.srpSalt),
    ];
  } else {
    // An unknown name (or a user without a password, who cannot pass either): answered as a real user would be.
    const fake = await simulatedUser(ctx, step.pool, user?.username ?? step.typedUsername);
    [salt, verifier, userId] = [fake.salt, fake.verifier, fake.userIdForSrp];
  }
  const { b, B } = startServerSession(verifier, ctx.modPow);
  const Session = await startSession(ctx, {
    poolId: step.pool.id,
    clientId: step.clientId,
    username: userId,
    sub: user?.sub ?? null,
    challenge: "PASSWORD_VERIFIER",
    // What InitiateAuth showed of the user stands for an answer that shows nothing (an admin answer without ContextData).
    data: {
      B: B.toString(16),
      A: A.toString(16),
      secret: await sealServerSecret(ctx, step.pool.id, B.toString(16), { b, verifier }),
      typed: step.typedUsername,
      ...(step.seen === undefined ? {} : { seen: step.seen as JsonObject }),
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
}

/**
 * Checks a PASSWORD_VERIFIER answer against its session (used up whatever the outcome). Returns
 * the session's user sub (`null` for a simulated user) and whether the proof holds.
 *
 * @throws {NotAuthorizedException} for a missing, used, expired or foreign session.
 * @example
 * ```ts
 * const proof = await checkPasswordVerifier(ctx, client.id, input.ChallengeResponses);
 * if (!proof.ok) throw await failedPassword(ctx, user);
 * ```
 */
export async function checkPasswordVerifier(
  ctx: UserPoolContext,
  clientId: string,
  responses: Record<string, string>,
): Promise<{ sub: string | null; username: string; typed?: string; ok: boolean; seen?: Seen }> {
  const block = responses.PASSWORD_CLAIM_SECRET_BLOCK;
  const session = await consumeSession(ctx, block, "PASSWORD_VERIFIER", clientId);
  const data = session.data as Record<string, string>;
  // Clients answer with USER_ID_FOR_SRP; the name typed at InitiateAuth is accepted too.
  const fold = (name: string) => foldedName(name, false);
  const named = responses.USERNAME === undefined ? undefined : fold(responses.USERNAME);
  if (
    named !== undefined &&
    named !== fold(session.username) &&
    named !== (data.typed === undefined ? undefined : fold(data.typed))
  )
    throw new NotAuthorizedException(INCORRECT);
  const secretBlock = base64ToBytes(block!);
  const { b, verifier } = await openServerSecret(ctx, session.poolId, data);
  const ok =
    secretBlock !== null &&
    typeof responses.TIMESTAMP === "string" &&
    typeof responses.PASSWORD_CLAIM_SIGNATURE === "string" &&
    (await verifyPasswordClaim(
      {
        A: bigintFromHex(data.A!)!,
        B: bigintFromHex(data.B!)!,
        b,
        verifier,
        poolName: poolNameOf(session.poolId),
        userIdForSrp: session.username,
        secretBlock,
        timestamp: responses.TIMESTAMP,
        signature: responses.PASSWORD_CLAIM_SIGNATURE,
        now: ctx.now(),
      },
      ctx.modPow,
    ));
  const seen = (session.data as { seen?: Seen }).seen;
  return {
    sub: session.sub,
    username: session.username,
    ...(data.typed === undefined ? {} : { typed: data.typed }),
    ok,
    ...(seen === undefined ? {} : { seen }),
  };
}
